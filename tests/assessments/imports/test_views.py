"""The import pages: upload, preview, confirm; only for those who may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import imports
from assessments.models import Company
from assessments.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("assessments:import_upload")
CONFIRM = reverse("assessments:import_confirm")
GOOD = (
    "name;ice;sector;region;city;headcount\n"
    "Sefrou Plast;002 345 678 000 033;plastics;FMK;Sefrou;10-49\n"
    "Oujda Métal;002345678000040;metalworking;ORI;Oujda;35\n"
)


@pytest.fixture
def staff(cluster, groups):
    user = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    cluster.staff.add(user)
    return user


def upload(client, cluster, content: bytes | str, name: str = "pmes.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(UPLOAD, {"cluster": cluster.pk, "file": SimpleUploadedFile(name, data)})


def test_the_pme_list_offers_the_import_to_cluster_staff_only(client, staff, consultant) -> None:
    client.force_login(staff)
    assert UPLOAD in client.get(reverse("assessments:company_list")).content.decode()
    client.force_login(consultant)
    assert UPLOAD not in client.get(reverse("assessments:company_list")).content.decode()


def test_a_consultant_may_not_open_the_import(client, consultant) -> None:
    client.force_login(consultant)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(CONFIRM).status_code in (302, 403)


def test_staff_may_not_import_into_another_cluster(client, staff, other_cluster) -> None:
    client.force_login(staff)
    response = upload(client, other_cluster, GOOD)
    assert response.status_code == 400
    assert not Company.objects.exists()


def test_the_preview_saves_nothing_and_the_confirmation_imports_all(client, staff, cluster):
    client.force_login(staff)
    page = upload(client, cluster, GOOD)
    assert page.status_code == 200
    assert "Sefrou Plast" in page.content.decode()
    assert not Company.objects.exists()
    response = client.post(CONFIRM)
    assert response.status_code == 302
    assert set(Company.objects.filter(cluster=cluster).values_list("ice", flat=True)) == {
        "002345678000033",
        "002345678000040",
    }
    # The preview is used up: confirming again imports nothing more.
    client.post(CONFIRM)
    assert Company.objects.count() == 2


def test_a_preview_with_errors_cannot_be_confirmed(client, staff, cluster) -> None:
    client.force_login(staff)
    page = upload(client, cluster, GOOD.replace("plastics", "robots"))
    assert "robots" in page.content.decode()
    assert CONFIRM not in page.content.decode()
    client.post(CONFIRM)
    assert not Company.objects.exists()


def test_a_garbage_file_gets_a_message_in_the_users_language(client, staff, cluster) -> None:
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = upload(client, cluster, b"\x89PNG\r\n\x1a\n\x00\x00garbage", "photo.csv")
    assert response.status_code == 400
    assert "cannot be read as a table" in response.content.decode()


def test_a_file_over_the_limit_is_refused_before_reading(client, staff, cluster) -> None:
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = upload(client, cluster, b"x" * (imports.MAX_BYTES + 10))
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_the_template_downloads_as_csv(client, staff) -> None:
    client.force_login(staff)
    response = client.get(reverse("assessments:import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").startswith("name;ice;sector;region;city")
