"""Celery tasks: thin interfaces over services, taking ids as keyword arguments."""

from celery import shared_task
from celery.app.task import Task
from django.db import transaction

from assessments.models import Assessment
from assessments.notifications import services as notifications
from assessments.notifications.tasks import backoff
from assessments.services import assessment_mark_notified
from config.api.tokens import tokens_purge_expired


@shared_task(bind=True, acks_late=True, max_retries=8)
def assessment_notify_managers(self: Task, *, assessment_id: int) -> int:
    """Tell the PME's managers that their validated diagnostic is ready to read.

    The e-mail itself is the ``diagnostic_validated`` kind (each manager in their language,
    unless they switched it off); each sending is recorded, so a redelivered or duplicated
    message sends nothing twice. ``notified_at`` says when the managers were told.
    """
    try:
        sent = notifications.notification_send(kind="diagnostic_validated", object_id=assessment_id)
    except OSError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .filter(pk=assessment_id, status=Assessment.Status.VALIDATED, notified_at__isnull=True)
            .first()
        )
        if assessment is not None:
            assessment_mark_notified(assessment=assessment)
    return sent


@shared_task(acks_late=True)
def api_tokens_purge_expired() -> int:
    """Celery beat's daily purge of the API tokens expired for a month."""
    return tokens_purge_expired()
