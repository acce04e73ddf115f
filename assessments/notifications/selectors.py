"""Reads for e-mail: each user's preferences, who of an event's recipients gets a message,
and the days that come tomorrow."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from assessments.accompaniment.models import Plan, PlanDay
from assessments.notifications.kinds import Kind, Mailing
from assessments.notifications.models import MailPreference


@dataclass(frozen=True)
class Addressee:
    address: str
    language: str
    user: User | None


def mail_preference_of(user: User | AnonymousUser) -> MailPreference:
    """The user's preferences; an unsaved default (every kind on) when they have none."""
    if not user.is_authenticated:
        return MailPreference(language=settings.LANGUAGE_CODE)
    found = MailPreference.objects.filter(user=user).first()
    return found if found is not None else MailPreference(user=user)


def mail_language(preference: MailPreference | None) -> str:
    if preference is not None and preference.language:
        return preference.language
    return settings.LANGUAGE_CODE


def addressees(kind: Kind, mailing: Mailing) -> list[Addressee]:
    """An event's recipients who get its message: one per address, with an address,
    active, within the object's scope, and not having switched the kind off."""
    users = [r.user.pk for r in mailing.recipients if r.user is not None]
    preferences = {p.user_id: p for p in MailPreference.objects.filter(user__in=users)}
    found: dict[str, Addressee] = {}
    for recipient in mailing.recipients:
        address = recipient.address.strip()
        if not address or address.lower() in found:
            continue
        user = recipient.user
        preference = preferences.get(user.pk) if user is not None else None
        if user is not None and not _wants(user, kind, mailing, preference):
            continue
        found[address.lower()] = Addressee(address, mail_language(preference), user)
    return list(found.values())


def _wants(user: User, kind: Kind, mailing: Mailing, preference: MailPreference | None) -> bool:
    if not user.is_active or (preference is not None and kind.key in preference.muted):
        return False
    return mailing.sees(user)


def days_coming(*, on: datetime.date) -> QuerySet[PlanDay]:
    """The planned days of agreed plans dated ``on``."""
    return PlanDay.objects.filter(
        date=on,
        outcome=PlanDay.Outcome.PLANNED,
        plan__status__in=[Plan.Status.AGREED, Plan.Status.IN_PROGRESS],
    ).order_by("pk")
