"""Load a logframe (results, indicators, targets) and the programme's periods from YAML.

Loading the same file again changes nothing; a changed file updates definitions and
targets but never touches values or locks.
"""

import datetime
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Cluster, Company
from reports.monitoring.indicators import REGISTRY
from reports.monitoring.models import Activity, Indicator, Participant, Period, Result, Target

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
    codes: set[str] = set()
    for result in spec["results"]:
        where = f"results[{result.get('code', '?')}]"
        if result.get("level") not in LEVELS:
            errors.append(f"{where}.level: {ONE_OF} {sorted(LEVELS)}")
        for indicator in result.get("indicators", []):
            errors += _indicator_errors(f"{where}.indicators", indicator, codes)
    if errors:
        raise LogframeError(errors)
    return spec


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


def _period(code: str, kind: str, start: Any, end: Any, name: dict[str, str]) -> Period:
    period, _created = Period.objects.update_or_create(
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


def periods_load(programme: dict[str, Any]) -> dict[str, Period]:
    periods = {}
    for code, start, end in quarters(**programme["quarters"]):
        number, year = code[-1], code[:4]
        name = {"fr": f"T{number} {year}", "en": f"Q{number} {year}"}
        periods[code] = _period(code, Period.Kind.QUARTER, start, end, name)
    for milestone in programme.get("milestones", []):
        periods[milestone["code"]] = _period(
            milestone["code"],
            Period.Kind.MILESTONE,
            milestone["start"],
            milestone["end"],
            milestone["name"],
        )
    total = programme["total"]
    periods[total["code"]] = _period(
        total["code"], Period.Kind.TOTAL, total["start"], total["end"], total["name"]
    )
    return periods


@transaction.atomic
def logframe_load(*, spec: dict[str, Any]) -> tuple[int, int]:
    """Create or update the periods, results, indicators and targets; (indicators, targets)."""
    periods = periods_load(spec["programme"])
    default = spec["programme"].get("status") or {"on_track": 90, "at_risk": 70}
    clusters = list(Cluster.objects.all())
    indicator_count = target_count = 0
    for order, result_spec in enumerate(spec["results"]):
        result, _created = Result.objects.update_or_create(
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
    return indicator_count, target_count


def _indicator(result: Result, order: int, spec: dict[str, Any]) -> Indicator:
    baseline = spec.get("baseline") or {}
    text = {key: spec.get(key) or {} for key in ("name", "definition", "formula", "verification")}
    indicator, _created = Indicator.objects.update_or_create(
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


# Demo activities: invented people and events for the demo clusters.

DEMO_PEOPLE = [
    ("Salma Idrissi", "F", "consultant"),
    ("Yassine Alami", "M", "consultant"),
    ("Hajar Benkirane", "F", "consultant"),
    ("Mehdi Tahiri", "M", "consultant"),
    ("Nora Fassi", "F", "consultant"),
    ("Reda Lamrani", "M", "consultant"),
]
DEMO_ACTIVITIES = [
    ("webinar", "Webinaire 1 : IoT et capteurs intelligents", 60, 2.0),
    ("webinar", "Webinaire 2 : maintenance prédictive", 90, 2.0),
    ("webinar", "Webinaire 3 : cybersécurité industrielle", 120, 2.0),
    ("bootcamp", "Bootcamp consultants Industrie 4.0", 75, 24.0),
    ("mentoring", "Mentorat en ligne : préparer un diagnostic", 100, 3.0),
    ("mentoring", "Mentorat en ligne : bâtir une feuille de route", 130, 2.5),
    ("se_training", "Formation de l'équipe au système de S&E", 110, 6.0),
    ("event", "Journée nationale Industrie 4.0", 140, 8.0),
]


@transaction.atomic
def demo_activities_load(*, today: datetime.date, clusters: list[str]) -> int:
    """A few activities per demo cluster, dated before ``today``; existing ones are kept."""
    created = 0
    author = get_user_model().objects.filter(username="coordinateur").first()
    for index, cluster in enumerate(Cluster.objects.filter(code__in=clusters).order_by("code")):
        staff = list(cluster.staff.all()[:1])
        company = Company.objects.filter(cluster=cluster).first()
        for kind, title, days_ago, hours in DEMO_ACTIVITIES:
            date = today - datetime.timedelta(days=days_ago + index)
            activity, made = Activity.objects.get_or_create(
                cluster=cluster,
                title=title,
                defaults={
                    "kind": kind,
                    "date": date,
                    "hours": hours,
                    "entered_by": author,
                    "evidence_link": "https://example.org/demo/liste-de-presence",
                },
            )
            if made:
                created += 1
                Participant.objects.bulk_create(_demo_people(activity, cluster, staff, company))
    return created


def _demo_people(
    activity: Activity, cluster: Cluster, staff: list[Any], company: Company | None
) -> list[Participant]:
    domain = f"{cluster.code}.demo.ma"
    if activity.kind == Activity.Kind.SE_TRAINING:
        people = [
            Participant(
                activity=activity,
                name=s.get_full_name() or s.username,
                email=s.email,
                sex="F",
                role="cluster_staff",
            )
            for s in staff
        ]
        return people + [
            Participant(
                activity=activity, name=f"Chargé S&E {cluster.code}", sex="M", role="cluster_staff"
            )
        ]
    if activity.kind == Activity.Kind.EVENT:
        return [
            Participant(activity=activity, sex="F", role="pme", count=18),
            Participant(activity=activity, sex="M", role="pme", count=27),
            Participant(activity=activity, sex="F", role="institution", count=6),
            Participant(activity=activity, sex="M", role="institution", count=9),
            Participant(
                activity=activity,
                name=company.contact_name if company else "PME",
                sex="M",
                role="pme",
                company=company,
            ),
        ]
    return [
        Participant(
            activity=activity,
            name=name,
            sex=sex,
            role=role,
            email=f"{name.split()[0].lower()}@{domain}",
        )
        for name, sex, role in DEMO_PEOPLE
    ]
