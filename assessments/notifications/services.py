"""Writes for e-mail: preferences, and sending each kind's message once to each recipient."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments.notifications.kinds import KINDS, Kind, Mailing, absolute
from assessments.notifications.models import MailPreference, MailSent
from assessments.notifications.selectors import Addressee, addressees, days_coming

logger = logging.getLogger(__name__)


def mail_preferences_save(*, user: User, language: str, muted: list[str]) -> MailPreference:
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the site's languages."), code="language")
    unknown = set(muted) - set(KINDS)
    if unknown:
        raise ValidationError(_("Unknown kind of e-mail."), code="kind")
    preference, _created = MailPreference.objects.update_or_create(
        user=user,
        defaults={"language": language, "muted": sorted(muted), "updated_at": timezone.now()},
    )
    return preference


def notification_enqueue(*, kind: str, object_id: int) -> None:
    """Send ``kind``'s message about an object once the current transaction commits.

    Robust: a broker that is down, or in-process mail that fails, is logged; it never
    undoes or breaks the request that committed the change.
    """
    from assessments.notifications.tasks import notification_send as task

    if kind not in KINDS:
        raise ValueError(f"unknown kind of e-mail: {kind}")
    transaction.on_commit(lambda: task.delay(kind=kind, object_id=object_id), robust=True)


def notification_send(*, kind: str, object_id: int) -> int:
    """Send the message to each recipient who has not had it yet; how many were sent now.

    Each sending is recorded (``MailSent``) in the transaction that sends it: a failure
    part-way leaves those already sent recorded, and the task's retry sends only the rest.
    """
    spec = KINDS[kind]
    mailing = spec.mailing(object_id)
    if mailing is None:
        return 0
    return sum(_send_once(spec, mailing, addressee) for addressee in addressees(spec, mailing))


def _send_once(kind: Kind, mailing: Mailing, addressee: Addressee) -> int:
    with transaction.atomic():
        _row, created = MailSent.objects.get_or_create(
            kind=kind.key,
            key=mailing.key,
            address=addressee.address.lower(),
            defaults={"user": addressee.user, "language": addressee.language},
        )
        if not created:
            return 0
        with translation.override(addressee.language):
            message = _message(kind, mailing, addressee)
        message.send()
    return 1


def _message(kind: Kind, mailing: Mailing, addressee: Addressee) -> EmailMultiAlternatives:
    context = mailing.context | {
        "recipient": addressee.user,
        "link": absolute(mailing.path),
        "account_link": absolute(reverse("assessments:account")),
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string(f"{kind.template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{kind.template}.txt", context),
        to=[addressee.address],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": addressee.language},
    )
    message.attach_alternative(render_to_string(f"{kind.template}.html", context), "text/html")
    for attachment in mailing.attachments():
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def day_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue tomorrow's reminders (run daily by beat); how many days were queued.

    Running it again the same day sends nothing twice: each recipient's message is
    recorded by ``notification_send``.
    """
    from assessments.notifications.tasks import notification_send as task

    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    days = list(days_coming(on=tomorrow).values_list("pk", flat=True))
    for day_id in days:
        task.delay(kind="day_coming", object_id=day_id)
    logger.info("day reminders: %s day(s) on %s", len(days), tomorrow)
    return len(days)
