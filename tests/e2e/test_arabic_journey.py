"""A PME manager reads the app in Arabic, right to left: login, home, results, PDF report.

Driven by the visible Arabic labels, as the manager sees them.
"""

import datetime
import io
import re
from typing import cast

import pytest
from django.contrib.auth.models import User
from django.template.defaultfilters import floatformat
from django.utils import formats, translation
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from assessments.models import Assessment, Company
from assessments.roles import Role
from assessments.selectors import assessment_result
from diagnostics.models import FrameworkVersion
from tests.factories import PASSWORD, UserFactory
from tests.reports.documents.test_pdf import finished_diagnostic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arabic_manager(company: Company) -> User:
    manager = cast(
        User,
        UserFactory(
            username="pme-ar", first_name="يوسف", last_name="العلوي", role=Role.PME_MANAGER
        ),
    )
    company.managers.add(manager)
    return manager


@pytest.fixture
def diagnostic(company: Company, default_version: FrameworkVersion) -> Assessment:
    return finished_diagnostic(company, default_version)


def arabic_date(day: datetime.date) -> str:
    with translation.override("ar"):
        return str(formats.date_format(day, "DATE_FORMAT"))


def box(page: Page, locator_text: str) -> dict[str, float]:
    nav = page.get_by_role("navigation", name="التنقل الرئيسي")
    found = nav.get_by_role("link", name=locator_text, exact=True)
    result = found.bounding_box()
    assert result is not None
    return result


def test_a_manager_reads_the_app_and_the_report_in_arabic(
    page: Page, live_server, arabic_manager: User, diagnostic: Assessment, eager_tasks
) -> None:
    page.goto("/login/")
    page.get_by_role("button", name="العربيّة").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.get_by_label("اسم المستخدم").fill("pme-ar")
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()

    # Home, mirrored: the brand starts the bar on the right, the log-out button ends it on the left.
    expect(page.get_by_role("heading", name="مرحبا يوسف")).to_be_visible()
    brand = box(page, "Maturité 4.0")
    pmes = box(page, "المقاولات")
    logout = page.get_by_role("button", name="تسجيل الخروج").bounding_box()
    assert logout is not None
    assert brand["x"] > pmes["x"] > logout["x"]
    assert brand["x"] + brand["width"] > page.viewport_size["width"] / 2  # type: ignore[index]

    # Results: Arabic headings and axis names, the visit date written the Arabic way.
    page.get_by_role("region", name="نتائجكم").get_by_role("link", name="النتائج").click()
    expect(page.get_by_role("heading", name="نتائج النضج")).to_be_visible()
    expect(page.get_by_text(arabic_date(diagnostic.visit_date))).to_be_visible()
    table = page.get_by_role("table", name="النقطة والهدف والفجوة والمرحلة لكل محور")
    expect(table.get_by_role("rowheader", name="الاستراتيجية والحكامة الرقمية")).to_be_visible()
    with translation.override("ar"):
        overall = f"{floatformat(assessment_result(diagnostic).overall, 1)} / 5"
    assert re.fullmatch(r"\d,\d / 5", overall)  # a decimal comma and the digits 0–9
    expect(page.get_by_text(overall, exact=True)).to_be_visible()

    # The PDF roadmap, asked for in Arabic from the results page.
    page.get_by_label("اللغة").select_option(label="العربية")
    # Tasks run eagerly in tests: the PDF renders before the page comes back.
    page.get_by_role("button", name="إعداد ملف PDF").click(timeout=180_000)
    panel = page.get_by_role("region", name="خارطة الطريق بصيغة PDF")
    expect(panel.get_by_role("cell", name="العربية")).to_be_visible(timeout=120_000)
    expect(panel.get_by_role("status").first).to_have_text("جاهز", timeout=120_000)
    with page.expect_download() as download:
        panel.get_by_role("link", name="تنزيل").click()
    data = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Page" not in text
    assert "التشخيص المرجعي" in text  # "baseline diagnostic", in the manager edition's header
    assert not page.js_errors  # type: ignore[attr-defined]
