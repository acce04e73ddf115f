"""The report panel, requests, polling, downloads and retries, with their permissions."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from assessments.models import Assessment
from assessments.roles import Role
from reports.documents import services as services
from reports.documents.models import Report
from tests.factories import UserFactory
from tests.reports.documents.test_pdf import finished_diagnostic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def diagnostic(company, small_version) -> Assessment:
    return finished_diagnostic(company, small_version)


@pytest.fixture
def manager(groups, company):
    user = UserFactory(username="manager", role=Role.PME_MANAGER)
    company.managers.add(user)
    return user


@pytest.fixture
def ready(diagnostic, consultant) -> Report:
    report = services.report_request(assessment=diagnostic, language="fr", by=consultant)
    result = services.report_render(report_id=report.pk)
    assert result is not None
    return result


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def results_url(assessment: Assessment) -> str:
    return reverse("assessments:results", args=[assessment.code])


def test_the_consultant_can_ask_for_a_pdf_from_the_results_page(consultant, diagnostic) -> None:
    page = logged_in(consultant).get(results_url(diagnostic)).content.decode()

    assert 'id="reports"' in page
    assert f'action="{reverse("reports:report_request", args=[diagnostic.code])}"' in page
    assert "js/reports.js" in page


@pytest.mark.usefixtures("eager_tasks")
def test_asking_renders_in_process_without_a_broker(
    consultant, diagnostic, django_capture_on_commit_callbacks
) -> None:
    client = logged_in(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_request", args=[diagnostic.code]),
            {"language": "en", "next": results_url(diagnostic)},
        )

    assert response.status_code == 302
    assert response["Location"] == f"{results_url(diagnostic)}#reports"
    report = diagnostic.reports.get()
    assert (report.status, report.language, report.requested_by) == ("ready", "en", consultant)
    page = client.get(results_url(diagnostic)).content.decode()
    assert reverse("reports:report_download", args=[report.code]) in page


def test_a_request_with_an_unknown_language_creates_nothing(consultant, diagnostic) -> None:
    logged_in(consultant).post(
        reverse("reports:report_request", args=[diagnostic.code]), {"language": "de"}
    )

    assert not diagnostic.reports.exists()


def test_next_cannot_send_the_user_to_another_site(consultant, diagnostic) -> None:
    response = logged_in(consultant).post(
        reverse("reports:report_request", args=[diagnostic.code]),
        {"language": "fr", "next": "https://evil.example/"},
    )

    assert response["Location"] == f"{diagnostic.get_absolute_url()}#reports"


def test_the_panel_polls_while_a_report_is_pending(consultant, diagnostic) -> None:
    services.report_request(assessment=diagnostic, language="fr", by=consultant)

    fragment = (
        logged_in(consultant)
        .get(reverse("reports:report_panel", args=[diagnostic.code]))
        .content.decode()
    )

    assert 'data-pending="true"' in fragment
    assert 'data-status="queued"' in fragment
    with translation.override("fr"):
        assert escape(str(Report.Status.QUEUED.label)) in fragment
    assert "<html" not in fragment


def test_the_panel_stops_polling_once_ready(consultant, diagnostic, ready) -> None:
    fragment = (
        logged_in(consultant)
        .get(reverse("reports:report_panel", args=[diagnostic.code]))
        .content.decode()
    )

    assert 'data-pending="false"' in fragment
    assert reverse("reports:report_download", args=[ready.code]) in fragment


def test_a_failed_report_shows_its_reason_and_can_be_retried(consultant, diagnostic) -> None:
    report = services.report_request(assessment=diagnostic, language="fr", by=consultant)
    services.report_fail(report_id=report.pk, reason="the chart engine could not start")
    client = logged_in(consultant)

    fragment = client.get(reverse("reports:report_panel", args=[diagnostic.code])).content.decode()
    response = client.post(reverse("reports:report_retry", args=[report.code]))

    assert "the chart engine could not start" in fragment
    assert reverse("reports:report_retry", args=[report.code]) in fragment
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED


def test_the_download_serves_the_pdf_as_an_attachment(consultant, ready) -> None:
    response = logged_in(consultant).get(reverse("reports:report_download", args=[ready.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "atlas-circuits-feuille-de-route-industrie-40-T0-v1-fr.pdf"
        in response["Content-Disposition"]
    )
    assert response.getvalue().startswith(b"%PDF-")


def test_the_pme_manager_downloads_and_asks_for_a_fresh_pdf(manager, diagnostic, ready) -> None:
    client = logged_in(manager)

    page = client.get(results_url(diagnostic)).content.decode()
    download = client.get(reverse("reports:report_download", args=[ready.code]))
    request = client.post(
        reverse("reports:report_request", args=[diagnostic.code]), {"language": "fr"}
    )

    assert reverse("reports:report_download", args=[ready.code]) in page
    assert f'action="{reverse("reports:report_request", args=[diagnostic.code])}"' in page
    assert download.status_code == 200
    assert request.status_code == 302
    assert diagnostic.reports.count() == 2


def test_cluster_staff_can_ask_for_a_pdf(groups, cluster, diagnostic) -> None:
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)

    response = logged_in(staff).post(
        reverse("reports:report_request", args=[diagnostic.code]), {"language": "fr"}
    )

    assert response.status_code == 302
    assert diagnostic.reports.get().requested_by == staff


@pytest.mark.parametrize("name", ["report_download", "report_retry"])
def test_another_consultants_report_is_404(other_consultant, ready, name) -> None:
    client = logged_in(other_consultant)
    url = reverse(f"reports:{name}", args=[ready.code])

    response = client.post(url) if name == "report_retry" else client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["report_request", "report_panel"])
def test_another_consultants_diagnostic_is_404(other_consultant, diagnostic, name) -> None:
    client = logged_in(other_consultant)
    url = reverse(f"reports:{name}", args=[diagnostic.code])

    response = client.post(url, {"language": "fr"}) if name == "report_request" else client.get(url)

    assert response.status_code == 404


def test_a_report_of_a_reopened_diagnostic_is_hidden_from_the_manager(
    manager, diagnostic, ready, coordinator
) -> None:
    from assessments import services as assessment_services

    assessment_services.assessment_reopen(assessment=diagnostic, by=coordinator, reason="Erreur")

    response = logged_in(manager).get(reverse("reports:report_download", args=[ready.code]))

    assert response.status_code == 404


def test_a_report_still_rendering_cannot_be_downloaded(consultant, diagnostic) -> None:
    report = services.report_request(assessment=diagnostic, language="fr", by=consultant)

    response = logged_in(consultant).get(reverse("reports:report_download", args=[report.code]))

    assert response.status_code == 404


def test_downloads_need_a_login(ready) -> None:
    response = Client().get(reverse("reports:report_download", args=[ready.code]))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_pme_page_lists_the_reports_of_each_finished_diagnostic(
    consultant, company, diagnostic, ready
) -> None:
    page = logged_in(consultant).get(company.get_absolute_url()).content.decode()

    assert f'id="reports-{diagnostic.code}"' in page
    assert reverse("reports:report_download", args=[ready.code]) in page
    assert "company=1" in page


def test_a_draft_shows_no_report_panel(consultant, company, small_version) -> None:
    from assessments import services as assessment_services
    from tests.factories import VISIT

    draft = assessment_services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )

    page = logged_in(consultant).get(results_url(draft)).content.decode()

    assert "data-report-panel" not in page


@pytest.fixture
def coordinator(groups):
    return UserFactory(username="coordinator", role=Role.COORDINATOR)
