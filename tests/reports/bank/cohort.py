"""A hand-built bank: four PMEs in two clusters, T0 and T1 roadmaps, validated or not."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.accompaniment.models import Horizon, Roadmap, RoadmapItem
from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role
from diagnostics.models import Action, FrameworkVersion
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

MARCH = datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC)
SEPTEMBER = datetime.datetime(2026, 9, 10, tzinfo=datetime.UTC)


@dataclass
class Bank:
    version: FrameworkVersion
    ce3m: Cluster
    agro: Cluster
    p1: Company
    p2: Company
    p3: Company
    p4: Company
    users: dict[str, User]


def diagnostic(company, version, kind="T0", status="validated", at=MARCH, baseline=None):  # type: ignore[no-untyped-def]
    return Assessment.objects.create(
        company=company,
        framework_version=version,
        consultant=company.consultants.first(),
        kind=kind,
        baseline=baseline,
        status=status,
        visit_date=at.date() - datetime.timedelta(days=3),
        validated_at=at if status == "validated" else None,
    )


def project(assessment, version, title="", budget=None, axis="A", **fields):  # type: ignore[no-untyped-def]
    roadmap, _created = Roadmap.objects.get_or_create(assessment=assessment)
    library = None if title else Action.objects.get(axis__framework_version=version, code="A-X1")
    return RoadmapItem.objects.create(
        roadmap=roadmap,
        action=library,
        axis=version.axes.get(code=axis),
        origin=RoadmapItem.Origin.CUSTOM if title else RoadmapItem.Origin.LIBRARY,
        title=title,
        effort_half_days=2,
        impact=3,
        horizon=fields.pop("horizon", Horizon.QUICK_WIN),
        budget_mad=None if budget is None else Decimal(budget),
        **fields,
    )


def user(**fields: object) -> User:
    return cast(User, UserFactory(**fields))


def company(**fields: object) -> Company:
    return cast(Company, CompanyFactory(**fields))


@pytest.fixture
def bank(groups, small_version) -> Bank:  # type: ignore[no-untyped-def]
    version = small_version
    Action.objects.filter(code="A-X1").update(
        capex_min_mad=100_000,
        capex_max_mad=300_000,
        payback_months_min=6,
        payback_months_max=12,
        benefits=[{"metric": "oee", "low": 5, "high": 10, "unit": "pts", "fr": "TRS"}],
        funding=[{"kind": "bank_credit", "body_fr": "Banque", "body_en": "Bank"}],
    )
    ce3m = cast(Cluster, ClusterFactory(code="ce3m", name="CE3M"))
    agro = cast(Cluster, ClusterFactory(code="agro", name="Agro"))
    users = {
        "coordinator": user(username="coord", role=Role.COORDINATOR),
        "ce3m": user(username="staff-ce3m", role=Role.CLUSTER_STAFF),
        "agro": user(username="staff-agro", role=Role.CLUSTER_STAFF),
        "consultant": user(username="cons", role=Role.CONSULTANT),
        "other": user(username="cons-2", role=Role.CONSULTANT),
        "manager": user(username="manager", role=Role.PME_MANAGER),
    }
    ce3m.staff.add(users["ce3m"])
    agro.staff.add(users["agro"])
    p1 = company(
        cluster=ce3m, name="P1", consultants=[users["consultant"]], managers=[users["manager"]]
    )
    p2 = company(cluster=ce3m, name="P2", sector="agrifood", consultants=[users["other"]])
    p3 = company(cluster=agro, name="P3", sector="agrifood", consultants=[users["other"]])
    p4 = company(cluster=agro, name="P4", sector="aeronautics", consultants=[users["other"]])
    # P1: a T0 replaced by its validated T1; only the T1's roadmap counts.
    t0 = diagnostic(p1, version)
    project(t0, version)
    project(t0, version, title="Capteurs IoT (T0)", budget=50_000, axis="B")
    t1 = diagnostic(p1, version, kind="T1", at=SEPTEMBER, baseline=t0)
    project(t1, version)  # the library's A-X1: 100,000–300,000 MAD
    project(t1, version, title="MES atelier", budget=80_000)
    project(t1, version, title="Retiré", budget=10, removed=True)
    project(t1, version, title="Abandonné", budget=20, status=RoadmapItem.Status.DROPPED)
    # P2: its T1 is only submitted, so its T0 roadmap counts.
    p2_t0 = diagnostic(p2, version)
    project(
        p2_t0,
        version,
        title="Ligne automatisée",
        budget=1_000_000,
        axis="B",
        horizon=Horizon.LONG,
        status=RoadmapItem.Status.IN_PROGRESS,
    )
    p2_t1 = diagnostic(p2, version, kind="T1", status="submitted", at=SEPTEMBER, baseline=p2_t0)
    project(p2_t1, version, title="Pas encore validé", budget=5)
    # P3: nothing validated. P4: one validated T0.
    project(diagnostic(p3, version, status="submitted"), version, title="Brouillon", budget=7)
    project(diagnostic(p4, version), version, title="Traçabilité", budget=200_000)
    return Bank(version, ce3m, agro, p1, p2, p3, p4, users)


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client
