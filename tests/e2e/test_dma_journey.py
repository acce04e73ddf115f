"""A PME's manager reads the EU DMA scores of their demo diagnostic, by the page's labels."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.selectors import assessment_dma

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_reads_the_dma_scores_of_a_demo_result(
    page: Page, live_server, log_in, default_version
) -> None:
    call_command("load_demo")
    validated = Assessment.objects.filter(status="validated", kind="T0").order_by("id").first()
    assert validated is not None
    manager = validated.company.managers.first()
    log_in(manager)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}{validated.company.get_absolute_url()}")
    baseline = page.get_by_role("row", name=re.compile(r"Baseline \(T0\)"))
    baseline.get_by_role("link", name="Results").click()

    section = page.get_by_role("region", name="EU Digital Maturity Assessment (DMA)")
    expect(section).to_be_visible()
    table = section.get_by_role("table", name="Score out of 100 and coverage per EU DMA dimension")
    row = table.get_by_role("row", name=re.compile(r"^Automation and artificial intelligence"))
    reading = {r.label: r for r in assessment_dma(validated).rows}
    automation = reading["Automation and artificial intelligence"]
    expect(row.get_by_role("cell").first).to_have_text(str(automation.score))
    expect(row).to_contain_text(f"{automation.answered} of {automation.mapped}")
    overall = assessment_dma(validated).overall
    expect(section.get_by_text(f"DMA overall: {overall} / 100")).to_be_visible()
    page.screenshot(path="/tmp/dma-results.png", full_page=True)
    assert page.js_errors == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
