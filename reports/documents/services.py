"""Writes for PDF reports: ask for one, render it (from a task), retry it.

A report's life: queued → rendering → ready, or failed with the reason. Rendering
is safe to run twice: the row is claimed under a lock, the PDF is written to a
temporary file in the target directory and moved into place only if the claim
still holds, so that a killed worker never leaves a half-written file behind.
"""

import datetime
import hashlib
import logging
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment, Cluster
from assessments.notifications.services import notification_enqueue
from assessments.selectors import User
from reports.documents.models import Report
from reports.documents.rules import can_request_brief
from reports.documents.selectors import brief_pending, briefs_of, report_is_stuck, report_pending
from reports.monitoring.models import Period

if TYPE_CHECKING:
    from reports.documents.pdf.render import RenderedPdf

logger = logging.getLogger(__name__)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may go away (the chart engine, the database)."""


def reports_root() -> Path:
    """Where PDFs live: under DATA_DIR, never under a web root."""
    return Path(settings.DATA_DIR) / "reports"


def report_path(report: Report) -> Path:
    return reports_root() / report.file


@transaction.atomic
def report_request(
    *,
    assessment: Assessment,
    language: str,
    by: User | None,
    edition: str = Report.Edition.MANAGER,
) -> Report:
    """Queue a new version of the diagnostic's PDF roadmap in ``language`` and ``edition``.

    Asking again while a report of that language is queued or rendering returns
    that report (re-queued if it is stuck) rather than a new version.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.DRAFT:
        raise ValidationError(_("Submit the diagnostic before asking for its PDF roadmap."))
    if language not in Report.Language.values:
        raise ValidationError(_("A report is written in French, English or Arabic."))
    if edition not in Report.Edition.values:
        raise ValidationError(_("A roadmap comes in a manager edition or a detailed one."))
    pending = report_pending(assessment=assessment, language=language, edition=edition)
    if pending is not None:
        return _requeue_if_stuck(pending)
    latest = assessment.reports.filter(language=language).aggregate(Max("version"))
    report = Report(
        assessment=assessment,
        language=language,
        edition=edition,
        version=(latest["version__max"] or 0) + 1,
        requested_by=by if by is not None and by.is_authenticated else None,
        requested_at=timezone.now(),
        queued_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    _enqueue(report)
    return report


@transaction.atomic
def brief_request(*, cluster: Cluster, period: Period, language: str, by: User) -> Report:
    """Queue a new version of the cluster's S&E brief for ``period`` in ``language``.

    Like :func:`report_request`, asking again while one is pending returns that one.
    """
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not can_request_brief(by, cluster):
        raise PermissionDenied
    if language not in Report.Language.values:
        raise ValidationError(_("A report is written in French, English or Arabic."))
    pending = brief_pending(cluster=cluster, period=period, language=language)
    if pending is not None:
        return _requeue_if_stuck(pending)
    latest = briefs_of(cluster=cluster, period=period).filter(language=language)
    report = Report(
        kind=Report.Kind.SE_BRIEF,
        cluster=cluster,
        period=period,
        language=language,
        version=(latest.aggregate(Max("version"))["version__max"] or 0) + 1,
        requested_by=by,
        requested_at=timezone.now(),
        queued_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    _enqueue(report)
    return report


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """Queue a failed (or stuck) report again, under the same version."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED and not report_is_stuck(report):
        raise ValidationError(_("Only a failed or stuck report can be tried again."))
    return _queue_again(report)


def report_render(*, report_id: int) -> Report | None:
    """Render a queued report and store its PDF; None when there is nothing to do.

    Raises :class:`TransientRenderError` for failures worth a retry; any other
    failure is recorded on the report (status failed, with the reason).
    """
    try:
        report = _claim(report_id)
    except (OperationalError, InterfaceError) as exc:
        raise TransientRenderError(f"database unavailable: {exc}") from exc
    if report is None:
        return None
    attempt = report.attempts
    try:
        rendered = _render(report)
        temporary = _write_temporary(report, rendered.data)
    except (OperationalError, InterfaceError) as exc:
        raise TransientRenderError(str(exc)) from exc
    except Exception as exc:
        logger.exception("Rendering report %s failed", report.code)
        return report_fail(report_id=report.pk, reason=_reason(exc))
    return _finish(report, attempt, temporary, rendered.data, rendered.pages)


def _render(report: Report) -> "RenderedPdf":
    from reports.documents.pdf.brief import render_brief
    from reports.documents.pdf.render import render_roadmap

    if report.kind == Report.Kind.SE_BRIEF:
        assert report.cluster is not None
        assert report.period is not None
        viewer = report.requested_by
        return render_brief(
            report.cluster,
            report.period,
            language=report.language,
            viewer=viewer,
            today=timezone.localdate(),
        )
    assert report.assessment is not None
    return render_roadmap(
        report.assessment,
        language=report.language,
        version=report.version,
        today=timezone.localdate(),
        edition=report.edition,
    )


@transaction.atomic
def report_fail(*, report_id: int, reason: str) -> Report:
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.status == Report.Status.READY:
        return report
    report.status = Report.Status.FAILED
    report.error = reason[:2000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    return report


@transaction.atomic
def report_requeue(*, report_id: int, reason: str) -> Report:
    """Back to the queue after a transient failure; the reason stays visible meanwhile."""
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.status == Report.Status.RENDERING:
        report.status = Report.Status.QUEUED
        report.error = reason[:2000]
        report.queued_at = timezone.now()
        report.save(update_fields=["status", "error", "queued_at"])
    return report


def _requeue_if_stuck(report: Report) -> Report:
    return _queue_again(report) if report_is_stuck(report) else report


def _queue_again(report: Report) -> Report:
    report.status = Report.Status.QUEUED
    report.error = ""
    report.queued_at = timezone.now()
    report.started_at = report.finished_at = None
    report.save(update_fields=["status", "error", "queued_at", "started_at", "finished_at"])
    _enqueue(report)
    return report


def _enqueue(report: Report) -> None:
    from reports.documents.tasks import report_render as task

    report_id = report.pk
    transaction.on_commit(lambda: task.delay(report_id=report_id))


@transaction.atomic
def _claim(report_id: int) -> Report | None:
    report = (
        # Lock the report row only: the related rows are read, not changed.
        Report.objects.select_for_update(of=("self",))
        .select_related(
            "cluster",
            "period",
            "requested_by",
            "assessment__company__cluster",
            "assessment__framework_version__framework",
            "assessment__consultant",
            "assessment__baseline",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status not in (Report.Status.QUEUED, Report.Status.RENDERING):
        return None
    report.status = Report.Status.RENDERING
    report.started_at = timezone.now()
    report.attempts += 1
    report.file = f"{_folder(report)}/{report.code}.pdf"
    report.save(update_fields=["status", "started_at", "attempts", "file"])
    # A worker killed during an earlier attempt may have left its temporary file.
    for leftover in report_path(report).parent.glob(f".{report.code}.*.part"):
        leftover.unlink(missing_ok=True)
    return report


def _folder(report: Report) -> str:
    """A roadmap's diagnostic, or a brief's cluster: the folder its versions share."""
    if report.assessment is not None:
        return str(report.assessment.code)
    assert report.cluster is not None
    return f"briefs/{report.cluster.code}"


def _write_temporary(report: Report, data: bytes) -> Path:
    target = report_path(report)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{report.code}.{uuid.uuid4().hex}.part")
    with temporary.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return temporary


def _finish(report: Report, attempt: int, temporary: Path, data: bytes, pages: int) -> Report:
    try:
        with transaction.atomic():
            current = Report.objects.select_for_update().get(pk=report.pk)
            if current.status != Report.Status.RENDERING or current.attempts != attempt:
                # Another run claimed the report meanwhile: its file wins.
                temporary.unlink(missing_ok=True)
                return current
            os.replace(temporary, report_path(current))
            current.status = Report.Status.READY
            current.error = ""
            current.checksum = hashlib.sha256(data).hexdigest()
            current.size = len(data)
            current.pages = pages
            current.finished_at = timezone.now()
            current.save(
                update_fields=["status", "error", "checksum", "size", "pages", "finished_at"]
            )
            notification_enqueue(kind="report_ready", object_id=current.pk)
            return current
    except DatabaseError as exc:
        temporary.unlink(missing_ok=True)
        raise TransientRenderError(f"database unavailable: {exc}") from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "rendering took longer than the time limit"
    return f"{type(exc).__name__}: {exc}"


def reports_requeue_stuck(*, now: datetime.datetime | None = None) -> list[Report]:
    """Queue again every report stuck in the queue or in a dead worker (for a scheduled job).

    A broker that restarted without persistence loses its queued messages; the
    report rows still say what is left to do.
    """
    requeued = []
    pending = Report.objects.filter(status__in=[Report.Status.QUEUED, Report.Status.RENDERING])
    for report in pending:
        if report_is_stuck(report, now=now):
            with transaction.atomic():
                locked = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
                if report_is_stuck(locked, now=now):
                    requeued.append(_queue_again(locked))
    return requeued
