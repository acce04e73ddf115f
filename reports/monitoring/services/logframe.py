"""Load a logframe (results, indicators, targets) and the programme's periods from YAML.

Loading the same file again changes nothing; a changed file updates definitions and
targets but never touches values or locks.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Cluster
from reports.monitoring.indicators import REGISTRY
from reports.monitoring.models import (
    Activity,
    CompletionRule,
    EmissionFactor,
    Indicator,
    Period,
    Person,
    Programme,
    Result,
    Target,
)
from reports.monitoring.models.results import Carrier
from reports.monitoring.selectors.programmes import programme_clusters
from reports.monitoring.services.programmes import DEFAULT_SLUG, programme_install

LEVELS = {choice.value for choice in Result.Level}
UNITS = {choice.value for choice in Indicator.Unit}
AGGREGATIONS = {choice.value for choice in Indicator.Aggregation}
DIMENSIONS = {"cluster", "sector", "region", "size", "sex", "role", "axis"}


class LogframeError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# Parts of the messages built below; lazy, so each is read in the active language.
ONE_OF = gettext_lazy("one of")
DUPLICATE = gettext_lazy("duplicate code")
NO_COMPUTATION = gettext_lazy("no computation is registered under this code")
NEVER_SUMMED = gettext_lazy("a percentage is never summed")
MISSING = gettext_lazy("missing")
UNKNOWN = gettext_lazy("unknown")
WHOLE_NUMBER = gettext_lazy("a whole number of at least 1")
THRESHOLD_ORDER = gettext_lazy("0 ≤ at_risk ≤ on_track")


def parse_logframe(source: bytes | str) -> dict[str, Any]:
    """The logframe as data, refused whole with every error named by its place."""
    try:
        spec = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise LogframeError([f"YAML: {exc}"]) from exc
    if not isinstance(spec, dict) or "results" not in spec or "programme" not in spec:
        raise LogframeError([_("The file needs a 'programme' and a 'results' section.")])
    errors: list[str] = status_errors("programme.status", spec["programme"].get("status"))
    errors += _programme_errors(spec["programme"])
    codes: set[str] = set()
    for result in spec["results"]:
        where = f"results[{result.get('code', '?')}]"
        if result.get("level") not in LEVELS:
            errors.append(f"{where}.level: {ONE_OF} {sorted(LEVELS)}")
        for indicator in result.get("indicators", []):
            errors += _indicator_errors(f"{where}.indicators", indicator, codes)
    for rule in spec.get("completion_rules") or []:
        errors += _rule_errors(rule)
    if errors:
        raise LogframeError(errors)
    return spec


def _programme_errors(spec: dict[str, Any]) -> list[str]:
    errors = []
    slug = spec.get("slug")
    if slug is not None and not (isinstance(slug, str) and SLUG.fullmatch(slug)):
        errors.append("programme.slug: a-z, 0-9, -")
    name = spec.get("name")
    if name is not None:
        for lang in ("fr", "en"):
            if not isinstance(name, dict) or not name.get(lang):
                errors.append(f"programme.name.{lang}: {MISSING}")
    clusters = spec.get("clusters")
    if clusters is not None and not (
        isinstance(clusters, list) and all(isinstance(c, str) for c in clusters)
    ):
        errors.append("programme.clusters: [ce3m, agro, …]")
    return errors


SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def _indicator_errors(where: str, spec: dict[str, Any], codes: set[str]) -> list[str]:
    code = spec.get("code", "?")
    where = f"{where}[{code}]"
    errors = []
    if code in codes:
        errors.append(f"{where}: {DUPLICATE}")
    codes.add(code)
    if spec.get("kind") == "computed" and code not in REGISTRY:
        errors.append(f"{where}.kind: {NO_COMPUTATION}")
    if spec.get("kind") not in ("computed", "collected"):
        errors.append(f"{where}.kind: computed | collected")
    if spec.get("unit") not in UNITS:
        errors.append(f"{where}.unit: {ONE_OF} {sorted(UNITS)}")
    aggregate = spec.get("aggregate", {})
    for key in ("scopes", "periods"):
        if aggregate.get(key) not in AGGREGATIONS:
            errors.append(f"{where}.aggregate.{key}: {ONE_OF} {sorted(AGGREGATIONS)}")
        elif spec.get("unit") == "percent" and aggregate[key] == "sum":
            errors.append(f"{where}.aggregate.{key}: {NEVER_SUMMED}")
    for name in ("fr", "en"):
        if not spec.get("name", {}).get(name):
            errors.append(f"{where}.name.{name}: {MISSING}")
    unknown = set(spec.get("disaggregations", [])) - DIMENSIONS
    if unknown:
        errors.append(f"{where}.disaggregations: {UNKNOWN} {sorted(unknown)}")
    min_n = spec.get("min_n", 5)
    if not isinstance(min_n, int) or isinstance(min_n, bool) or min_n < 1:
        errors.append(f"{where}.min_n: {WHOLE_NUMBER}")
    return errors + status_errors(f"{where}.status", spec.get("status"))


def status_errors(where: str, status: Any) -> list[str]:
    """Thresholds in % of target: 0 ≤ at_risk ≤ on_track."""
    if status is None:
        return []
    try:
        on_track, at_risk = float(status["on_track"]), float(status["at_risk"])
    except (TypeError, KeyError, ValueError):
        return [f"{where}: {{on_track: …, at_risk: …}}"]
    if not 0 <= at_risk <= on_track <= 999:
        return [f"{where}: {THRESHOLD_ORDER}"]
    return []


KINDS = {choice.value for choice in Activity.Kind}
ROLES = {choice.value for choice in Person.Role}


def _rule_errors(spec: dict[str, Any]) -> list[str]:
    where = f"completion_rules[{spec.get('code', '?')}]"
    errors = []
    if spec.get("role") not in ROLES:
        errors.append(f"{where}.role: {ONE_OF} {sorted(ROLES)}")
    for name in ("fr", "en"):
        if not (spec.get("name") or {}).get(name):
            errors.append(f"{where}.name.{name}: {MISSING}")
    requirements = spec.get("requirements") or []
    if not requirements:
        errors.append(f"{where}.requirements: {MISSING}")
    for index, requirement in enumerate(requirements):
        if requirement.get("kind") not in KINDS:
            errors.append(f"{where}.requirements[{index}].kind: {ONE_OF} {sorted(KINDS)}")
        least = requirement.get("min", 1)
        if not isinstance(least, int) or least < 1:
            errors.append(f"{where}.requirements[{index}].min: ≥ 1")
    return errors


def quarters(first: str, last: str) -> list[tuple[str, datetime.date, datetime.date]]:
    year, quarter = int(first[:4]), int(first[-1])
    stop = (int(last[:4]), int(last[-1]))
    found = []
    while (year, quarter) <= stop:
        start = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1)
        found.append((f"{year}-Q{quarter}", start, following - datetime.timedelta(days=1)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def _period(
    programme: Programme, code: str, kind: str, start: Any, end: Any, name: dict[str, str]
) -> Period:
    period, _created = Period.objects.update_or_create(
        programme=programme,
        code=code,
        defaults={
            "kind": kind,
            "start": start,
            "end": end,
            "name_fr": name["fr"],
            "name_en": name["en"],
        },
    )
    return period


def periods_load(programme: Programme, spec: dict[str, Any]) -> dict[str, Period]:
    periods = {}
    for code, start, end in quarters(**spec["quarters"]):
        number, year = code[-1], code[:4]
        name = {"fr": f"T{number} {year}", "en": f"Q{number} {year}"}
        periods[code] = _period(programme, code, Period.Kind.QUARTER, start, end, name)
    for milestone in spec.get("milestones", []):
        periods[milestone["code"]] = _period(
            programme,
            milestone["code"],
            Period.Kind.MILESTONE,
            milestone["start"],
            milestone["end"],
            milestone["name"],
        )
    total = spec["total"]
    periods[total["code"]] = _period(
        programme, total["code"], Period.Kind.TOTAL, total["start"], total["end"], total["name"]
    )
    return periods


def programme_load(spec: dict[str, Any], *, slug: str = "") -> Programme:
    """The programme a logframe's header describes, created or updated; without a slug (in
    the file or given), the install's own programme, open to every cluster and coordinator.
    """
    slug = slug or spec.get("slug") or DEFAULT_SLUG
    name = spec.get("name") or {}
    total = spec["total"]
    defaults: dict[str, Any] = {"start": total["start"], "end": total["end"]}
    if name:
        defaults |= {key: name.get(lang, "") for key, lang in NAME_FIELDS}
    if "funder" in spec:
        defaults["funder"] = spec["funder"]
    if slug == DEFAULT_SLUG:
        programme_install()
    programme, created = Programme.objects.update_or_create(slug=slug, defaults=defaults)
    if created and not name:
        programme.name_fr = programme.name_en = settings.SE_PROGRAMME
        programme.save(update_fields=["name_fr", "name_en"])
    if "clusters" in spec:
        clusters = list(Cluster.objects.filter(code__in=spec["clusters"]))
        unknown = set(spec["clusters"]) - {cluster.code for cluster in clusters}
        if unknown:
            raise LogframeError([f"programme.clusters: {UNKNOWN} {sorted(unknown)}"])
        programme.clusters.set(clusters)
    return programme


NAME_FIELDS = (("name_fr", "fr"), ("name_en", "en"), ("name_ar", "ar"))


@transaction.atomic
def logframe_load(*, spec: dict[str, Any], programme_slug: str = "") -> tuple[int, int]:
    """Create or update the programme, its periods, results, indicators and targets;
    (indicators, targets)."""
    programme = programme_load(spec["programme"], slug=programme_slug)
    periods = periods_load(programme, spec["programme"])
    default = spec["programme"].get("status") or {"on_track": 90, "at_risk": 70}
    clusters = list(programme_clusters(programme))
    indicator_count = target_count = 0
    for order, result_spec in enumerate(spec["results"]):
        result, _created = Result.objects.update_or_create(
            programme=programme,
            code=result_spec["code"],
            defaults={
                "level": result_spec["level"],
                "order": order,
                "statement_fr": result_spec["statement"]["fr"],
                "statement_en": result_spec["statement"]["en"],
            },
        )
        for position, indicator_spec in enumerate(result_spec.get("indicators", [])):
            indicator = _indicator(result, position, {"status": default, **indicator_spec})
            indicator_count += 1
            target_count += _targets(indicator, indicator_spec, periods, clusters)
    for order, rule in enumerate(spec.get("completion_rules") or []):
        CompletionRule.objects.update_or_create(
            programme=programme,
            code=rule["code"],
            defaults={
                "name_fr": rule["name"]["fr"],
                "name_en": rule["name"]["en"],
                "role": rule["role"],
                "requirements": [
                    {"kind": r["kind"], "min": int(r.get("min", 1))} for r in rule["requirements"]
                ],
                "order": order,
            },
        )
    return indicator_count, target_count


def parse_factors(source: bytes | str) -> list[dict[str, Any]]:
    """The emission factors file as data, refused whole with every error named."""
    try:
        spec = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise LogframeError([f"YAML: {exc}"]) from exc
    factors = spec.get("factors") if isinstance(spec, dict) else None
    if not isinstance(factors, list):
        raise LogframeError([_("The file needs a 'factors' list.")])
    carriers = {choice.value for choice in Carrier}
    errors = []
    for index, factor in enumerate(factors):
        where = f"factors[{index}]"
        if factor.get("carrier") not in carriers:
            errors.append(f"{where}.carrier: {ONE_OF} {sorted(carriers)}")
        if not isinstance(factor.get("valid_from"), datetime.date):
            errors.append(f"{where}.valid_from: YYYY-MM-DD")
        value = factor.get("kg_co2e_per_kwh")
        if not isinstance(value, int | float) or value < 0:
            errors.append(f"{where}.kg_co2e_per_kwh: ≥ 0")
        if not factor.get("source"):
            errors.append(f"{where}.source: {MISSING}")
    if errors:
        raise LogframeError(errors)
    return factors


@transaction.atomic
def emission_factors_load(*, factors: list[dict[str, Any]]) -> int:
    """Create or update each carrier's dated factor; factors not in the file are kept."""
    for factor in factors:
        EmissionFactor.objects.update_or_create(
            carrier=factor["carrier"],
            valid_from=factor["valid_from"],
            defaults={
                "kg_co2e_per_kwh": Decimal(str(factor["kg_co2e_per_kwh"])),
                "source": factor["source"],
                "placeholder": bool(factor.get("placeholder", False)),
            },
        )
    return len(factors)


def _indicator(result: Result, order: int, spec: dict[str, Any]) -> Indicator:
    baseline = spec.get("baseline") or {}
    text = {key: spec.get(key) or {} for key in ("name", "definition", "formula", "verification")}
    indicator, _created = Indicator.objects.update_or_create(
        programme=result.programme,
        code=spec["code"],
        defaults={
            "result": result,
            "order": order,
            "kind": spec["kind"],
            "unit": spec["unit"],
            "direction": spec.get("direction", "up"),
            "name_fr": text["name"]["fr"],
            "name_en": text["name"]["en"],
            "definition_fr": text["definition"].get("fr", ""),
            "definition_en": text["definition"].get("en", ""),
            "formula_fr": text["formula"].get("fr", ""),
            "formula_en": text["formula"].get("en", ""),
            "min_n": spec.get("min_n", 5),
            "on_track_from": spec["status"]["on_track"],
            "at_risk_from": spec["status"]["at_risk"],
            "verification_fr": text["verification"].get("fr", ""),
            "verification_en": text["verification"].get("en", ""),
            "baseline_value": baseline.get("value"),
            "baseline_date": baseline.get("date"),
            "across_scopes": spec["aggregate"]["scopes"],
            "across_periods": spec["aggregate"]["periods"],
            "disaggregations": list(spec.get("disaggregations", [])),
            "counts_pmes": bool(spec.get("counts_pmes", False)),
        },
    )
    return indicator


def _targets(
    indicator: Indicator, spec: dict[str, Any], periods: dict[str, Period], clusters: list[Cluster]
) -> int:
    count = 0
    scoped: list[tuple[Cluster | None, dict[str, Any]]] = [(None, spec.get("targets") or {})]
    scoped += [(cluster, spec.get("cluster_targets") or {}) for cluster in clusters]
    for cluster, targets in scoped:
        for period_code, value in targets.items():
            Target.objects.update_or_create(
                indicator=indicator,
                period=periods[period_code],
                cluster=cluster,
                defaults={"value": value},
            )
            count += 1
    return count
