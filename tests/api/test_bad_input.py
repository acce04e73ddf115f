"""Odd input is refused, never a server error, on SQLite and on PostgreSQL (which refuses NUL)."""

import re

import pytest

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Sefrou Plast",
    "ice": "002345678000033",
    "cluster": "ce3m",
    "sector": "plastics",
    "region": "FMK",
    "city": "Sefrou",
    "headcount": "10-49",
}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/pmes/?q=a%00", 200),
        ("/api/v1/pmes/?cluster=%00", 200),
        ("/api/v1/diagnostics/?status=%00&kind=T0", 200),
        ("/api/v1/plans/?status=%00", 200),
        ("/api/v1/clusters/?x=%00", 200),
        ("/api/v1/clusters/a%00b/", 404),
        ("/api/v1/frameworks/small/1%00/", 404),
        ("/api/v1/pmes/not-a-code/", 404),
        ("/api/v1/pmes/?page=999", 404),
        ("/api/v1/pmes/?page_size=abc", 400),
        ("/api/v1/pmes/?page_size=-1", 400),
        ("/api/v1/pmes/?page_size=0", 400),
        ("/api/v1/pmes/?page_size=201", 400),
        ("/api/v1/pmes/?page_size=%D9%A3", 400),  # an Arabic-Indic digit
        (f"/api/v1/pmes/?page_size={'9' * 5000}", 400),
        ("/api/v1/pmes/?page_size=200", 200),
        ("/api/v1/plans/00000000-0000-0000-0000-000000000000/days/9/", 404),
    ],
)
def test_odd_urls_are_answered_not_crashed(api, world, url, status) -> None:
    response = api("coordinator").get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "change",
    [{"cluster": "\x00"}, {"consultants": ["a\x00"]}, {"managers": ["\x00"]}, {"name": "A\x00"}],
)
def test_nul_in_a_body_is_a_400(api, world, change) -> None:
    response = api("coordinator").post("/api/v1/pmes/", NEW | change, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", *change}  # the field named, and a message
    assert response.json()["detail"]


def test_a_malformed_json_body_is_a_400(api, world) -> None:
    response = api("consultant").generic(
        "PUT",
        f"/api/v1/diagnostics/{world.draft.code}/answers/A1/",
        "{level: 2",
        content_type="application/json",
    )
    assert response.status_code == 400


def test_an_unsupported_content_type_is_a_415(api, world) -> None:
    response = api("consultant").generic(
        "PUT",
        f"/api/v1/diagnostics/{world.draft.code}/answers/A1/",
        "level=2",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415


def every_operation() -> list[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    methods = {"get", "post", "put", "patch", "delete"}
    return [(m, p) for p, item in paths.items() for m in item if m in methods]


@pytest.mark.parametrize(("method", "path"), every_operation())
def test_a_format_suffix_is_not_a_route(api, world, method, path) -> None:
    # "/submit.json" once reached actions that take no format argument: a 500.
    url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path).rstrip("/")
    response = getattr(api("coordinator"), method)(f"{url}.json", {}, format="json")
    assert response.status_code == 404, url
    assert response["Content-Type"] == "application/json"


def test_every_400_has_a_detail_and_keeps_its_fields(api, world) -> None:
    client = api("coordinator")
    client.cookies["django_language"] = "en"
    fields = client.post("/api/v1/pmes/", NEW | {"name": "", "city": ""}, format="json")
    assert fields.status_code == 400
    body = fields.json()
    assert {"name", "city"} <= set(body)
    assert all(message in body["detail"] for message in body["name"] + body["city"])
    listed = client.get("/api/v1/pmes/?page_size=abc").json()
    assert listed["detail"] == listed["page_size"][0]
