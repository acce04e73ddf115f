"""Celery tasks: thin interfaces over services, taking ids as keyword arguments."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment
from assessments.services import assessment_mark_notified
from config.api.tokens import tokens_purge_expired


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def assessment_notify_managers(self, *, assessment_id: int) -> int:  # type: ignore[no-untyped-def]
    """Tell the PME's managers that their validated diagnostic is ready to read.

    The row is locked while sending, so a redelivered or duplicated message
    finds ``notified_at`` set and sends nothing.
    """
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("company", "consultant")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None or assessment.notified_at is not None:
            return 0
        return _notify(self, assessment)


def _notify(task, assessment: Assessment) -> int:  # type: ignore[no-untyped-def]
    recipients = [u.email for u in assessment.company.managers.all() if u.email]
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(
                "assessments/email/validated_subject.txt", {"assessment": assessment}
            ).strip()
            body = render_to_string("assessments/email/validated.txt", {"assessment": assessment})
        try:
            send_mail(subject, body, None, recipients)
        except OSError as exc:
            raise task.retry(exc=exc) from exc
    assessment_mark_notified(assessment=assessment)
    return len(recipients)


@shared_task(acks_late=True)
def api_tokens_purge_expired() -> int:
    """Celery beat's daily purge of the API tokens expired for a month."""
    return tokens_purge_expired()
