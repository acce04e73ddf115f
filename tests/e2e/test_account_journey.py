"""A PME manager chooses, on their account page, which e-mails they receive and in which
language; driven by visible labels only, at a desktop and a phone width."""

import pytest
from playwright.sync_api import Page, expect

from assessments.notifications.models import MailPreference
from assessments.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def browser_context_args(request: pytest.FixtureRequest) -> dict[str, object]:
    return {"viewport": {"width": request.param, "height": 900}}


def test_a_manager_switches_an_e_mail_off_and_reads_the_others_in_english(
    page: Page, log_in, groups
) -> None:
    manager = UserFactory(
        username="amal", first_name="Amal", last_name="Idrissi", role=Role.PME_MANAGER
    )
    log_in(manager)
    page.goto("/account/")

    expect(page.get_by_role("heading", name="Mon compte")).to_be_visible()
    validated = page.get_by_label("Le diagnostic de ma PME est validé")
    expect(validated).to_be_checked()
    expect(page.get_by_label("Un diagnostic de mon cluster est soumis")).to_have_count(0)
    validated.uncheck()
    page.get_by_label("Langue de mes e-mails").select_option(label="Anglais")
    page.get_by_role("button", name="Enregistrer mes préférences").click()

    expect(page.get_by_text("Vos préférences d’e-mail sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Le diagnostic de ma PME est validé")).not_to_be_checked()
    preference = MailPreference.objects.get(user=manager)
    assert (preference.language, preference.muted) == ("en", ["diagnostic_validated"])
    assert page.js_errors == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_name_in_the_navigation_leads_to_the_account(page: Page, log_in, groups) -> None:
    log_in(UserFactory(first_name="Amal", last_name="Idrissi", role=Role.PME_MANAGER))
    page.goto("/")
    if page.get_by_role("button", name="Menu").is_visible():
        page.get_by_role("button", name="Menu").click()

    page.get_by_role("link", name="Amal Idrissi").click()

    expect(page.get_by_role("heading", name="Mon compte")).to_be_visible()
