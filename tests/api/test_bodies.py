"""Bodies that must not crash or confuse the API: deep nesting, oversize, in JSON."""

import json

import pytest

from assessments.models import Company
from config.api.parsers import MAX_DEPTH, depth

pytestmark = pytest.mark.django_db

PMES = "/api/v1/pmes/"


def test_depth_counts_nesting_without_recursion() -> None:
    assert depth(1) == 0
    assert depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _level in range(100_000):
        deep = [deep]
    assert depth(deep) == 100_001


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 3_000, 100_000])
def test_a_deeply_nested_body_is_a_json_400(api, world, levels) -> None:
    body = '{"name":' * levels + "1" + "}" * levels
    response = api("consultant").generic("POST", PMES, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Le JSON est imbriqué sur plus de 20 niveaux."
    assert Company.objects.count() == 2


def test_a_body_over_the_limit_is_a_json_400_in_the_users_language(api, world, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"name": "x" * 2_000_000})
    client = api("consultant")
    response = client.generic("POST", PMES, body, content_type="application/json")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["detail"] == "Le corps de la requête dépasse 1 Mo."
    english = client.generic(
        "POST", PMES, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["detail"] == "The request body is larger than 1 MB."
