"""PDF report versions and their state machine: queued → rendering → ready, or failed."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from reports.documents import services as services
from reports.documents.models import Report
from reports.documents.selectors import report_is_stuck
from reports.documents.tasks import report_render, reports_requeue_stuck, retry_delay
from tests.reports.documents.test_pdf import finished_diagnostic

pytestmark = pytest.mark.django_db


def rendered(report: Report) -> Report:
    """Render a queued report, which must then exist."""
    result = services.report_render(report_id=report.pk)
    assert result is not None
    return result


def claimed(report: Report) -> Report:
    result = services._claim(report.pk)
    assert result is not None
    return result


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def diagnostic(company, small_version):
    return finished_diagnostic(company, small_version)


@pytest.fixture
def queued(diagnostic, consultant) -> Report:
    return services.report_request(assessment=diagnostic, language="fr", by=consultant)


@pytest.fixture
def broken_database(monkeypatch) -> None:
    """The database fails while the report's content is read (a busy SQLite, a restart)."""

    def content(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("reports.documents.pdf.render.roadmap_content", content)


def test_a_request_queues_version_one_with_who_asked_and_when(queued, consultant) -> None:
    assert queued.status == Report.Status.QUEUED
    assert queued.version == 1
    assert queued.language == "fr"
    assert queued.requested_by == consultant
    assert timezone.now() - queued.requested_at < datetime.timedelta(minutes=1)


def test_the_render_task_is_sent_once_the_request_is_committed(
    diagnostic, consultant, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent = []
    monkeypatch.setattr(report_render, "delay", lambda **kwargs: sent.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(assessment=diagnostic, language="en", by=consultant)

    assert sent == [{"report_id": report.pk}]


def test_asking_again_while_pending_gives_the_same_report(queued, diagnostic, consultant) -> None:
    again = services.report_request(assessment=diagnostic, language="fr", by=consultant)

    assert again.pk == queued.pk
    assert diagnostic.reports.count() == 1


def test_each_language_has_its_own_versions(queued, diagnostic, consultant) -> None:
    english = services.report_request(assessment=diagnostic, language="en", by=consultant)

    assert english.version == 1
    assert english.pk != queued.pk


def test_a_draft_diagnostic_has_no_report(company, small_version, consultant) -> None:
    draft = assessment_services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=small_version,
    )

    with pytest.raises(ValidationError, match="Submit the diagnostic"):
        services.report_request(assessment=draft, language="fr", by=consultant)


def test_two_reports_cannot_share_a_version(queued) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(assessment=queued.assessment, language="fr", version=1)


def test_rendering_stores_the_pdf_with_its_checksum_size_and_pages(queued) -> None:
    report = rendered(queued)

    assert report is not None
    assert report.status == Report.Status.READY
    assert report.attempts == 1
    data = services.report_path(report).read_bytes()
    assert report.checksum == hashlib.sha256(data).hexdigest()
    assert report.size == len(data)
    assert report.pages == len(PdfReader(services.report_path(report)).pages)
    assert report.started_at is not None
    assert report.finished_at is not None
    assert report.started_at <= report.finished_at
    assert not list(services.report_path(report).parent.glob("*.part"))


def test_reports_live_under_data_dir_not_a_web_root(queued, settings, tmp_path) -> None:
    report = rendered(queued)

    path = services.report_path(report)
    assert path.is_relative_to(tmp_path / "reports")
    assert not path.is_relative_to(settings.STATIC_ROOT)
    assert not path.is_relative_to(settings.MEDIA_ROOT)


def test_running_the_task_twice_renders_once(queued) -> None:
    first = rendered(queued)
    written = services.report_path(first).stat().st_mtime_ns

    second = services.report_render(report_id=queued.pk)

    assert second is None
    queued.refresh_from_db()
    assert queued.attempts == 1
    assert services.report_path(queued).stat().st_mtime_ns == written


def test_regenerating_keeps_the_previous_version_and_its_file(queued, diagnostic, staff) -> None:
    first = rendered(queued)
    second = services.report_request(assessment=diagnostic, language="fr", by=staff)
    second = rendered(second)

    assert (first.version, second.version) == (1, 2)
    assert second.requested_by == staff
    assert services.report_path(first).is_file()
    assert services.report_path(second).is_file()
    assert services.report_path(first) != services.report_path(second)


def test_a_render_overtaken_by_another_run_keeps_no_file(queued) -> None:
    claim = claimed(queued)
    Report.objects.filter(pk=queued.pk).update(attempts=claim.attempts + 1)
    temporary = services._write_temporary(claim, b"%PDF-1.7 stale")

    result = services._finish(claim, claim.attempts, temporary, b"%PDF-1.7 stale", 1)

    assert result.status == Report.Status.RENDERING
    assert not temporary.exists()
    assert not services.report_path(claim).exists()


def test_a_file_left_by_a_killed_worker_is_cleaned_up_on_the_next_attempt(queued) -> None:
    leftover = services._write_temporary(claimed(queued), b"half a PDF")
    Report.objects.filter(pk=queued.pk).update(status=Report.Status.QUEUED)

    report = rendered(queued)

    assert report.status == Report.Status.READY
    assert report.attempts == 2
    assert not leftover.exists()


@pytest.mark.usefixtures("broken_database")
def test_a_database_failure_while_rendering_is_a_transient_error(queued) -> None:
    with pytest.raises(services.TransientRenderError, match="database is locked"):
        services.report_render(report_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Report.Status.RENDERING
    assert not services.report_path(queued).exists()


@pytest.mark.usefixtures("broken_database")
def test_in_process_the_task_fails_at_once_with_the_reason(queued) -> None:
    outcome = report_render.apply(kwargs={"report_id": queued.pk}).get()

    assert outcome == "failed"
    queued.refresh_from_db()
    assert queued.status == Report.Status.FAILED
    assert "database is locked" in queued.error
    assert queued.finished_at is not None
    assert not list(services.reports_root().rglob("*.pdf"))


def test_on_a_worker_a_transient_failure_is_retried_with_backoff(queued, monkeypatch) -> None:
    def failing(*, report_id: int) -> None:
        services._claim(report_id)
        raise services.TransientRenderError("database unavailable: server closed the connection")

    class Retried(Exception):
        pass

    retries = []

    def retry(*, exc: Exception, countdown: int) -> Exception:
        retries.append(countdown)
        return Retried()

    monkeypatch.setattr(services, "report_render", failing)
    monkeypatch.setattr(report_render, "retry", retry)
    report_render.push_request(retries=1, is_eager=False)
    try:
        with pytest.raises(Retried):
            report_render.run(report_id=queued.pk)
    finally:
        report_render.pop_request()

    assert retries == [retry_delay(1)] == [20]
    queued.refresh_from_db()
    assert queued.status == Report.Status.QUEUED
    assert "trying again in 20 s" in queued.error


def test_the_last_retry_marks_the_report_failed(queued, monkeypatch) -> None:
    def failing(*, report_id: int) -> None:
        services._claim(report_id)
        raise services.TransientRenderError("database unavailable")

    monkeypatch.setattr(services, "report_render", failing)
    report_render.push_request(retries=report_render.max_retries, is_eager=False)
    try:
        outcome = report_render.run(report_id=queued.pk)
    finally:
        report_render.pop_request()

    assert outcome == "failed"
    queued.refresh_from_db()
    assert (queued.status, queued.error) == (Report.Status.FAILED, "database unavailable")


def test_a_broken_template_fails_for_good_with_the_reason(queued, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a template tag exploded")

    monkeypatch.setattr("reports.documents.pdf.render.roadmap_content", broken)

    report = rendered(queued)

    assert report.status == Report.Status.FAILED
    assert report.error == "ValueError: a template tag exploded"


@pytest.mark.usefixtures("broken_database")
def test_a_failed_report_can_be_retried_and_then_renders(queued, monkeypatch) -> None:
    report_render.apply(kwargs={"report_id": queued.pk})
    queued.refresh_from_db()
    assert queued.status == Report.Status.FAILED
    monkeypatch.undo()

    again = services.report_retry(report=queued)

    assert (again.status, again.error, again.version) == (Report.Status.QUEUED, "", 1)
    assert rendered(queued).status == Report.Status.READY


def test_a_ready_report_cannot_be_retried(queued) -> None:
    rendered(queued)
    queued.refresh_from_db()

    with pytest.raises(ValidationError):
        services.report_retry(report=queued)


def test_a_report_stuck_in_the_queue_is_queued_again_on_request(
    queued, diagnostic, consultant
) -> None:
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    Report.objects.filter(pk=queued.pk).update(queued_at=long_ago)
    queued.refresh_from_db()
    assert report_is_stuck(queued)

    again = services.report_request(assessment=diagnostic, language="fr", by=consultant)

    assert again.pk == queued.pk
    assert not report_is_stuck(again)
    assert again.queued_at > long_ago


def test_a_render_that_outlived_the_time_limit_is_stuck(queued) -> None:
    claimed(queued)
    queued.refresh_from_db()
    assert not report_is_stuck(queued)

    assert queued.started_at is not None
    later = queued.started_at + datetime.timedelta(hours=1)

    assert report_is_stuck(queued, now=later)


def test_the_backoff_doubles_up_to_five_minutes() -> None:
    assert [retry_delay(n) for n in range(7)] == [10, 20, 40, 80, 160, 300, 300]


@pytest.fixture
def staff(groups, cluster):
    from assessments.roles import Role
    from tests.factories import UserFactory

    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    cluster.staff.add(user)
    return user


def test_a_scheduled_sweep_queues_again_what_the_broker_lost(
    queued, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent = []
    monkeypatch.setattr(report_render, "delay", lambda **kwargs: sent.append(kwargs))
    fresh = services.reports_requeue_stuck()
    assert fresh == []
    Report.objects.filter(pk=queued.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    with django_capture_on_commit_callbacks(execute=True):
        requeued = services.reports_requeue_stuck()

    assert [r.pk for r in requeued] == [queued.pk]
    assert sent == [{"report_id": queued.pk}]
    assert timezone.now() - Report.objects.get(pk=queued.pk).queued_at < datetime.timedelta(
        minutes=1
    )


@pytest.mark.usefixtures("eager_tasks")
def test_the_scheduled_task_queues_again_the_stuck_reports(
    queued, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent = []
    monkeypatch.setattr(report_render, "delay", lambda **kwargs: sent.append(kwargs))
    Report.objects.filter(pk=queued.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert reports_requeue_stuck.delay().get() == 1

    assert sent == [{"report_id": queued.pk}]
