"""Cluster staff record an activity and submit a value; the coordinator approves and exports.

The pages are found by ids, names and URLs, never by their (translated) text.
"""

import io
from pathlib import Path
from typing import cast

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assessments.models import Cluster
from assessments.roles import Role
from reports.monitoring.models import Activity, IndicatorValue, Period
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import PASSWORD, ClusterFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOGFRAME = (
    Path(__file__).resolve().parents[2] / "reports" / "monitoring" / "logframes" / "default.yaml"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in_with_the_form(page: Page, user: User) -> None:
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def log_out(page: Page) -> None:
    page.click('form[action$="/logout/"] button[type=submit]')
    page.wait_for_url("**/login/")


def test_staff_report_an_activity_and_the_coordinator_approves_it(
    page: Page, groups: None, tmp_path: Path
) -> None:
    logframe_load(spec=parse_logframe(LOGFRAME.read_bytes()))
    mine = cast(Cluster, ClusterFactory(code="ce3m", name="Cluster CE3M"))
    ClusterFactory(code="agro", name="Cluster Agro")
    staff = cast(User, UserFactory(username="salma", role=Role.CLUSTER_STAFF))
    mine.staff.add(staff)
    coordinator = cast(User, UserFactory(username="khadija", role=Role.COORDINATOR))

    log_in_with_the_form(page, staff)
    page.click('nav a[href="/reports/se/"]')
    page.wait_for_url("**/reports/se/")
    scopes = page.locator("#id_scope option")
    expect(scopes).to_have_count(1)
    expect(scopes).to_have_attribute("value", "ce3m")
    expect(page.locator("#indicator-table tbody tr[data-indicator]")).to_have_count(25)

    page.goto("/reports/se/activities/")
    page.click("#new-activity")
    page.select_option("#id_kind", "webinar")
    page.fill("#id_title", "Webinaire 4 : IA appliquée à la production")
    page.fill("#id_date", "2026-10-20")
    page.select_option("#id_cluster", str(mine.pk))
    page.fill("#id_hours", "2")
    evidence = tmp_path / "liste-de-presence.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_evidence_file", str(evidence))
    for row, (name, sex, role) in enumerate(
        [("Amina Benali", "F", "consultant"), ("Youssef Amrani", "M", "consultant")]
    ):
        page.fill(f"#id_people-{row}-name", name)
        page.select_option(f"#id_people-{row}-sex", sex)
        page.select_option(f"#id_people-{row}-role", role)
    page.click("#save-activity")
    page.wait_for_url("**/reports/se/activities/*/")
    activity = Activity.objects.get()
    assert activity.evidence_name == "liste-de-presence.pdf"
    assert activity.participants.count() == 2
    expect(page.locator("#activity-evidence")).to_be_visible()

    page.goto("/reports/se/2026-Q4/ce3m/webinars-held/")
    expect(page.locator("#live-value")).to_have_text("1")
    page.click("#submit-value")
    expect(page.locator("#value-status")).to_have_attribute("data-status", "submitted")
    log_out(page)

    log_in_with_the_form(page, coordinator)
    page.goto("/reports/se/2026-Q4/ce3m/webinars-held/")
    page.click("#approve-value")
    expect(page.locator("#value-status")).to_have_attribute("data-status", "approved")
    value = IndicatorValue.objects.get(indicator__code="webinars-held", period__code="2026-Q4")
    assert (value.status, value.value, value.approved_by) == ("approved", 1, coordinator)

    page.goto("/reports/se/periods/")
    page.click('tr[data-period="2026-Q4"] a')
    expect(page.locator("#freeze")).to_be_visible()
    page.locator("#id_confirm").check()
    page.click("#lock-period")
    expect(page.locator('tr[data-period="2026-Q4"] a')).to_have_count(0)
    assert Period.objects.get(code="2026-Q4").locked

    page.goto("/reports/se/?period=2026-Q4&scope=ce3m")
    with page.expect_download() as download:
        page.click("#se-export-xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames[0] == "Couverture"  # the funder's workbook, in French
    webinars = next(
        row for row in book.worksheets[1].iter_rows(values_only=True) if "webinars-held" in row
    )
    assert 1 in webinars  # the quarter's actual: the one webinar reported
    assert page.js_errors == []  # type: ignore[attr-defined]
