"""Celery tasks of the documents: thin interfaces over services, ids as keyword arguments."""

from celery import shared_task

from reports.documents import services

RETRY_BASE_SECONDS = 10
RETRY_MAX_SECONDS = 300


def retry_delay(retries: int) -> int:
    """Exponential backoff: 10 s, 20 s, 40 s… capped at five minutes."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**retries)


# The task keeps the name it had before the layout moved: queued messages still find it.
@shared_task(
    bind=True,
    name="reports.tasks.report_render",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
)
def report_render(self, *, report_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render one PDF report. Safe to run twice; a killed worker's job is delivered again."""
    try:
        report = services.report_render(report_id=report_id)
    except services.TransientRenderError as exc:
        # In-process (no broker), a retry would only make the user wait longer.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            services.report_fail(report_id=report_id, reason=str(exc))
            return "failed"
        delay = retry_delay(self.request.retries)
        services.report_requeue(report_id=report_id, reason=f"{exc} (trying again in {delay} s)")
        raise self.retry(exc=exc, countdown=delay) from exc
    return report.status if report is not None else "skipped"


@shared_task(name="reports.documents.tasks.reports_requeue_stuck", acks_late=True)
def reports_requeue_stuck() -> int:
    """Queue again the reports a lost message or a dead worker left waiting (Celery beat)."""
    return len(services.reports_requeue_stuck())
