"""A value submitted for approval: those who may approve it hear of it, never its author."""

from decimal import Decimal

import pytest
from django.core import mail

from assessments.notifications import services as notifications
from assessments.roles import Role
from reports.monitoring.models import Indicator, Period
from reports.monitoring.services import indicators as services
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


def test_a_submitted_value_is_mailed_to_the_approvers_but_not_its_author(
    dataset, groups, django_capture_on_commit_callbacks
) -> None:
    author = UserFactory(username="coord-a", role=Role.COORDINATOR)
    second = UserFactory(username="coord-b", role=Role.COORDINATOR)
    notifications.mail_preferences_save(user=second, language="en", muted=[])
    staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    dataset["c1"].staff.add(staff)
    value = services.indicator_value_enter(
        indicator=Indicator.objects.get(code="pme-satisfaction"),
        period=Period.objects.get(code="2026-Q3"),
        cluster=None,
        by=author,
        value=Decimal("4.1"),
        n=12,
        comment="Survey",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.indicator_value_submit(
            indicator=value.indicator, period=value.period, cluster=None, by=author
        )

    (message,) = mail.outbox
    assert message.to == [second.email]
    assert message.subject == "A value waits for your approval — pme-satisfaction, 2026-Q3"
    assert "/reports/se/approvals/" in message.body


def test_a_coordinator_who_switched_it_off_is_not_told(
    dataset, groups, django_capture_on_commit_callbacks
) -> None:
    staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    dataset["c1"].staff.add(staff)
    quiet = UserFactory(username="coord", role=Role.COORDINATOR)
    notifications.mail_preferences_save(user=quiet, language="", muted=["value_submitted"])
    listening = UserFactory(username="coord-2", role=Role.COORDINATOR)

    with django_capture_on_commit_callbacks(execute=True):
        services.indicator_value_submit(
            indicator=Indicator.objects.get(code="webinars-held"),
            period=Period.objects.get(code="2026-Q3"),
            cluster=dataset["c1"],
            by=staff,
        )

    assert [m.to for m in mail.outbox] == [[listening.email]]
