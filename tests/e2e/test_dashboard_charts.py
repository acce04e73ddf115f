"""The S&E dashboard draws its plotly charts under our Content Security Policy.

The CSP allows no inline style: plotly must neither inject its stylesheets nor set style
attributes while drawing (see config/staticfiles.plotly_style_guards and the heatmap).
"""

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.roles import Role
from assessments.selectors import applicable_questions
from tests.factories import VISIT, CompanyFactory, UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_charts_draw_without_a_console_error(
    page: Page, log_in, groups, small_version
) -> None:
    se_dataset(small_version)
    log_in(UserFactory(username="coord", role=Role.COORDINATOR))

    page.goto("/reports/se/?period=2026-Q4&scope=programme")

    charts = page.locator("[data-chart]")
    assert charts.count() >= 4
    for chart in charts.all():
        expect(chart.locator(".main-svg").first).to_be_attached()
    expect(page.locator(".heatmaplayer").first).to_be_attached()
    assert page.js_errors == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_on_a_phone_the_radar_fills_its_card_and_the_table_fits(
    page: Page, log_in, groups, default_version
) -> None:
    consultant = UserFactory(username="nadia", role=Role.CONSULTANT)
    company = CompanyFactory(consultants=[consultant])
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    for number, question in enumerate(applicable_questions(assessment)):
        services.answer_record(
            assessment=assessment, question=question, by=consultant, level=number % 6
        )
    log_in(consultant)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/diagnostics/{assessment.code}/results/")

    polar = page.locator("#radar-chart .polarlayer .plotbg path").first
    expect(polar).to_be_attached()
    box = polar.bounding_box()
    assert box is not None
    assert box["width"] > 150  # it was 92 px
    fits = "t => t.scrollWidth <= t.clientWidth"
    assert page.locator(".table-responsive").first.evaluate(fits)
