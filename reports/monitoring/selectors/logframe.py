"""The loaded logframe written back as the data ``load_logframe`` reads (the funder audits it)."""

from collections import Counter
from decimal import Decimal
from typing import Any

from reports.monitoring.models import Indicator, Period, Programme, Result, Target


def logframe_spec(programme: Programme) -> dict[str, Any]:
    """The programme (header), its results, indicators (definition, formula, min n,
    thresholds, targets) and periods."""
    indicators = list(
        Indicator.objects.filter(programme=programme)
        .select_related("result")
        .prefetch_related("targets__period")
    )
    default = Counter((i.on_track_from, i.at_risk_from) for i in indicators).most_common(1)
    on_track, at_risk = default[0][0] if default else (Decimal(90), Decimal(70))
    header = _programme(programme)
    header["status"] = {"on_track": _number(on_track), "at_risk": _number(at_risk)}
    results = []
    for result in Result.objects.filter(programme=programme):
        own = [i for i in indicators if i.result_id == result.pk]
        results.append(
            {
                "code": result.code,
                "level": result.level,
                "statement": {"fr": result.statement_fr, "en": result.statement_en},
                "indicators": [_indicator(i, (on_track, at_risk)) for i in own],
            }
        )
    return {"programme": header, "results": results}


def _programme(programme: Programme) -> dict[str, Any]:
    periods = list(Period.objects.filter(programme=programme).order_by("start", "end"))
    quarters = [p.code for p in periods if p.kind == Period.Kind.QUARTER]
    spec: dict[str, Any] = {
        "slug": programme.slug,
        "name": {"fr": programme.name_fr, "en": programme.name_en, "ar": programme.name_ar},
        "funder": programme.funder,
    }
    if not programme.open_to_all:
        spec["clusters"] = sorted(programme.clusters.values_list("code", flat=True))
    if quarters:
        spec["quarters"] = {"first": min(quarters), "last": max(quarters)}
    for period in periods:
        entry = {
            "code": period.code,
            "start": period.start,
            "end": period.end,
            "name": {"fr": period.name_fr, "en": period.name_en},
        }
        if period.kind == Period.Kind.TOTAL:
            spec["total"] = entry
        elif period.kind == Period.Kind.MILESTONE:
            spec.setdefault("milestones", []).append(entry)
    return spec


def _indicator(indicator: Indicator, default: tuple[Decimal, Decimal]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "code": indicator.code,
        "kind": indicator.kind,
        "name": {"fr": indicator.name_fr, "en": indicator.name_en},
        "definition": {"fr": indicator.definition_fr, "en": indicator.definition_en},
        "formula": {"fr": indicator.formula_fr, "en": indicator.formula_en},
        "unit": indicator.unit,
        "direction": indicator.direction,
        "min_n": indicator.min_n,
    }
    if (indicator.on_track_from, indicator.at_risk_from) != default:
        spec["status"] = {
            "on_track": _number(indicator.on_track_from),
            "at_risk": _number(indicator.at_risk_from),
        }
    if indicator.baseline_value is not None:
        spec["baseline"] = {
            "value": _number(indicator.baseline_value),
            "date": indicator.baseline_date,
        }
    spec["targets"] = _targets([t for t in indicator.targets.all() if t.cluster_id is None])
    spec["cluster_targets"] = _shared_cluster_targets(indicator.targets.all())
    spec["verification"] = {"fr": indicator.verification_fr, "en": indicator.verification_en}
    spec["aggregate"] = {"scopes": indicator.across_scopes, "periods": indicator.across_periods}
    spec["disaggregations"] = list(indicator.disaggregations)
    spec["counts_pmes"] = indicator.counts_pmes
    return spec


def _targets(targets: list[Target]) -> dict[str, int | float]:
    return {t.period.code: _number(t.value) for t in targets}


def _shared_cluster_targets(targets: Any) -> dict[str, int | float]:
    """The cluster targets every cluster shares (the YAML sets them for all clusters at once)."""
    by_cluster: dict[int, dict[str, int | float]] = {}
    for target in targets:
        if target.cluster_id is not None:
            by_cluster.setdefault(target.cluster_id, {}).update(_targets([target]))
    sets = list(by_cluster.values())
    if not sets:
        return {}
    return {k: v for k, v in sets[0].items() if all(s.get(k) == v for s in sets)}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
