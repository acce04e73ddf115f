"""The project bank page and its downloads: scope, filters, bad input, exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.accompaniment.models import RoadmapItem
from tests.reports.bank.cohort import login

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:project_bank")
XLSX = reverse("reports:project_bank_xlsx")
CSV = reverse("reports:project_bank_csv")


def test_the_coordinator_sees_the_programme_s_bank_with_its_totals(bank) -> None:
    response = login(bank.users["coordinator"]).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "MES atelier" in page
    assert "Traçabilité" in page
    assert "Capteurs IoT (T0)" not in page  # replaced by the T1 roadmap
    assert response.context["totals"].projects == 4


def test_cluster_staff_see_their_cluster_only(bank) -> None:
    page = login(bank.users["agro"]).get(PAGE).content.decode()
    assert "Traçabilité" in page
    assert "MES atelier" not in page


def test_a_cluster_out_of_scope_is_refused_as_a_filter(bank) -> None:
    response = login(bank.users["agro"]).get(PAGE, {"cluster": "ce3m"})
    assert response.status_code == 400
    assert "MES atelier" not in response.content.decode()
    assert response.context["form"].errors["cluster"]


def test_a_pme_manager_has_no_access(bank) -> None:
    for url in (PAGE, XLSX, CSV):
        assert login(bank.users["manager"]).get(url).status_code == 403


def test_bad_filters_get_a_clear_message_and_keep_what_was_typed(bank) -> None:
    response = login(bank.users["coordinator"]).get(
        PAGE, {"cost_min": "beaucoup", "cost_max": "12,5", "horizon": "soon"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"cost_min", "horizon"}
    page = response.content.decode()
    assert 'value="beaucoup"' in page
    assert "Correct the filters" in page or "Corrigez les filtres" in page


def test_an_upper_cost_below_the_lower_is_refused(bank) -> None:
    response = login(bank.users["coordinator"]).get(PAGE, {"cost_min": "1 000", "cost_max": "10"})
    assert response.status_code == 400
    assert response.context["form"].errors["cost_max"]


def test_french_amounts_filter(bank) -> None:
    response = login(bank.users["coordinator"]).get(PAGE, {"cost_min": "250 000,00"})
    assert response.context["totals"].projects == 2


def test_the_page_is_read_only(bank) -> None:
    client = login(bank.users["coordinator"])
    assert client.post(PAGE, {"status": "done"}).status_code == 405
    assert not RoadmapItem.objects.filter(status="done").exists()


def test_the_excel_export_has_a_cover_row_labels_and_number_formats(bank) -> None:
    response = login(bank.users["coordinator"]).get(XLSX, {"sector": "agrifood"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Agri-food" in rows[0][0] or "Agroalimentaire" in rows[0][0]
    assert sheet.freeze_panes == "B3"
    assert len(rows) == 3  # cover, header, one project
    project = dict(zip(rows[1], rows[2], strict=True))
    assert project[rows[1][0]] == "P2"
    assert 1_000_000 in rows[2]
    assert sheet.cell(3, 9).number_format == "#,##0"


def test_the_csv_opens_as_columns_in_french_excel(bank) -> None:
    bank.p4.name = "=HYPERLINK(1)"
    bank.p4.save(update_fields=["name"])
    response = login(bank.users["agro"]).get(CSV)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3
    assert rows[2][0] == "'=HYPERLINK(1)"
    assert "200000" in rows[2]
