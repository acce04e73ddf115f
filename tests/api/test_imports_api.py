"""Importing a PME list through the API: a preview with a token, then the confirmation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Company

pytestmark = pytest.mark.django_db

GOOD = (
    "name;ice;sector;region;city;headcount\n"
    "Sefrou Plast;002 345 678 000 033;plastics;FMK;Sefrou;10-49\n"
    "Oujda Métal;002345678000040;metalworking;ORI;Oujda;35\n"
)


def preview(client, cluster_code: str, content: bytes, name: str = "pmes.csv"):
    return client.post(
        f"/api/v1/clusters/{cluster_code}/import/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def confirm(client, cluster_code: str, token: str):
    return client.post(
        f"/api/v1/clusters/{cluster_code}/import/confirm/", {"token": token}, format="json"
    )


def test_staff_preview_then_confirm_an_import(api, world) -> None:
    client = api("staff")
    response = preview(client, "ce3m", GOOD.encode())
    assert response.status_code == 200
    body = response.json()
    assert body["valid"]
    assert body["errors"] == []
    assert [r["ice"] for r in body["rows"]] == ["002345678000033", "002345678000040"]
    assert not Company.objects.filter(name="Sefrou Plast").exists()
    response = confirm(client, "ce3m", body["token"])
    assert response.status_code == 201
    assert response.json()["created"] == 2
    assert Company.objects.get(code=response.json()["pmes"][0]).cluster == world.cluster


def test_a_preview_with_errors_gives_them_line_by_line_and_no_token(api, world) -> None:
    content = GOOD.replace("ORI", "Mars").encode()
    body = preview(api("staff"), "ce3m", content).json()
    assert body["valid"] is False
    assert body["token"] is None
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "region")]


def test_a_token_is_refused_on_another_cluster_or_by_another_user(api, world) -> None:
    token = preview(api("coordinator"), "ce3m", GOOD.encode()).json()["token"]
    assert confirm(api("coordinator"), "agro", token).status_code == 400
    assert confirm(api("staff"), "ce3m", token).status_code == 400
    assert not Company.objects.filter(name="Sefrou Plast").exists()


@pytest.mark.parametrize(("user", "status"), [("consultant", 403), ("manager", 403)])
def test_consultants_and_managers_may_not_import(api, world, user, status) -> None:
    assert preview(api(user), "ce3m", GOOD.encode()).status_code == status


def test_staff_may_not_import_into_another_cluster(api, world) -> None:
    response = preview(api("staff"), "agro", GOOD.encode())
    assert response.status_code == 404


def test_garbage_is_a_400_with_a_message(api, world) -> None:
    client = api("staff")
    client.cookies["django_language"] = "en"
    response = preview(client, "ce3m", b"\x00\xff" * 1000, "data.xlsx")
    assert response.status_code == 400
    assert "cannot be read as a table" in response.json()["detail"]


def test_ten_megabytes_of_noise_are_refused_as_too_large(api, world) -> None:
    client = api("staff")
    client.cookies["django_language"] = "en"
    response = preview(client, "ce3m", bytes(range(256)) * 40 * 1024)
    assert response.status_code == 400
    assert response.json()["detail"] == "The file is too large (10.0 MB); the limit is 2 MB."
