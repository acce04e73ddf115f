"""Writes to activities (webinars, bootcamp, mentoring, events, S&E trainings)."""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import evidence_files
from assessments.models import Cluster
from reports.monitoring.models import Activity, Participant, Period, Person, Programme
from reports.monitoring.rules import can_record_activity, can_view_programme
from reports.monitoring.selectors.programmes import programme_clusters, programme_default
from reports.monitoring.services.programmes import programme_install


def _install_programme() -> Programme:
    """With no programme named: the install's own (created if the install has none yet)."""
    if not Programme.objects.exists():
        return programme_install()
    return programme_default()


def ensure_date_open(date: datetime.date, programme: Programme | int) -> None:
    locked = Period.objects.filter(
        programme=programme, locked=True, start__lte=date, end__gte=date
    ).first()
    if locked is not None:
        raise ValidationError(
            _("%(date)s is in the locked period %(period)s: its activities cannot change.")
            % {"date": date.isoformat(), "period": locked.code}
        )


def _participants(activity: Activity, rows: Iterable[Mapping[str, Any]]) -> None:
    lines = []
    for row in rows:
        fields = dict(row)
        cluster = fields.pop("cluster", None)
        fields["email"] = str(fields.get("email") or "").strip()
        line = Participant(activity=activity, **fields)
        line.full_clean(exclude=["activity", "person", "cluster"])
        line.person = person_for(line, cluster=cluster)
        line.cluster = _counted_for(line, cluster)
        lines.append(line)
    Participant.objects.bulk_create(lines)


def _counted_for(line: Participant, cluster: Cluster | None) -> Cluster | None:
    """Whom a line counts for: the person's own cluster, else their PME's, else the one
    given, else the activity's."""
    if line.person is not None and line.person.cluster_id is not None:
        return line.person.cluster
    if line.company is not None:
        return line.company.cluster
    return cluster or line.activity.cluster


def person_for(line: Participant, *, cluster: Cluster | None = None) -> Person | None:
    """The person a named line is (found by e-mail, else by name and organisation), created
    the first time; None for an anonymous group."""
    if not line.name.strip() and not line.email.strip():
        return None
    found = _known_person(line)
    if found is not None:
        return found
    own = line.company.cluster if line.company else (cluster or line.activity.cluster)
    user = (
        get_user_model().objects.filter(email__iexact=line.email, se_person__isnull=True).first()
        if line.email
        else None
    )
    person = Person(
        name=line.name.strip() or line.email,
        email=line.email.strip(),
        sex=line.sex,
        role=line.role,
        organisation=line.organisation,
        company=line.company,
        cluster=own,
        user=user,
    )
    person.full_clean()
    person.save()
    return person


def _known_person(line: Participant) -> Person | None:
    if line.email.strip():
        return Person.objects.filter(email__iexact=line.email.strip()).first()
    return Person.objects.filter(
        email="",
        name__iexact=" ".join(line.name.split()),
        organisation__iexact=line.organisation.strip(),
    ).first()


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
    cluster: Cluster | None,
    kind: str,
    title: str,
    date: datetime.date,
    programme: Programme | None = None,
    series: str = "",
    hours: Decimal | None = None,
    description: str = "",
    evidence: UploadedFile | None = None,
    evidence_link: str = "",
    participants: Iterable[Mapping[str, Any]] = (),
) -> Activity:
    """Record an activity and who took part; its evidence is a file or a link. No cluster:
    an activity of the whole programme, shared by the clusters. No programme: the install's
    own (``programme_default``)."""
    programme = programme or _install_programme()
    outside = cluster is not None and not programme_clusters(programme).filter(pk=cluster.pk)
    if not can_view_programme(by, programme) or outside:
        raise ValidationError(_("You cannot record activities for this cluster."))
    if not can_record_activity(by, cluster):
        if cluster is None:
            raise ValidationError(_("Only the coordinator records the programme's activities."))
        raise ValidationError(_("You cannot record activities for this cluster."))
    ensure_date_open(date, programme)
    activity = Activity(
        programme=programme,
        cluster=cluster,
        kind=kind,
        title=title,
        date=date,
        series=series,
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
    after = fields.get("cluster", previous)
    fields.pop("programme", None)  # an activity stays in its programme
    programme = activity.programme
    outside = after is not None and not programme_clusters(programme).filter(pk=after.pk)
    if not can_view_programme(by, programme) or outside:
        raise ValidationError(_("You cannot change activities of this cluster."))
    if not can_record_activity(by, previous) or not can_record_activity(by, after):
        raise ValidationError(_("You cannot change activities of this cluster."))
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    ensure_date_open(stored.date, programme)
    ensure_date_open(fields.get("date", stored.date), programme)
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
    if not can_record_activity(by, activity.cluster) or not can_view_programme(
        by, activity.programme
    ):
        raise ValidationError(_("You cannot delete activities of this cluster."))
    ensure_date_open(activity.date, activity.programme_id)
    if activity.evidence:
        activity.evidence.delete(save=False)
    activity.delete()
