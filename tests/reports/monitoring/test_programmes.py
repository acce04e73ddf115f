"""Several programmes side by side: each its logframe, periods, clusters and cohort; a PME in
two counts once in each; values, approvals, locks and activities stay in their programme;
a programme outside the user's is 404."""

import copy
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from assessments.models import Cluster, Company
from assessments.roles import Role
from reports.monitoring.models import Indicator, IndicatorValue, Participation, Period, Programme
from reports.monitoring.selectors.indicators import indicator_table
from reports.monitoring.services import indicators as services
from reports.monitoring.services.activities import activity_create
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import build_dataset
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db


def _programme(slug: str, clusters: list[str], cohort: list[str]) -> Programme:
    spec = copy.deepcopy(parse_logframe(LOGFRAME))
    spec["programme"] |= {
        "slug": slug,
        "name": {"fr": f"Programme {slug}", "en": f"Programme {slug}"},
        "funder": f"Bailleur {slug}",
        "clusters": clusters,
    }
    logframe_load(spec=spec)
    programme = Programme.objects.get(slug=slug)
    for name in cohort:
        Participation.objects.create(
            programme=programme,
            company=Company.objects.get(name=name),
            joined_on=datetime.date(2026, 1, 1),
        )
    return programme


@pytest.fixture
def world(small_version, groups) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    build_dataset(small_version)
    logframe_load(spec=parse_logframe(LOGFRAME))  # the install's own, open to all
    euromed = _programme("euromed", ["ce3m", "agro"], ["P1", "P2", "P5"])
    # P1 takes part in both; P5 is in Jazari's cohort but its cluster is not in Jazari.
    jazari = _programme("jazari", ["ce3m"], ["P1", "P3", "P5"])
    alice = UserFactory(username="alice", role=Role.COORDINATOR)  # Euromed's coordinator
    euromed.coordinators.add(alice)
    bob = UserFactory(username="bob", role=Role.COORDINATOR)  # Euromed's too: the 2nd pair of eyes
    euromed.coordinators.add(bob)
    agro_staff = UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF)
    Cluster.objects.get(code="agro").staff.add(agro_staff)
    ce3m_staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    Cluster.objects.get(code="ce3m").staff.add(ce3m_staff)
    return {
        "euromed": euromed,
        "jazari": jazari,
        "alice": alice,
        "bob": bob,
        "agro_staff": agro_staff,
        "ce3m_staff": ce3m_staff,
    }


def period(programme: Programme, code: str = "2026-Q3") -> Period:
    return Period.objects.get(programme=programme, code=code)


def row(programme: Programme, code: str, cluster: Cluster | None = None):  # type: ignore[no-untyped-def]
    table = indicator_table(period=period(programme), cluster=cluster, viewer=None)
    return next(r for r in table.rows if r.indicator.code == code)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_a_pme_in_two_programmes_counts_once_in_each_and_nothing_leaks(world) -> None:
    # Validated T0 in Q3: P1, P2 (ce3m) and P5 (agro); P3's came in October.
    whole = row(Programme.objects.get(open_to_all=True), "pme-t0-validated")
    euromed = row(world["euromed"], "pme-t0-validated")
    jazari = row(world["jazari"], "pme-t0-validated")
    assert (whole.actual, whole.n) == (3, 3)
    assert (euromed.actual, euromed.n) == (3, 3)
    assert (jazari.actual, jazari.n) == (1, 1)  # P1 only: P5's cluster is not Jazari's
    assert set(jazari.live.companies) == {Company.objects.get(name="P1").pk}
    agro = Cluster.objects.get(code="agro")
    assert row(world["euromed"], "pme-t0-validated", agro).actual == 1


def test_each_programme_has_its_own_indicators_and_periods_under_the_same_codes(world) -> None:
    assert Indicator.objects.filter(code="pme-t0-validated").count() == 3
    assert Period.objects.filter(code="2026-Q3").count() == 3
    assert {p.programme_id for p in Period.objects.filter(code="2026-Q3")} == {
        p.pk for p in Programme.objects.all()
    }


def test_values_and_approvals_stay_in_their_programme(world) -> None:
    ce3m = Cluster.objects.get(code="ce3m")
    for name in ("euromed", "jazari"):
        where = {
            "indicator": Indicator.objects.get(programme=world[name], code="pme-satisfaction"),
            "period": period(world[name]),
            "cluster": ce3m,
            "by": world["ce3m_staff"],
        }
        value = Decimal("4.1") if name == "euromed" else Decimal("3.2")
        services.indicator_value_enter(**where, value=value, n=6)
        services.indicator_value_submit(**where)
    ours = IndicatorValue.objects.get(period=period(world["euromed"]))
    theirs = IndicatorValue.objects.get(period=period(world["jazari"]))
    assert (ours.value, theirs.value) == (Decimal("4.10"), Decimal("3.20"))
    services.indicator_value_approve(value=ours, by=world["alice"])
    with pytest.raises(ValidationError):  # Alice does not coordinate Jazari
        services.indicator_value_approve(value=theirs, by=world["alice"])
    assert IndicatorValue.objects.get(pk=theirs.pk).status == "submitted"
    assert row(world["jazari"], "pme-satisfaction", ce3m).actual == pytest.approx(3.2)


def test_a_value_cannot_mix_an_indicator_and_a_period_of_two_programmes(world) -> None:
    with pytest.raises(ValidationError):
        services.indicator_value_enter(
            indicator=Indicator.objects.get(programme=world["euromed"], code="pme-satisfaction"),
            period=period(world["jazari"]),
            cluster=Cluster.objects.get(code="ce3m"),
            by=world["ce3m_staff"],
            value=Decimal(4),
        )


def test_locking_a_period_freezes_only_its_programme(world) -> None:
    services.period_lock(period=period(world["euromed"]), by=world["alice"])
    ce3m = Cluster.objects.get(code="ce3m")
    when = datetime.date(2026, 8, 10)
    with pytest.raises(ValidationError):
        activity_create(
            by=world["ce3m_staff"],
            programme=world["euromed"],
            cluster=ce3m,
            kind="mentoring",
            title="Mentorat",
            date=when,
        )
    made = activity_create(
        by=world["ce3m_staff"],
        programme=world["jazari"],
        cluster=ce3m,
        kind="mentoring",
        title="Mentorat",
        date=when,
    )
    assert made.programme == world["jazari"]
    with pytest.raises(ValidationError):  # Alice does not coordinate Jazari
        services.period_lock(period=period(world["jazari"]), by=world["alice"])


def test_staff_record_activities_only_for_their_cluster_in_a_programme_it_takes_part_in(
    world,
) -> None:
    with pytest.raises(ValidationError):  # agro is not in Jazari
        activity_create(
            by=world["agro_staff"],
            programme=world["jazari"],
            cluster=Cluster.objects.get(code="agro"),
            kind="mentoring",
            title="Mentorat",
            date=datetime.date(2026, 8, 10),
        )


def test_a_programme_outside_the_users_is_404_on_pages_reads_and_writes(world) -> None:
    alice = client_for(world["alice"])
    jazari, euromed = world["jazari"], world["euromed"]
    assert alice.get("/reports/se/", {"programme": str(jazari.code)}).status_code == 404
    assert alice.get("/reports/se/", {"programme": "not-a-code"}).status_code == 404
    assert alice.get("/reports/se/", {"programme": str(euromed.code)}).status_code == 200
    staff = client_for(world["agro_staff"])  # agro is in Euromed, not in Jazari
    assert staff.get("/reports/se/activities/", {"programme": str(jazari.code)}).status_code == 404
    ce3m = client_for(world["ce3m_staff"])
    services.indicator_value_enter(
        indicator=Indicator.objects.get(programme=jazari, code="pme-satisfaction"),
        period=period(jazari),
        cluster=Cluster.objects.get(code="ce3m"),
        by=world["ce3m_staff"],
        value=Decimal(4),
        n=5,
    )
    value = IndicatorValue.objects.get(period__programme=jazari)
    services.indicator_value_submit(
        indicator=value.indicator,
        period=value.period,
        cluster=value.cluster,
        by=world["ce3m_staff"],
    )
    writes = [
        (f"/reports/se/values/{value.code}/approve/", {}),
        (
            "/reports/se/2026-Q3/ce3m/pme-satisfaction/enter/",
            {"programme": str(jazari.code), "value": "3"},
        ),
        ("/reports/se/periods/2026-Q3/lock/", {"programme": str(jazari.code), "confirm": "on"}),
        ("/reports/se/activities/new/", {"programme": str(jazari.code), "title": "X"}),
    ]
    for url, data in writes:
        assert alice.post(url, data).status_code == 404, url
    assert IndicatorValue.objects.get(pk=value.pk).status == "submitted"
    assert not Period.objects.filter(programme=jazari, locked=True).exists()
    page = "/reports/se/2026-Q3/ce3m/pme-satisfaction/"
    assert ce3m.get(page, {"programme": str(jazari.code)}).status_code == 200  # theirs
    assert alice.get(page, {"programme": str(jazari.code)}).status_code == 404


def test_the_picker_shows_only_to_a_user_with_several_programmes_and_is_remembered(
    world,
) -> None:
    solo = UserFactory(username="solo", role=Role.COORDINATOR)
    Programme.objects.filter(open_to_all=True).update(open_to_all=False)
    world["jazari"].coordinators.add(solo)
    page = client_for(solo).get("/reports/se/").content.decode()
    assert "se-programme-select" not in page
    assert "Programme jazari" in page
    alice = client_for(world["alice"])
    world["jazari"].coordinators.add(world["alice"])
    page = alice.get("/reports/se/").content.decode()
    assert "se-programme-select" in page
    alice.get("/reports/se/", {"programme": str(world["jazari"].code)})
    again = alice.get("/reports/se/periods/")
    assert again.context["periods"][0].programme == world["jazari"]


def test_the_api_reads_the_programme_asked_for_and_404s_another(world) -> None:
    from tests.api.conftest import client_for as api_client

    alice = api_client(world["alice"])
    jazari, euromed = world["jazari"], world["euromed"]
    assert alice.get("/api/v1/indicators/", {"programme": str(jazari.code)}).status_code == 404
    assert alice.get("/api/v1/periods/", {"programme": str(jazari.code)}).status_code == 404
    assert alice.get("/api/v1/activities/", {"programme": str(jazari.code)}).status_code == 404
    found = alice.get("/api/v1/periods/", {"programme": str(euromed.code), "page_size": 200})
    codes = [p["code"] for p in found.json()["results"]]
    assert codes.count("2026-Q3") == 1
    ce3m = api_client(world["ce3m_staff"])
    listed = ce3m.get("/api/v1/indicator-values/", {"programme": str(jazari.code)})
    assert listed.status_code == 200


def test_the_workbook_and_its_file_name_carry_the_programme(world) -> None:
    import io

    from openpyxl import load_workbook

    response = client_for(world["alice"]).get(
        "/reports/se/TOTAL/programme/logframe.xlsx", {"programme": str(world["euromed"].code)}
    )
    assert response.status_code == 200
    assert "se-euromed-programme-TOTAL.xlsx" in response["Content-Disposition"]

    cover = load_workbook(io.BytesIO(response.content)).worksheets[0]
    texts = {str(cell.value) for line in cover.iter_rows() for cell in line}
    assert "Programme euromed" in texts
    assert "Bailleur euromed" in texts
