"""Celery tasks of the reports app: thin interfaces over services, ids as keyword arguments."""

from celery import shared_task

from assessments.models import Cluster
from reports import services_indicators
from reports.services import documents

RETRY_BASE_SECONDS = 10
RETRY_MAX_SECONDS = 300


def retry_delay(retries: int) -> int:
    """Exponential backoff: 10 s, 20 s, 40 s… capped at five minutes."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**retries)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def report_render(self, *, report_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render one PDF report. Safe to run twice; a killed worker's job is delivered again."""
    try:
        report = documents.report_render(report_id=report_id)
    except documents.TransientRenderError as exc:
        # In-process (no broker), a retry would only make the user wait longer.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            documents.report_fail(report_id=report_id, reason=str(exc))
            return "failed"
        delay = retry_delay(self.request.retries)
        documents.report_requeue(report_id=report_id, reason=f"{exc} (trying again in {delay} s)")
        raise self.retry(exc=exc, countdown=delay) from exc
    return report.status if report is not None else "skipped"


@shared_task(acks_late=True)
def indicators_recheck(*, cluster_id: int | None) -> int:
    """Flag the reported S&E values a change of this cluster's data made stale."""
    cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
    if cluster_id and cluster is None:
        return 0
    return len(services_indicators.reported_values_recheck(cluster=cluster))
