"""Invented S&E data for the demo clusters: the programme's shared activities (12 webinars,
the bootcamp, the national day, a B2B meeting, a learning expedition), each cluster's own
(mentoring, S&E training), and the PMEs' measurements at baseline and follow-up.

Every name and figure here is invented. Loading it twice changes nothing.
"""

import calendar
import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Cluster, Company
from reports.monitoring.models import Activity, Measurement, Participation, Programme
from reports.monitoring.services import activities as activity_services
from reports.monitoring.services import measurements as measurement_services

EVIDENCE = "https://example.org/demo/liste-de-presence"
CONSULTANTS = [
    ("Salma Idrissi", "F"),
    ("Yassine Alami", "M"),
    ("Hajar Benkirane", "F"),
    ("Mehdi Tahiri", "M"),
    ("Nora Fassi", "F"),
    ("Reda Lamrani", "M"),
]
WEBINARS = [
    "IoT et capteurs intelligents",
    "Maintenance prédictive",
    "Cybersécurité industrielle",
    "MES et traçabilité",
    "Jumeau numérique",
    "Efficacité énergétique et sous-comptage",
    "Gestion de l'eau en usine",
    "Robotique collaborative",
    "Données et tableaux de bord",
    "Vision industrielle et qualité",
    "Décarbonation : bilan et plan d'action",
    "Financer sa transformation",
]
SERIES = "Webinaires Industrie 4.0"


def _consultant_attends(person: int, webinar: int) -> bool:
    """Four consultants per cluster follow 11 of 12 webinars; the fifth, 6; the sixth all."""
    if person < 4:
        return webinar != person
    return webinar % 2 == 0 if person == 4 else True


@transaction.atomic
def demo_activities_load(*, today: datetime.date, clusters: list[str]) -> int:
    """The programme's shared activities once, and each demo cluster's own; existing ones are
    kept. Returns how many were created."""
    coordinator = get_user_model().objects.filter(username="coordinateur").first()
    found = list(Cluster.objects.filter(code__in=clusters).order_by("code"))
    if coordinator is None or not found:
        return 0
    created = 0
    for number, topic in enumerate(WEBINARS):
        attendees = [
            _consultant(cluster, person)
            for cluster in found
            for person in range(len(CONSULTANTS))
            if _consultant_attends(person, number)
        ]
        date = today - datetime.timedelta(days=20 + 25 * (len(WEBINARS) - number))
        title = f"Webinaire {number + 1} : {topic}"
        created += _activity(coordinator, None, "webinar", title, date, 2, attendees)
    bootcamp = [_consultant(c, p) for c in found for p in range(len(CONSULTANTS) - 1)]
    created += _activity(
        coordinator,
        None,
        "bootcamp",
        "Bootcamp consultants Industrie 4.0",
        today - _d(250),
        24,
        bootcamp,
    )
    for kind, title, days_ago, hours in (
        ("national_day", "Journée nationale Industrie 4.0", 140, 8),
        ("b2b", "Rencontres B2B d'innovation", 95, 6),
        ("expedition", "Expédition apprenante : usines 4.0 à Tanger", 60, 16),
    ):
        people = [row for cluster in found for row in _pme_people(cluster, kind)]
        people += _institutions(kind)
        created += _activity(coordinator, None, kind, title, today - _d(days_ago), hours, people)
    for cluster in found:
        created += _cluster_activities(cluster, today)
    return created


def _d(days: int) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def _activity(
    by: Any,
    cluster: Cluster | None,
    kind: str,
    title: str,
    date: datetime.date,
    hours: float,
    participants: list[dict[str, Any]],
) -> int:
    if Activity.objects.filter(cluster=cluster, title=title).exists():
        return 0
    activity_services.activity_create(
        by=by,
        cluster=cluster,
        kind=kind,
        title=title,
        date=date,
        series=SERIES if kind == "webinar" else "",
        hours=Decimal(hours),
        evidence_link=EVIDENCE,
        participants=participants,
    )
    return 1


def _consultant(cluster: Cluster, person: int) -> dict[str, Any]:
    name, sex = CONSULTANTS[person]
    return {
        "name": name,
        "email": f"{name.split()[0].lower()}@{cluster.code}.demo.ma",
        "sex": sex,
        "role": "consultant",
        "cluster": cluster,
    }


def _pme_people(cluster: Cluster, kind: str) -> list[dict[str, Any]]:
    companies = list(Company.objects.filter(cluster=cluster).order_by("name"))
    named = [
        {
            "name": company.contact_name,
            "email": company.contact_email,
            "sex": "F" if company.women_led else "M",
            "role": "pme",
            "organisation": company.name,
            "company": company,
        }
        for company in companies[: 4 if kind == "national_day" else 2]
        if company.contact_name
    ]
    if kind != "national_day":
        return named
    return [
        *named,
        {"sex": "F", "role": "pme", "count": 6, "cluster": cluster},
        {"sex": "M", "role": "pme", "count": 9, "cluster": cluster},
    ]


def _institutions(kind: str) -> list[dict[str, Any]]:
    if kind == "expedition":
        return []
    return [
        {"sex": "F", "role": "institution", "count": 4},
        {"sex": "M", "role": "institution", "count": 7},
    ]


def _cluster_activities(cluster: Cluster, today: datetime.date) -> int:
    staff = cluster.staff.order_by("pk").first()
    if staff is None:
        return 0
    team = [
        {
            "name": staff.get_full_name() or staff.username,
            "email": staff.email,
            "sex": "F",
            "role": "cluster_staff",
        },
        {"name": f"Chargé S&E {cluster.code}", "sex": "M", "role": "cluster_staff"},
    ]
    mentees = [_consultant(cluster, person) for person in range(3)]
    created = _activity(
        staff,
        cluster,
        "se_training",
        "Formation de l'équipe au système de S&E",
        today - _d(110),
        6,
        team,
    )
    for title, days_ago, hours in (
        ("Mentorat en ligne : préparer un diagnostic", 100, 3),
        ("Mentorat en ligne : bâtir une feuille de route", 130, 2.5),
    ):
        created += _activity(
            staff, cluster, "mentoring", title, today - _d(days_ago), hours, mentees
        )
    return created


# Measurements: a baseline at each validated T0, a follow-up at each T1.


def _months_before(visit: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve whole months before the visit's month."""
    end = visit.replace(day=1) - datetime.timedelta(days=1)
    start = datetime.date(end.year - 1, end.month, 1) + datetime.timedelta(
        days=calendar.monthrange(end.year - 1, end.month)[1]
    )
    return start, end


@transaction.atomic
def demo_measurements_load(*, clusters: list[str]) -> int:
    """Baseline figures for each demo PME with a validated T0 and follow-up figures for each
    with a T1, entered by its consultant and validated by its cluster's staff (one follow-up
    of every four left awaiting validation). Returns how many were created."""
    created = 0
    diagnostics = Assessment.objects.filter(
        company__cluster__code__in=clusters,
        status__in=[Assessment.Status.VALIDATED, Assessment.Status.SUBMITTED],
    ).select_related("company__cluster", "consultant")
    for diagnostic in diagnostics.order_by("company__name", "visit_date"):
        baseline = diagnostic.kind == Assessment.Kind.BASELINE
        if baseline and diagnostic.status != Assessment.Status.VALIDATED:
            continue
        created += _measurement(diagnostic, baseline)
    return created


def _measurement(diagnostic: Assessment, baseline: bool) -> int:
    company = diagnostic.company
    stage = Measurement.Stage.BASELINE if baseline else Measurement.Stage.FOLLOW_UP
    start, end = _months_before(diagnostic.visit_date)
    if Measurement.objects.filter(company=company, stage=stage, period_end=end).exists():
        return 0
    rng = random.Random(f"{company.ice}-base")
    figures = _baseline_figures(rng)
    if not baseline:
        figures = _follow_up_figures(figures, random.Random(f"{company.ice}-follow"))
    energy = figures.pop("energy")
    measurement = measurement_services.measurement_create(
        by=diagnostic.consultant,
        company=company,
        stage=stage,
        assessment=diagnostic,
        period_start=start,
        period_end=end,
        energy=energy,
        evidence_link="https://example.org/demo/factures-et-registre",
        **figures,
    )
    staff = company.cluster.staff.order_by("pk").first()
    if staff is not None and (baseline or rng.random() < 0.75):
        measurement_services.measurement_validate(measurement=measurement, by=staff)
    return 1


def _baseline_figures(rng: random.Random) -> dict[str, Any]:
    women, men = rng.randint(8, 60), rng.randint(20, 120)
    turnover = rng.randint(8, 90) * 1_000_000
    return {
        "jobs_women": women,
        "jobs_men": men,
        "turnover_mad": Decimal(turnover),
        "exports_mad": Decimal(turnover * rng.randint(0, 60) // 100),
        "water_m3": Decimal(rng.randint(2_000, 40_000)),
        "energy": {
            "electricity": Decimal(rng.randint(150_000, 1_800_000)),
            "natural_gas" if rng.random() < 0.4 else "lpg": Decimal(rng.randint(20_000, 400_000)),
            "diesel": Decimal(rng.randint(5_000, 60_000)),
        },
    }


def _follow_up_figures(before: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    def less(value: Decimal, most: float) -> Decimal:
        return (value * Decimal(str(1 - rng.uniform(0, most)))).quantize(Decimal(1))

    return {
        "jobs_women": before["jobs_women"] + rng.randint(0, 4),
        "jobs_men": max(0, before["jobs_men"] + rng.randint(-2, 5)),
        "turnover_mad": less(before["turnover_mad"], -0.12),
        "exports_mad": less(before["exports_mad"], -0.15),
        "investment_mad": Decimal(rng.randint(2, 40) * 50_000),
        "water_m3": less(before["water_m3"], 0.2),
        "energy": {carrier: less(kwh, 0.15) for carrier, kwh in before["energy"].items()},
    }


@transaction.atomic
def demo_cohort_load(*, programme: Programme, per_cluster: int = 3) -> int:
    """A handful of each taking-part cluster's PMEs (those diagnosed first) join the
    programme, and the demo coordinator coordinates it. Returns how many joined."""
    coordinator = get_user_model().objects.filter(username="coordinateur").first()
    if coordinator is not None:
        programme.coordinators.add(coordinator)
    joined = 0
    for cluster in programme.clusters.order_by("code"):
        companies = Company.objects.filter(cluster=cluster, assessments__isnull=False)
        for company in companies.distinct().order_by("name")[:per_cluster]:
            first = company.assessments.order_by("visit_date").values_list("visit_date", flat=True)
            _participation, created = Participation.objects.get_or_create(
                programme=programme,
                company=company,
                defaults={"joined_on": first.first() or programme.start or timezone.localdate()},
            )
            joined += created
    return joined
