"""The S&E dashboard draws its plotly charts under our Content Security Policy.

The CSP allows no inline style: plotly must neither inject its stylesheets nor set style
attributes while drawing (see config/staticfiles.plotly_style_guards and the heatmap).
"""

import pytest
from playwright.sync_api import Page, expect

from assessments.roles import Role
from tests.factories import UserFactory
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
