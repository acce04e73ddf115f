"""The PME's profile the roadmap is weighed by (markets, cost shares, chosen KPIs) in the API:
read by whoever sees the PME, written by whoever may edit it, checked like the web form."""

import pytest

from assessments.models import Company

pytestmark = pytest.mark.django_db

PMES = "/api/v1/pmes/"
PROFILE = {
    "exposures": ["eu_exporter", "prime_subcontractor"],
    "cost_labour_pct": 35,
    "cost_materials_pct": 45,
    "cost_energy_pct": 12,
    "cost_scrap_pct": 4,
    "kpis": ["scrap", "oee"],
}
EMPTY: dict[str, object] = {
    "exposures": [],
    "cost_labour_pct": None,
    "cost_materials_pct": None,
    "cost_energy_pct": None,
    "cost_scrap_pct": None,
    "kpis": [],
}


def _url(company: Company) -> str:
    return f"{PMES}{company.code}/"


def _profile(company: Company) -> dict[str, object]:
    company.refresh_from_db()
    return {name: getattr(company, name) for name in PROFILE}


def _store(company: Company, **fields: object) -> None:
    Company.objects.filter(pk=company.pk).update(**fields)


@pytest.mark.parametrize("user", ["consultant", "manager", "staff", "coordinator"])
def test_whoever_sees_the_pme_reads_its_profile(api, world, user) -> None:
    _store(world.company, **PROFILE)
    body = api(user).get(_url(world.company)).json()
    assert {name: body[name] for name in PROFILE} == PROFILE


def test_a_pme_without_a_profile_reads_as_empty_not_as_zeros(api, world) -> None:
    body = api("consultant").get(_url(world.company)).json()
    assert {name: body[name] for name in PROFILE} == EMPTY


@pytest.mark.parametrize("user", ["consultant", "staff", "coordinator"])
def test_who_may_edit_the_pme_writes_its_profile(api, world, user) -> None:
    response = api(user).patch(_url(world.company), PROFILE, format="json")
    assert response.status_code == 200, response.content
    assert {name: response.json()[name] for name in PROFILE} == PROFILE
    assert _profile(world.company) == PROFILE


def test_the_profile_is_cleared_with_empty_lists_and_nulls(api, world) -> None:
    _store(world.company, **PROFILE)
    response = api("consultant").patch(_url(world.company), EMPTY, format="json")
    assert response.status_code == 200
    assert _profile(world.company) == EMPTY


def test_a_partial_write_keeps_the_rest_of_the_profile(api, world) -> None:
    _store(world.company, **PROFILE)
    response = api("staff").patch(_url(world.company), {"kpis": ["energy"]}, format="json")
    assert response.status_code == 200
    assert _profile(world.company) == PROFILE | {"kpis": ["energy"]}


def test_a_pme_registered_with_its_profile_keeps_it(api, world) -> None:
    new = {
        "name": "Sefrou Plast",
        "ice": "002345678000033",
        "cluster": "ce3m",
        "sector": "plastics",
        "region": "FMK",
        "city": "Sefrou",
        "headcount": "10-49",
    }
    response = api("staff").post(PMES, new | PROFILE, format="json")
    assert response.status_code == 201, response.content
    assert _profile(Company.objects.get(code=response.json()["code"])) == PROFILE


def test_a_pme_manager_reads_but_does_not_write_the_profile(api, world) -> None:
    response = api("manager").patch(_url(world.company), PROFILE, format="json")
    assert response.status_code == 403
    assert _profile(world.company) == EMPTY


def test_another_clusters_pme_profile_is_a_404_for_reads_and_writes(api, world) -> None:
    url = _url(world.other_company)
    for user in ("consultant", "staff", "manager"):
        client = api(user)
        assert client.get(url).status_code == 404
        assert client.patch(url, PROFILE, format="json").status_code == 404
        assert client.put(url, PROFILE, format="json").status_code == 404
    assert _profile(world.other_company) == EMPTY


def test_a_pme_manager_cannot_write_another_pmes_profile(api, world) -> None:
    # The other PME's own consultant would be allowed; our manager is not, and learns nothing.
    world.other_company.managers.clear()
    response = api("manager").patch(_url(world.other_company), {"kpis": ["oee"]}, format="json")
    assert response.status_code == 404
    assert _profile(world.other_company) == EMPTY


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        ({"exposures": ["mars_exporter"]}, "exposures", "is not a valid choice"),
        ({"exposures": "eu_exporter"}, "exposures", "Expected a list of items"),
        ({"exposures": ["eu_exporter", "eu_exporter"]}, "exposures", "A code is listed twice"),
        ({"exposures": None}, "exposures", "may not be null"),
        ({"kpis": ["oee", "scrap", "energy", "water"]}, "kpis", "no more than 3 elements"),
        ({"kpis": ["happiness"]}, "kpis", "is not a valid choice"),
        ({"kpis": ["oee", "oee"]}, "kpis", "A code is listed twice"),
        ({"cost_labour_pct": 101}, "cost_labour_pct", "less than or equal to 100"),
        ({"cost_scrap_pct": -1}, "cost_scrap_pct", "greater than or equal to 0"),
        ({"cost_energy_pct": "a lot"}, "cost_energy_pct", "A valid integer is required"),
        (
            {"cost_labour_pct": 60, "cost_materials_pct": 40, "cost_energy_pct": 10},
            "cost_energy_pct",
            "cannot exceed 100 % of the production cost",
        ),
    ],
)
def test_a_bad_profile_is_a_400_naming_the_field_and_nothing_changes(
    api, world, sent, field, message
) -> None:
    _store(world.company, **PROFILE)
    response = api("consultant").patch(
        _url(world.company), sent, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert message in str(body[field])
    assert message in body["detail"]
    assert _profile(world.company) == PROFILE


def test_a_partial_write_is_summed_with_the_stored_shares(api, world) -> None:
    _store(world.company, **PROFILE)  # labour 35 + materials 45 + energy 12
    response = api("staff").patch(
        _url(world.company), {"cost_materials_pct": 60}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "cannot exceed 100 %" in response.json()["cost_energy_pct"][0]
    assert _profile(world.company) == PROFILE


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "ne peuvent dépasser 100"),
        ("ar", "لا يمكن أن يتجاوز"),
    ],
)
def test_the_refusal_is_in_the_users_language(api, world, language, message) -> None:
    response = api("consultant").patch(
        _url(world.company),
        {"cost_labour_pct": 70, "cost_materials_pct": 40},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    text = response.json()["cost_energy_pct"][0]
    assert message in text
    assert "production cost" not in text
    assert "assessments_company" not in response.content.decode()


def test_the_schema_describes_the_profile_with_its_codes(client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    read = components["Company"]["properties"]
    write = components["PatchedCompanyWriteRequest"]["properties"]
    for properties in (read, write):
        assert {"exposures", "kpis", "cost_labour_pct", "cost_scrap_pct"} <= set(properties)
    exposures = write["exposures"]["items"]
    enum = exposures.get("enum") or components[exposures["$ref"].split("/")[-1]]["enum"]
    assert "eu_exporter" in enum
    assert write["kpis"]["maxItems"] == 3
    assert write["cost_energy_pct"]["maximum"] == 100
    assert write["cost_energy_pct"]["nullable"] is True


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "is not a valid choice"),
        ("fr", "n'est pas un choix valide"),
        ("ar", "ليس خياراً صالحاً"),
    ],
)
def test_an_unknown_code_is_named_in_the_users_language(api, world, language, message) -> None:
    response = api("consultant").patch(
        _url(world.company),
        {"kpis": ["oee", "happiness"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    body = response.json()
    assert "happiness" in body["detail"]
    assert message in body["detail"]
    assert list(body["kpis"]) == ["1"]  # the second code of the list
