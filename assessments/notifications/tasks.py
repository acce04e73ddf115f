"""Celery tasks of e-mail: thin interfaces over services, ids as keyword arguments."""

from celery import shared_task
from celery.app.task import Task

from assessments.notifications import services

MAX_RETRIES = 8


def backoff(retries: int) -> int:
    """Seconds before the next try: 30 s, 1 min, 2 min… up to an hour."""
    return int(min(30 * 2**retries, 3600))


@shared_task(
    bind=True,
    name="assessments.notifications.tasks.notification_send",
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def notification_send(self: Task, *, kind: str, object_id: int) -> int:
    try:
        return services.notification_send(kind=kind, object_id=object_id)
    except OSError as exc:  # smtplib.SMTPException, refused or lost connections
        if self.request.is_eager:
            raise  # in-process, there is no broker to retry later: the caller logs it
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(name="assessments.notifications.tasks.day_reminders_send", acks_late=True)
def day_reminders_send() -> int:
    return services.day_reminders_send()
