"""PME measurements through the API: entered by the PME's people, validated by another person
of its unit, invisible outside the scope; programme activities are the coordinator's."""

import datetime

import pytest

from reports.monitoring.models import Activity, Measurement
from reports.monitoring.services.activities import activity_create
from tests.api.conftest import World, client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/measurements/"


def figures(world: World, **changes: object) -> dict[str, object]:
    return {
        "company": str(world.company.code),
        "stage": "baseline",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "jobs_women": 12,
        "jobs_men": 30,
        "water_m3": "1500.5",
        "energy": {"electricity": "120000", "lpg": "8000"},
        "evidence_link": "https://example.org/factures",
        **changes,
    }


def test_the_pmes_consultant_enters_figures_that_await_validation(world, users) -> None:
    response = client_for(users["consultant"]).post(URL, figures(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "entered"
    assert body["energy"] == {"electricity": "120000.00", "lpg": "8000.00"}


def test_who_entered_the_figures_never_validates_them(world, users) -> None:
    code = client_for(users["staff"]).post(URL, figures(world), format="json").json()["code"]
    assert client_for(users["staff"]).post(f"{URL}{code}/validate/").status_code == 403
    response = client_for(users["coordinator"]).post(f"{URL}{code}/validate/")
    assert response.status_code == 200
    assert response.json()["status"] == "validated"
    assert Measurement.objects.get(code=code).validated_by == users["coordinator"]


def test_the_consultant_does_not_validate_and_validated_figures_are_frozen(world, users) -> None:
    code = client_for(users["consultant"]).post(URL, figures(world), format="json").json()["code"]
    assert client_for(users["consultant"]).post(f"{URL}{code}/validate/").status_code == 403
    assert client_for(users["staff"]).post(f"{URL}{code}/validate/").status_code == 200
    changed = client_for(users["consultant"]).patch(
        f"{URL}{code}/", {"jobs_men": 31}, format="json"
    )
    assert changed.status_code == 403


def test_another_clusters_people_neither_see_nor_enter(world, users) -> None:
    code = client_for(users["consultant"]).post(URL, figures(world), format="json").json()["code"]
    for name in ("other_staff", "other_consultant"):
        assert client_for(users[name]).get(f"{URL}{code}/").status_code == 404
        assert client_for(users[name]).post(f"{URL}{code}/validate/").status_code == 404
    refused = client_for(users["other_staff"]).post(URL, figures(world), format="json")
    assert refused.status_code == 400
    assert client_for(users["manager"]).get(URL).status_code == 403


def test_bad_figures_get_a_message_not_a_500(world, users) -> None:
    client = client_for(users["consultant"])
    response = client.post(URL, figures(world, period_end="2024-06-30", jobs_men=-1), format="json")
    assert response.status_code == 400
    response = client.post(URL, figures(world, period_end="2024-06-30"), format="json")
    assert response.status_code == 400
    assert "vient après le premier" in response.content.decode()  # French by default


def programme_webinar(world: World, users) -> Activity:  # type: ignore[no-untyped-def]
    return activity_create(
        by=users["coordinator"],
        cluster=None,
        kind="webinar",
        title="Webinaire partagé",
        date=world.submitted.visit_date,
        evidence_link="https://example.org/l",
        participants=[
            {"name": "Amina", "sex": "F", "role": "consultant", "cluster": world.cluster}
        ],
    )


def test_only_the_coordinator_records_a_programme_activity(world, users) -> None:
    new = {
        "kind": "national_day",
        "title": "Journée nationale",
        "date": "2026-10-05",
        "cluster": None,
        "evidence_link": "https://example.org/photos",
    }
    assert client_for(users["staff"]).post(
        "/api/v1/activities/", new, format="json"
    ).status_code in (
        400,
        403,
    )
    created = client_for(users["coordinator"]).post("/api/v1/activities/", new, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["cluster"] is None


def test_cluster_staff_see_programme_activities_but_do_not_change_them(world, users) -> None:
    webinar = programme_webinar(world, users)
    url = f"/api/v1/activities/{webinar.code}/"
    assert client_for(users["other_staff"]).get(url).status_code == 200
    assert client_for(users["staff"]).patch(url, {"title": "x"}, format="json").status_code == 403
    assert client_for(users["staff"]).delete(url).status_code == 403
    line = client_for(users["staff"]).get(url).json()["participants"][0]
    assert line["cluster"] == "ce3m"
    assert line["person"] is not None


def measurements_world(world: World) -> None:
    """Figures awaiting validation for each cluster's PME, entered by its consultant."""
    from reports.monitoring.services.measurements import measurement_create

    for company, consultant in (
        (world.company, world.users["consultant"]),
        (world.other_company, world.users["other_consultant"]),
    ):
        measurement_create(
            by=consultant,
            company=company,
            stage="baseline",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            jobs_men=10,
            evidence_link="https://example.org/factures",
        )
