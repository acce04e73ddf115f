"""A consultant turns a submitted diagnostic into the eight-day plan and logs day 1."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.accompaniment.models import Plan, PlanDay, PlanSlot
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(default_version, groups) -> Assessment:
    consultant = UserFactory(username="amina", role=Role.CONSULTANT)
    company = CompanyFactory(cluster=ClusterFactory(), consultants=[consultant])
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=1)
    return services.assessment_submit(assessment=assessment, by=consultant)


def used_half_days(page: Page) -> int:
    return int(page.locator("#budget-used").get_attribute("data-used") or 0)


def test_a_consultant_agrees_a_plan_moves_an_action_and_logs_day_one(
    page: Page, log_in, submitted: Assessment
) -> None:
    log_in(submitted.consultant)
    page.goto(submitted.get_absolute_url())
    page.click("#open-roadmap")
    page.click("#roadmap-propose")
    expect(page.locator(".roadmap-table tbody tr").first).to_be_visible()
    page.click("#plan-propose")
    expect(page.locator("#plan-status")).to_have_attribute("data-status", "draft")
    assert 12 <= used_half_days(page) <= 16  # as many as the proposed actions fill

    # Free day 4, then move an action of day 6 there.
    for _ in range(page.locator("#day-4 .slot[data-kind=action]").count()):
        page.locator("#day-4 .slot[data-kind=action] button[aria-label]").first.click()
    assert page.locator("#day-4 .slot").count() == 0
    moved = page.locator("#day-6 .slot[data-kind=action]").first
    slot_id = moved.get_attribute("data-slot")
    moved.locator("select[name=day]").select_option("4")
    moved.locator(".slot-move button").click()
    expect(page.locator(f"#day-4 .slot[data-slot='{slot_id}']")).to_be_visible()
    assert PlanSlot.objects.get(pk=slot_id).day.number == 4

    # Fill the plan up to 16 half-days, then ask for more: refused, nothing added.
    while used_half_days(page) < 16:
        free_day = next(
            n
            for n in range(1, 9)
            if page.locator(f"#day-{n} .badge[title]").inner_text().startswith(("0", "1"))
        )
        page.select_option("#slot-add select[name=item]", index=1)
        page.select_option("#slot-add select[name=day]", str(free_day))
        page.select_option("#slot-add select[name=half_days]", "1")
        page.click("#slot-add button")
    page.select_option("#slot-add select[name=item]", index=1)
    page.select_option("#slot-add select[name=day]", "3")
    page.click("#slot-add button")
    expect(page.locator(".alert-danger")).to_contain_text("16")
    assert used_half_days(page) == 16

    page.click("#plan-agree")
    expect(page.locator("#plan-status")).to_have_attribute("data-status", "agreed")

    page.locator("#day-1 .day-log-link").click()
    page.check("input[name=outcome][value=done]")
    page.fill("textarea[name=achieved]", "Lancement avec la direction ; périmètre validé.")
    page.fill("textarea[name=attendees]", "M. Alaoui, directeur général")
    expect(page.locator("input[name=hours]")).to_have_attribute("inputmode", "decimal")
    page.fill("input[name=hours]", "7,5")  # typed the French way
    page.locator("input[name=completed]").first.check()
    page.click("#day-log-form button")
    expect(page.locator("#plan-status")).to_have_attribute("data-status", "in_progress")
    expect(page.locator("#day-1 .day-log")).to_contain_text("Lancement avec la direction")
    expect(page.locator("#day-1")).to_contain_text("7,5 h")
    day_one = PlanDay.objects.get(plan__assessment=submitted, number=1)
    assert day_one.outcome == PlanDay.Outcome.DONE
    assert day_one.hours == Decimal("7.5")
    assert Plan.objects.get(assessment=submitted).status == Plan.Status.IN_PROGRESS
    assert page.js_errors == []  # type: ignore[attr-defined]
