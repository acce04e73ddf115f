"""Writes to activities (webinars, bootcamp, mentoring, events, S&E trainings)."""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import evidence_files
from assessments.models import Cluster
from reports.monitoring.models import Activity, Participant, Period
from reports.monitoring.rules import se_can_enter


def ensure_date_open(date: datetime.date) -> None:
    locked = Period.objects.filter(locked=True, start__lte=date, end__gte=date).first()
    if locked is not None:
        raise ValidationError(
            _("%(date)s is in the locked period %(period)s: its activities cannot change.")
            % {"date": date.isoformat(), "period": locked.code}
        )


def _participants(activity: Activity, rows: Iterable[Mapping[str, Any]]) -> None:
    people = [Participant(activity=activity, **row) for row in rows]
    for person in people:
        person.full_clean(exclude=["activity"])
    Participant.objects.bulk_create(people)


@contextmanager
def _evidence(activity: Activity, evidence: UploadedFile | None) -> Iterator[None]:
    with evidence_files.upload_stored(activity.evidence, evidence) as content_type:
        if evidence is not None:
            activity.evidence_name = (evidence.name or content_type or "")[:255]
        yield


@transaction.atomic
def activity_create(
    *,
    by: User,
    cluster: Cluster,
    kind: str,
    title: str,
    date: datetime.date,
    hours: Decimal | None = None,
    description: str = "",
    evidence: UploadedFile | None = None,
    evidence_link: str = "",
    participants: Iterable[Mapping[str, Any]] = (),
) -> Activity:
    """Record an activity and who took part; its evidence is a file or a link."""
    if not se_can_enter(by, cluster):
        raise ValidationError(_("You cannot record activities for this cluster."))
    ensure_date_open(date)
    activity = Activity(
        cluster=cluster,
        kind=kind,
        title=title,
        date=date,
        hours=hours,
        description=description,
        evidence_link=evidence_link,
        entered_by=by,
    )
    with _evidence(activity, evidence):
        activity.full_clean()
        activity.save()
        _participants(activity, participants)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    evidence: UploadedFile | None = None,
    participants: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity; ``participants`` (when given) replace the list."""
    previous = Activity.objects.select_related("cluster").get(pk=activity.pk).cluster
    if not se_can_enter(by, previous) or not se_can_enter(by, fields.get("cluster") or previous):
        raise ValidationError(_("You cannot change activities of this cluster."))
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    ensure_date_open(stored.date)
    ensure_date_open(fields.get("date", stored.date))
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.evidence.name = stored.evidence.name  # the file on disk, whatever was passed
    with _evidence(activity, evidence):
        activity.full_clean()
        activity.save()
        if participants is not None:
            activity.participants.all().delete()
            _participants(activity, participants)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    if not se_can_enter(by, activity.cluster):
        raise ValidationError(_("You cannot delete activities of this cluster."))
    ensure_date_open(activity.date)
    if activity.evidence:
        activity.evidence.delete(save=False)
    activity.delete()
