"""The maturity framework is read-only data, the same for every user."""

import pytest

pytestmark = pytest.mark.django_db


def test_published_versions_are_listed(api, world) -> None:
    body = api("manager").get("/api/v1/frameworks/").json()
    assert [(v["framework"], v["version"]) for v in body["results"]] == [("small", "1")]


def test_a_version_gives_its_axes_questions_levels_and_actions(api, world) -> None:
    body = api("consultant").get("/api/v1/frameworks/small/1/").json()
    assert [a["code"] for a in body["axes"]] == ["A", "B"]
    first = body["axes"][0]["questions"][0]
    assert (first["code"], len(first["levels"]), first["text_en"]) == ("A1", 6, "Question A1?")
    assert body["axes"][1]["questions"][1]["sectors"] == ["agrifood"]
    assert body["axes"][0]["actions"][0]["code"] == "A-X1"


def test_an_unknown_version_is_a_json_404(api, world) -> None:
    response = api("consultant").get("/api/v1/frameworks/small/9/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_unknown_api_path_is_a_json_404(api, world) -> None:
    response = api("consultant").get("/api/v1/no/such/thing.txt")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."} or response.json()["detail"]
