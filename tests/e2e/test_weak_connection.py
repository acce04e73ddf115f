"""Answers survive a lost connection, a reload, and a colleague editing the same answer."""

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from assessments import services
from assessments.models import Answer, Assessment
from assessments.roles import Role
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE = "**/answers/**"


@pytest.fixture
def draft(small_version, groups) -> Assessment:
    consultant = UserFactory(
        username="sara", first_name="Sara", last_name="Moussaoui", role=Role.CONSULTANT
    )
    company = CompanyFactory(consultants=[consultant])
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


def axis_a(assessment: Assessment) -> str:
    return f"/diagnostics/{assessment.code}/axes/A/"


def offline(route: Route) -> None:
    route.abort("internetdisconnected")


def test_an_answer_given_offline_is_kept_across_a_reload_and_sent_later(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.route(SAVE, offline)
    page.goto(axis_a(draft))
    page.click('label[for="A1-l3"]')
    page.fill('textarea[name="A1-comment"]', "Ligne 2 arrêtée pendant la visite")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small failed")
    expect(page.locator("#unsaved-banner")).to_be_visible()
    expect(page.locator("#unsaved-banner")).to_contain_text("1")
    assert not Answer.objects.exists()

    page.reload()  # the browser was closed, or the tablet restarted, still offline
    expect(page.locator("input#A1-l3")).to_be_checked()
    expect(page.locator('textarea[name="A1-comment"]')).to_have_value(
        "Ligne 2 arrêtée pendant la visite"
    )
    expect(page.locator("#unsaved-banner")).to_be_visible()

    page.unroute(SAVE)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small saved")
    expect(page.locator("#unsaved-banner")).to_be_hidden()
    answer = Answer.objects.get()
    assert (answer.level, answer.comment) == (3, "Ligne 2 arrêtée pendant la visite")


def test_a_colleagues_newer_answer_is_shown_and_the_user_chooses(
    browser: Browser, live_server, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.goto(axis_a(draft))  # Sara's page shows A1 unanswered (revision 0)
    colleague = UserFactory(first_name="Driss", last_name="El Ouafi", role=Role.CONSULTANT)
    draft.company.consultants.add(colleague)
    question = draft.framework_version.axes.get(code="A").questions.get(code="A1")
    services.answer_record(
        assessment=draft,
        question=question,
        by=colleague,
        level=4,
        comment="Vu avec le chef d'atelier",
    )

    page.click('label[for="A1-l1"]')
    conflict = page.locator("#q-A1 .conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Driss El Ouafi")
    expect(conflict).to_contain_text("Vu avec le chef d'atelier")
    assert Answer.objects.get().level == 4  # nothing overwritten silently

    page.click("#q-A1 .keep-mine")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small saved")
    assert Answer.objects.get().level == 1
    assert Answer.objects.get().updated_by == draft.consultant
