"""PMEs through the API: the same scope and rights as the app, written by the services."""

import pytest

from assessments.models import Company

pytestmark = pytest.mark.django_db

PMES = "/api/v1/pmes/"
NEW = {
    "name": "Sefrou Plast",
    "ice": "002 345 678 000 033",
    "cluster": "ce3m",
    "sector": "plastics",
    "region": "FMK",
    "city": "Sefrou",
    "headcount": "10-49",
}


@pytest.mark.parametrize(
    ("user", "names"),
    [
        ("consultant", ["Atlas Circuits"]),
        ("manager", ["Atlas Circuits"]),
        ("staff", ["Atlas Circuits"]),
        ("coordinator", ["Atlas Circuits", "Huilerie Zitoun"]),
    ],
)
def test_each_role_lists_the_pmes_it_sees_in_the_app(api, world, user, names) -> None:
    response = api(user).get(PMES)
    assert [p["name"] for p in response.json()["results"]] == names


def test_lists_are_paginated(api, world) -> None:
    body = api("coordinator").get(PMES, {"page_size": 1}).json()
    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert body["next"]


def test_a_pme_is_found_by_its_code_not_its_id(api, world) -> None:
    client = api("consultant")
    assert client.get(f"{PMES}{world.company.code}/").json()["ice"] == "001234567000011"
    assert client.get(f"{PMES}{world.company.pk}/").status_code == 404


def test_a_consultant_registers_a_pme_and_is_assigned_to_it(api, world) -> None:
    response = api("consultant").post(PMES, NEW, format="json")
    assert response.status_code == 201
    company = Company.objects.get(code=response.json()["code"])
    assert company.ice == "002345678000033"
    assert list(company.consultants.values_list("username", flat=True)) == ["consultant"]


def test_a_pme_manager_may_not_register_a_pme(api, world) -> None:
    assert api("manager").post(PMES, NEW, format="json").status_code == 403
    assert not Company.objects.filter(name="Sefrou Plast").exists()


def test_an_ice_already_registered_is_refused_with_the_reason(api, world) -> None:
    response = api("consultant").post(PMES, NEW | {"ice": world.other_company.ice}, format="json")
    assert response.status_code == 400
    assert "ice" in response.json()
    assert world.other_company.name not in response.content.decode()


def test_cluster_staff_edit_their_clusters_pmes(api, world) -> None:
    response = api("staff").patch(
        f"{PMES}{world.company.code}/", {"city": "Mohammedia"}, format="json"
    )
    assert response.status_code == 200
    world.company.refresh_from_db()
    assert world.company.city == "Mohammedia"


def test_a_pme_manager_reads_but_does_not_edit_their_pme(api, world) -> None:
    client = api("manager")
    url = f"{PMES}{world.company.code}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"city": "Rabat"}, format="json").status_code == 403


def test_another_clusters_pme_is_a_404_even_for_writes(api, world) -> None:
    url = f"{PMES}{world.other_company.code}/"
    for client in (api("consultant"), api("staff"), api("manager")):
        assert client.get(url).status_code == 404
        assert client.patch(url, {"city": "Rabat"}, format="json").status_code == 404
    world.other_company.refresh_from_db()
    assert world.other_company.city == "Casablanca"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x";"Atlas")', "@SUM(A1)", "-2+3", "\t=1+1"])
def test_a_pme_named_like_a_formula_is_refused_with_the_reason(api, world, name) -> None:
    response = api("consultant").post(
        PMES, NEW | {"name": name}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "a spreadsheet would run it as a formula" in response.json()["name"][0]
    renamed = api("staff").patch(f"{PMES}{world.company.code}/", {"name": name}, format="json")
    assert renamed.status_code == 400
    world.company.refresh_from_db()
    assert world.company.name == "Atlas Circuits"
