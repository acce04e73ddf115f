"""Property-based: whatever file arrives, the import answers with a message, never a crash,
and nothing is stored until a clean preview is confirmed."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework.test import APIClient

from assessments import imports
from assessments.imports import services as import_services
from assessments.models import Company
from assessments.roles import Role
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADER = ["name", "ice", "sector", "region", "city", "headcount", "contact_email"]
cells = st.one_of(
    st.sampled_from(
        [
            "",
            "Atlas",
            "002345678000033",
            "002 345 678 000 040",
            "12",
            "plastics",
            "Agroalimentaire",
            "CSE",
            "Fès-Meknès",
            "Atlantis",
            "10-49",
            "35",
            "0",
            "x@example.ma",
            "not-an-email",
            '"',
            ";",
            "\r",
        ]
    ),
    st.text(max_size=30),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=12)


def often(valid: list[str], invalid: list[str]) -> st.SearchStrategy[str]:
    """Mostly a valid value, sometimes not: lists that import and lists that do not."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.sampled_from(invalid))


ice = st.from_regex(r"00[0-9]{13}", fullmatch=True).map(
    lambda digits: " ".join(digits[i : i + 3] for i in range(0, 15, 3))
)
pme_row = st.tuples(
    often(["Atlas SARL", "Béni Plast", "Ateliers d'Oujda"], ["", " "]),
    st.one_of(ice, ice, st.sampled_from(["002345678000040", "12345", "ICE?"])),
    often(["plastics", "Agroalimentaire", "Electronics", "textile"], ["robots"]),
    often(["CSE", "Fès-Meknès", "oriental", "Tangier-Tetouan-Al Hoceima"], ["Atlantis"]),
    often(["Fès", "Casablanca"], [""]),
    often(["10-49", "35", "500+", "1 à 9 salariés"], ["0", "many"]),
    often(["", "contact@example.ma"], ["not-an-email"]),
).map(list)
pme_lists = st.lists(pme_row, min_size=1, max_size=8)


def as_csv(header: list[str], body: list[list[str]], separator: str) -> str:
    return "\n".join(separator.join(row) for row in [header, *body])


def xlsx(body: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in [HEADER, *body]:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal_or_preview(cluster, content: bytes, name: str = "f.csv") -> imports.Preview | None:
    """The preview, or None when the file is refused; either way every message says something."""
    result, messages = None, []
    try:
        result = imports.preview(cluster=cluster, content=content, filename=name)
    except ValidationError as refusal:
        messages = refusal.messages
    else:
        messages = [error.message for error in result.errors] or ["ok"]
    assert messages
    assert all(message.strip() for message in messages)
    return result


@pytest.fixture
def importer(cluster, groups):
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    return staff


@pytest.fixture
def registered(cluster):
    CompanyFactory(cluster=cluster, ice="002345678000040")
    return Company.objects.count()


@FUZZ
@given(content=st.binary(max_size=4096))
def test_any_bytes_get_a_preview_or_a_message_and_store_nothing(
    cluster, registered, content
) -> None:
    refusal_or_preview(cluster, content)
    assert Company.objects.count() == registered


@FUZZ
@given(body=rows, separator=st.sampled_from([";", ",", "\t"]), bom=st.booleans())
def test_any_table_gets_a_preview_whose_errors_name_real_lines(
    cluster, registered, body, separator, bom
) -> None:
    text = as_csv(HEADER, body, separator)
    result = refusal_or_preview(cluster, (("\ufeff" if bom else "") + text).encode())
    if result is not None:
        lines = {row["line"] for row in result.rows}
        assert {error.line for error in result.errors} <= lines
    assert Company.objects.count() == registered


@FUZZ
@given(body=rows, flips=st.lists(st.integers(min_value=0), max_size=6))
def test_damaged_excel_files_get_a_message(cluster, registered, body, flips) -> None:
    content = bytearray(xlsx(body))
    for position in flips:
        content[position % len(content)] ^= 0xFF
    refusal_or_preview(cluster, bytes(content), "f.xlsx")
    assert Company.objects.count() == registered


@FUZZ
@given(body=pme_lists)
def test_a_confirmed_import_creates_exactly_the_previewed_rows_or_nothing(
    cluster, importer, registered, body
) -> None:
    result = refusal_or_preview(cluster, as_csv(HEADER, body, ";").encode())
    with transaction.atomic():
        try:
            created = import_services.companies_import(
                cluster=cluster, rows=result.rows if result else [], by=importer
            )
        except ValidationError:
            event("refused")
            assert result is None or not result.is_valid
            assert Company.objects.count() == registered
        else:
            event("imported")
            assert result is not None
            assert result.is_valid
            assert len(created) == len(result.rows)
        transaction.set_rollback(True)


@FUZZ
@given(content=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a"]))
def test_the_pages_and_the_api_never_fail_on_garbage(
    client, cluster, groups, registered, content, name
) -> None:
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    client.force_login(staff)
    upload = client.post(
        reverse("assessments:import_upload"),
        {"cluster": cluster.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert upload.status_code in (200, 400)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=staff)[1]}")
    response = api.post(
        f"/api/v1/clusters/{cluster.code}/import/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code in (200, 400)
    assert Company.objects.count() == registered
