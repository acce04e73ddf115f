"""The funder's exports read back: the workbook with openpyxl, the CSV as French Excel reads it."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from assessments.roles import Role
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.services import indicators as services
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


@pytest.fixture
def staff(dataset):  # type: ignore[no-untyped-def]
    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF, first_name="Salma")
    dataset["c1"].staff.add(user)
    return user


@pytest.fixture
def coordinator(groups):  # type: ignore[no-untyped-def]
    return UserFactory(username="coord", role=Role.COORDINATOR)


def client_for(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def workbook(user, url: str):  # type: ignore[no-untyped-def]
    response = client_for(user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def by_header(sheet, header_row: int = 2) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# The workbook


def test_the_workbook_opens_on_a_cover_naming_who_made_it_and_the_data_version(
    dataset, staff, settings
) -> None:
    settings.SE_FUNDER = "EU — cluster programme"
    book = workbook(staff, "/reports/se/TOTAL/ce3m/logframe.xlsx")
    assert book.sheetnames == ["Cover", "Logframe", "Disaggregations", "EU DMA"]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
    assert cover["Funder"] == "EU — cluster programme"
    assert cover["Programme"] == settings.SE_PROGRAMME
    assert cover["Scope"] == dataset["c1"].name
    assert cover["Period"].startswith("Programme total")
    assert cover["Produced by"].startswith("Salma ")
    assert len(cover["Data version"]) == 12
    again = workbook(staff, "/reports/se/TOTAL/ce3m/logframe.xlsx")
    same = {r[0]: r[1] for r in again["Cover"].iter_rows(values_only=True) if r[0]}
    assert same["Data version"] == cover["Data version"]  # same data, same version


def test_the_data_version_changes_when_a_figure_does(dataset, staff, coordinator) -> None:
    url = "/reports/se/TOTAL/ce3m/logframe.xlsx"

    def version() -> str:
        cover = workbook(staff, url)["Cover"]
        return next(r[1] for r in cover.iter_rows(values_only=True) if r[0] == "Data version")

    before = version()
    services.indicator_value_enter(
        indicator=Indicator.objects.get(code="pme-satisfaction"),
        period=Period.objects.get(code="TOTAL"),
        cluster=dataset["c1"],
        by=staff,
        value=4,
        n=6,
    )
    assert version() != before


def test_each_indicator_has_quarters_cumulative_n_target_share_and_status(
    dataset, coordinator
) -> None:
    sheet = workbook(coordinator, "/reports/se/TOTAL/programme/logframe.xlsx")["Logframe"]
    rows = {row["Code"]: row for row in by_header(sheet)}
    assert len(rows) == Indicator.objects.count()
    headers = list(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
    assert headers.count(None) == 0
    assert [h for h in headers if str(h).startswith("Actual Q")] == [
        f"Actual Q{q} {y}" for y in (2026, 2027) for q in (1, 2, 3, 4)
    ]
    # P1 validated its T0 in Q3 2026 with P2 and P5, P3 in Q4: 4 of 15 over the programme.
    t0 = rows["pme-t0-validated"]
    assert (t0["Actual Q3 2026"], t0["Actual Q4 2026"], t0["Actual Q1 2027"]) == (3, 1, 0)
    assert (t0["Cumulative actual"], t0["Cumulative target"], t0["n"]) == (4, 15, 4)
    assert t0["Level"] == "Output"
    assert t0["Status"] in {"On track", "At risk", "Off track"}
    assert t0["Formula"].startswith("Number of PMEs whose first T0")
    # A percentage gives its numerator beside n, and is flagged under the minimum n.
    full = rows["pct-full-eight-days"]
    assert (full["Cumulative actual"], full["n"], full["Numerator"]) == (50, 2, 1)
    assert full["Below minimum n"] == "yes"
    assert (full["On track from (% of target)"], full["At risk from (% of target)"]) == (95, 80)
    assert full["% of target"] == 50
    assert full["Status"] == "Off track"  # 50 % against 100 %: never pro rata for a rate
    assert full["Approval"] == "computed, not reported"


def test_the_workbook_is_printable_with_frozen_headers_and_number_formats(
    dataset, coordinator
) -> None:
    book = workbook(coordinator, "/reports/se/TOTAL/programme/logframe.xlsx")
    sheet = book["Logframe"]
    assert sheet.freeze_panes == "E3"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    headers = [c.value for c in sheet[2]]
    column = headers.index("Cumulative actual") + 1
    rows = {sheet.cell(r, 3).value: r for r in range(3, sheet.max_row + 1)}
    assert sheet.cell(rows["pct-full-eight-days"], column).number_format == '0.0" %"'
    assert sheet.cell(rows["uplift-mean"], column).number_format == "+0.0;-0.0;0"
    assert isinstance(sheet.cell(rows["uplift-mean"], column).value, int | float)  # a number
    assert book["Disaggregations"].page_setup.orientation == "landscape"


def test_the_disaggregations_sheet_has_the_clusters_and_sex_where_data_exist(
    dataset, coordinator
) -> None:
    sheet = workbook(coordinator, "/reports/se/TOTAL/programme/logframe.xlsx")["Disaggregations"]
    rows = by_header(sheet)
    t0 = {
        (r["Dimension"], r["Category"]): (r["Value"], r["n"])
        for r in rows
        if r["Code"] == "pme-t0-validated"
    }
    assert t0[("Cluster", "ce3m")] == (3, 3)
    assert t0[("Cluster", "agro")] == (1, 1)
    people = {r["Dimension"] for r in rows if r["Code"] == "participants-by-sex"}
    assert "Sex" in people


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(dataset, staff) -> None:
    Indicator.objects.filter(code="pme-satisfaction").update(
        verification_fr='=HYPERLINK("http://example.org","clic")',
        verification_en='=HYPERLINK("http://example.org","clic")',
    )
    book = workbook(staff, "/reports/se/TOTAL/ce3m/logframe.xlsx")
    cells = [c for line in book["Logframe"].iter_rows(min_row=3) for c in line if c.value]
    typed = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert typed
    assert all(c.data_type == "s" for c in typed)


# The CSV


def read_csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the accents right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_semicolon_separated_with_labels_beside_codes(dataset, coordinator) -> None:
    response = client_for(coordinator, "fr").get("/reports/se/2026-Q4/programme/tidy.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    first = response.content.decode("utf-8-sig").splitlines()[0]
    assert first.startswith("indicator;indicator_name;period;period_name;")
    uplift = [r for r in rows if r["indicator"] == "uplift-mean"]
    total = next(r for r in uplift if r["dimension"] == "total")
    assert total["indicator_name"].startswith("Gain moyen de maturité")
    assert (total["period_name"], total["scope_name"]) == ("T4 2026", "Ensemble du programme")
    assert (total["value"], total["n"]) == ("10,00", "3")  # French Excel reads "10,00" as 10
    assert total["dimension_name"] == "Total"
    axis = next(r for r in uplift if r["dimension"] == "axis" and r["category"] == "B")
    assert (axis["value"], axis["n"], axis["dimension_name"]) == ("1,00", "2", "Axe")
    assert all(r["period"] == "2026-Q4" and r["scope"] == "programme" for r in rows)


def test_the_english_csv_writes_a_decimal_point(dataset, coordinator) -> None:
    rows = read_csv(client_for(coordinator, "en").get("/reports/se/2026-Q4/programme/tidy.csv"))
    total = next(r for r in rows if r["indicator"] == "uplift-mean" and r["dimension"] == "total")
    assert total["value"] == "10.00"
    assert total["status_name"] in {"On track", "At risk", "Off track", "No target"}


def test_a_csv_percentage_gives_its_numerator_and_its_small_n_flag(dataset, coordinator) -> None:
    rows = read_csv(client_for(coordinator).get("/reports/se/TOTAL/programme/tidy.csv"))
    full = next(
        r for r in rows if r["indicator"] == "pct-full-eight-days" and r["dimension"] == "total"
    )
    assert (full["value"], full["n"], full["numerator"]) == ("50.00", "2", "1")
    assert (full["min_n"], full["below_min_n"]) == ("5", "1")
    assert (full["target"], full["percent_of_target"], full["status"]) == (
        "100.00",
        "50.00",
        "off_track",
    )


def test_text_a_spreadsheet_would_run_is_escaped_in_the_csv_and_numbers_stay_numbers(
    dataset, coordinator
) -> None:
    uplift = Indicator.objects.get(code="uplift-mean")
    q4 = Period.objects.get(code="2026-Q4")
    value = services.indicator_value_submit(
        indicator=uplift, period=q4, cluster=None, by=coordinator
    )
    services.indicator_value_approve(value=value, by=UserFactory(role=Role.COORDINATOR))
    hostile = ['=HYPERLINK("http://x.example","y")', "+1+1", "-2+3", "@SUM(A1)", "\tA", "\rB"]
    IndicatorValue.objects.filter(pk=value.pk).update(
        breakdown=[
            {"dimension": "axis", "category": text, "value": -1.5, "n": 6} for text in hostile
        ]
    )
    rows = read_csv(client_for(coordinator, "fr").get("/reports/se/2026-Q4/programme/tidy.csv"))
    axis = [r for r in rows if r["indicator"] == "uplift-mean" and r["dimension"] == "axis"]
    assert [r["category"] for r in axis] == ["'" + text for text in hostile]
    assert {(r["value"], r["n"]) for r in axis} == {("-1,50", "6")}  # a number, not escaped
