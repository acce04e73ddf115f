"""The coordinator opens the project bank from the S&E dashboard, filters it by cost, reads
the totals, corrects a mistyped amount and downloads the filtered projects as Excel.

Driven by what the user sees: roles and labels, in French (the default language).
"""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.a11y import audit
from tests.reports.bank.cohort import bank

__all__ = ["bank"]  # the fixture
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_filters_the_bank_and_downloads_it(page: Page, bank, log_in) -> None:
    log_in(bank.users["coordinator"])
    page.goto("/reports/se/")
    page.get_by_role("link", name="Banque de projets").click()
    expect(page.get_by_role("heading", name="Banque de projets", level=1)).to_be_visible()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(4)
    report = audit(page)
    assert report.clean, str(report)

    page.get_by_label("Coût à partir de (MAD)").fill("beaucoup")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Saisissez un nombre.")).to_be_visible()
    expect(page.get_by_label("Coût à partir de (MAD)")).to_have_value("beaucoup")

    page.get_by_label("Coût à partir de (MAD)").fill("250 000")
    page.get_by_role("button", name="Filtrer").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_role("cell", name="Ligne automatisée")).to_be_visible()
    totals = page.get_by_role("region", name="Totaux des projets filtrés")
    expect(totals).to_contain_text("1 300 000")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger (Excel)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    lines = list(sheet.iter_rows(values_only=True))
    assert "250 000" in lines[0][0].replace("\u202f", " ").replace("\xa0", " ")
    assert sorted(line[6] for line in lines[2:]) == ["Action A1", "Ligne automatisée"]
    assert page.js_errors == []  # type: ignore[attr-defined]
