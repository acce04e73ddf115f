"""The account page: the language of one's e-mails and a switch per kind of one's role."""

import pytest
from django.urls import reverse

from assessments.notifications.models import MailPreference
from assessments.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("assessments:account")


def test_it_asks_an_anonymous_visitor_to_log_in(client) -> None:
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (
            Role.PME_MANAGER,
            {"diagnostic_validated", "day_coming", "report_ready"},
            {"diagnostic_submitted", "value_submitted"},
        ),
        (
            Role.CLUSTER_STAFF,
            {"diagnostic_submitted", "report_ready"},
            {"diagnostic_validated", "day_coming", "value_submitted"},
        ),
        (
            Role.CONSULTANT,
            {"day_coming", "report_ready"},
            {"diagnostic_submitted", "diagnostic_validated", "value_submitted"},
        ),
        (Role.COORDINATOR, {"value_submitted", "report_ready"}, {"day_coming"}),
    ],
)
def test_it_offers_a_switch_for_each_kind_that_concerns_the_role(
    client, groups, role, offered, not_offered
) -> None:
    client.force_login(UserFactory(role=role))

    page = client.get(ACCOUNT).content.decode()

    for key in offered:
        assert f'name="kind_{key}"' in page
    for key in not_offered:
        assert f'name="kind_{key}"' not in page


def test_everything_is_on_until_switched_off(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))

    page = client.get(ACCOUNT).content.decode()

    assert page.count('type="checkbox"') == page.count(" checked") == 3


def test_it_saves_the_language_and_the_kinds_switched_off(client, groups) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    client.force_login(manager)

    response = client.post(
        ACCOUNT, {"language": "en", "kind_report_ready": "on", "kind_day_coming": "on"}
    )

    assert response.status_code == 302
    preference = MailPreference.objects.get(user=manager)
    assert preference.language == "en"
    assert preference.muted == ["diagnostic_validated"]
    page = client.get(ACCOUNT).content.decode()
    assert 'name="kind_diagnostic_validated" id="id_kind_diagnostic_validated">' in page
    assert '<option value="en" selected>' in page


def test_a_kind_switched_off_under_another_role_stays_off(client, groups) -> None:
    user = UserFactory(role=Role.PME_MANAGER)
    MailPreference.objects.create(user=user, muted=["value_submitted"])
    client.force_login(user)

    client.post(ACCOUNT, {"language": "", "kind_report_ready": "on"})

    assert sorted(MailPreference.objects.get(user=user).muted) == [
        "day_coming",
        "diagnostic_validated",
        "value_submitted",
    ]


def test_a_language_that_does_not_exist_is_refused_in_the_users_language(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))

    response = client.post(ACCOUNT, {"language": "xx", "kind_day_coming": "on"})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert 'name="kind_day_coming" id="id_kind_day_coming" checked' in response.content.decode()
    assert not MailPreference.objects.exists()


def test_the_navigation_links_every_user_to_their_account(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    assert ACCOUNT in client.get("/").content.decode()


def test_the_account_page_links_to_the_api_only_for_the_roles_that_use_it(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    assert reverse("assessments:api_token") not in client.get(ACCOUNT).content.decode()
    client.force_login(UserFactory(role=Role.CONSULTANT))
    assert reverse("assessments:api_token") in client.get(ACCOUNT).content.decode()
