"""The project bank in the API: the page's scope and filters, read-only, in the schema."""

import pytest
from django.test import Client

from tests.api.conftest import client_for
from tests.reports.bank.cohort import bank

__all__ = ["bank"]  # the fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/project-bank/"


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


def test_the_coordinator_reads_the_programme_s_projects_with_their_business_case(bank) -> None:
    rows = client_for(bank.users["coordinator"]).get(URL, {"funding": "bank_credit"}).json()
    (row,) = rows["results"]
    assert (row["pme_name"], row["diagnostic_kind"], row["cluster"]) == ("P1", "T1", "ce3m")
    assert (row["cost_low_mad"], row["cost_high_mad"], row["cost_source"]) == (
        100_000,
        300_000,
        "library",
    )
    assert row["funding"] == ["bank_credit"]
    assert row["benefits"] == [{"metric": "oee", "low": 5, "high": 10, "unit": "pts"}]


def test_staff_read_their_cluster_and_cannot_widen_it(bank) -> None:
    api = client_for(bank.users["agro"])
    assert titles(api.get(URL)) == ["Traçabilité"]
    refused = api.get(URL, {"cluster": "ce3m"})
    assert refused.status_code == 400
    assert "cluster" in refused.json()


def test_a_consultant_reads_their_pmes_and_a_manager_nothing(bank) -> None:
    assert titles(client_for(bank.users["consultant"]).get(URL)) == ["Action A1", "MES atelier"]
    assert client_for(bank.users["manager"]).get(URL).status_code == 403


def test_totals_follow_the_filters(bank) -> None:
    api = client_for(bank.users["coordinator"])
    totals = api.get(f"{URL}totals/", {"cost_min": "250000"}).json()
    assert (totals["projects"], totals["pmes"]) == (2, 2)
    assert totals["cost_high_mad"] == 1_300_000


def test_bad_filters_get_a_clear_message(bank) -> None:
    response = client_for(bank.users["coordinator"]).get(URL, {"cost_min": "a lot", "sort": "x"})
    assert response.status_code == 400
    assert set(response.json()) >= {"cost_min", "sort"}


def test_writes_are_refused(bank) -> None:
    api = client_for(bank.users["coordinator"])
    assert api.post(URL, {"title": "Nouveau"}, format="json").status_code == 405
    assert api.delete(URL).status_code == 405


def test_the_endpoint_is_in_the_schema(client: Client) -> None:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    parameters = {p["name"] for p in paths["/api/v1/project-bank/"]["get"]["parameters"]}
    assert {"cluster", "sector", "axis", "cost_min", "cost_max", "funding"} <= parameters
    assert "/api/v1/project-bank/totals/" in paths
