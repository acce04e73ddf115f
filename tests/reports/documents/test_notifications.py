"""A PDF is ready: whoever asked for it and the PME's managers hear of it, once."""

import pytest
from django.core import mail

from assessments.notifications import services as notifications
from assessments.roles import Role
from reports.documents import services
from reports.documents.models import Report
from tests.factories import UserFactory
from tests.reports.documents.test_pdf import finished_diagnostic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    settings.SITE_URL = "https://maturite.example.org"


def finish(report: Report) -> Report:
    """The end of a render: the file moved into place, the report marked ready."""
    claim = services._claim(report.pk)
    assert claim is not None
    temporary = services._write_temporary(claim, b"%PDF-1.7 test")
    return services._finish(claim, claim.attempts, temporary, b"%PDF-1.7 test", 1)


def test_a_ready_roadmap_is_mailed_to_who_asked_and_the_pmes_managers(
    company, small_version, consultant, django_capture_on_commit_callbacks
) -> None:
    manager = UserFactory(username="amal", role=Role.PME_MANAGER)
    notifications.mail_preferences_save(user=manager, language="en", muted=[])
    company.managers.add(manager)
    report = services.report_request(
        assessment=finished_diagnostic(company, small_version), language="fr", by=consultant
    )

    with django_capture_on_commit_callbacks(execute=True):
        finish(report)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {consultant.email, "amal@example.ma"}
    assert by_address["amal@example.ma"].subject == "Your PDF roadmap is ready — Atlas Circuits"
    assert by_address[consultant.email].subject.startswith("Votre feuille de route PDF est prête")
    download = f"https://maturite.example.org/reports/pdf/{report.code}/download/"
    assert download in by_address["amal@example.ma"].body


def test_a_report_not_ready_is_not_announced(company, small_version, consultant) -> None:
    report = services.report_request(
        assessment=finished_diagnostic(company, small_version), language="fr", by=consultant
    )

    assert notifications.notification_send(kind="report_ready", object_id=report.pk) == 0
    assert mail.outbox == []


def test_a_manager_of_another_pme_is_not_told(
    company, other_company, small_version, consultant, django_capture_on_commit_callbacks
) -> None:
    other_company.managers.add(UserFactory(username="omar", role=Role.PME_MANAGER))
    report = services.report_request(
        assessment=finished_diagnostic(company, small_version), language="fr", by=consultant
    )

    with django_capture_on_commit_callbacks(execute=True):
        finish(report)

    assert [m.to for m in mail.outbox] == [[consultant.email]]
