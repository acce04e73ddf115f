"""Writes to indicator values and periods: compute, enter, submit, approve, return, lock.

Nothing in a locked period changes. A computed value that was submitted or approved is
never overwritten by a recomputation: it is flagged stale, and the coordinator re-approves.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import evidence_files
from assessments.models import Cluster
from assessments.notifications.services import notification_enqueue
from reports.monitoring import indicators
from reports.monitoring.models import Indicator, IndicatorValue, Period, Programme, ValueChange
from reports.monitoring.rules import (
    can_view_programme,
    is_value_author,
    se_can_approve,
    se_can_enter,
)
from reports.monitoring.selectors.indicators import (
    indicator_compute,
    indicator_frames,
    outcome_differs,
)
from reports.monitoring.selectors.programmes import programme_clusters

REPORTED = (IndicatorValue.Status.SUBMITTED, IndicatorValue.Status.APPROVED)


def ensure_in_programme(by: User, programme: Programme, cluster: Cluster | None = None) -> None:
    """Whoever writes works in the programme, on one of its clusters."""
    outside = cluster is not None and not programme_clusters(programme).filter(pk=cluster.pk)
    if not can_view_programme(by, programme) or outside:
        raise ValidationError(_("You cannot enter values for this scope."))


def ensure_unlocked(period: Period) -> None:
    if Period.objects.filter(pk=period.pk, locked=True).exists():
        raise ValidationError(
            _("The period %(period)s is locked: nothing in it can change.")
            % {"period": period.code}
        )


def as_decimal(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))


def _log(
    value: IndicatorValue,
    action: str,
    *,
    before: Decimal | None,
    status_before: str,
    by: User | None = None,
    reason: str = "",
) -> None:
    ValueChange.objects.create(
        value=value,
        action=action,
        before=before,
        after=value.value,
        status_before=status_before,
        status_after=value.status,
        reason=reason,
        by=by,
    )


def _locked_value(indicator: Indicator, period: Period, cluster: Cluster | None) -> IndicatorValue:
    value, _created = IndicatorValue.objects.get_or_create(
        indicator=indicator, period=period, cluster=cluster
    )
    return IndicatorValue.objects.select_for_update().get(pk=value.pk)


@transaction.atomic
def indicator_value_refresh(
    *,
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
    frames: indicators.Frames | None = None,
    by: User | None = None,
) -> IndicatorValue | None:
    """Recompute a computed value: drafts follow the data, reported values are flagged stale."""
    if not indicator.is_computed or Period.objects.filter(pk=period.pk, locked=True).exists():
        return None
    frames = frames or indicator_frames(programme=period.programme, cluster=cluster)
    live = indicator_compute(indicator, period, frames)
    value = _locked_value(indicator, period, cluster)
    before, status_before = value.value, value.status
    if value.status in REPORTED:
        stale = outcome_differs(value, live)
        if stale and not value.stale:
            value.recomputed_value, value.recomputed_n = as_decimal(live.value), live.n
            value.stale = True
            value.save(update_fields=["stale", "recomputed_value", "recomputed_n"])
            _log(value, "stale", before=before, status_before=status_before, by=by)
        elif value.stale and not stale:
            value.stale, value.recomputed_value, value.recomputed_n = False, None, None
            value.save(update_fields=["stale", "recomputed_value", "recomputed_n"])
        return value
    _store(value, live)
    if before != value.value or value.changes.count() == 0:
        _log(value, "computed", before=before, status_before=status_before, by=by)
    return value


def _store(value: IndicatorValue, live: indicators.Outcome) -> None:
    value.value, value.n = as_decimal(live.value), live.n
    value.sources = live.sources
    value.breakdown = [cell.as_json() for cell in live.breakdown]
    value.computed_at = timezone.now()
    value.stale, value.recomputed_value, value.recomputed_n = False, None, None
    value.save()


def indicator_values_refresh(
    *,
    period: Period,
    cluster: Cluster | None,
    by: User | None = None,
    frames: indicators.Frames | None = None,
) -> list[IndicatorValue]:
    """Recompute every computed indicator of a scope and period from one read of the data."""
    if frames is None:
        frames = indicator_frames(programme=period.programme, cluster=cluster)
    refreshed = []
    computed = Indicator.objects.filter(programme=period.programme_id, kind=Indicator.Kind.COMPUTED)
    for indicator in computed:
        value = indicator_value_refresh(
            indicator=indicator, period=period, cluster=cluster, frames=frames, by=by
        )
        if value is not None:
            refreshed.append(value)
    return refreshed


def indicator_tables_refresh(*, today: datetime.date | None = None) -> list[IndicatorValue]:
    """Recompute and store the computed values of every open period begun by ``today``, for
    the programme and for each cluster (the nightly job; ``compute_indicators --save`` does
    one period and scope). Reported values are not overwritten, only flagged if stale."""
    today = today or timezone.localdate()
    refreshed = []
    for programme in Programme.objects.order_by("pk"):
        periods = list(programme.periods.filter(locked=False, start__lte=today))
        for cluster in [None, *programme_clusters(programme).order_by("pk")]:
            # One read of the scope's data.
            frames = indicator_frames(programme=programme, cluster=cluster)
            for period in periods:
                refreshed += indicator_values_refresh(period=period, cluster=cluster, frames=frames)
    return refreshed


@transaction.atomic
def indicator_value_enter(
    *,
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
    by: User,
    value: Decimal | None,
    n: int | None = None,
    comment: str = "",
    evidence: UploadedFile | None = None,
    evidence_link: str = "",
    reason: str = "",
) -> IndicatorValue:
    """Enter a collected value with its evidence. Changing an approved value needs a reason."""
    ensure_unlocked(period)
    if indicator.is_computed:
        raise ValidationError(_("This indicator is computed from the app's data, not entered."))
    if indicator.programme_id != period.programme_id:
        raise ValidationError(_("This indicator and this period belong to different programmes."))
    ensure_in_programme(by, period.programme, cluster)
    if not se_can_enter(by, cluster):
        raise ValidationError(_("You cannot enter values for this scope."))
    row = _locked_value(indicator, period, cluster)
    before, status_before = row.value, row.status
    if row.status == IndicatorValue.Status.SUBMITTED:
        raise ValidationError(_("This value is waiting for approval: it cannot change now."))
    if row.status == IndicatorValue.Status.APPROVED and not reason.strip():
        raise ValidationError(_("Say why an approved value changes."))
    low, high = indicator.value_range
    if value is not None and (value < low or (high is not None and value > high)):
        bounds = {"unit": indicator.get_unit_display(), "low": low, "high": high}
        raise ValidationError(
            {
                "value": _("In %(unit)s, a value lies between %(low)s and %(high)s.") % bounds
                if high is not None
                else _("In %(unit)s, a value is %(low)s or more.") % bounds
            }
        )
    row.value, row.n, row.comment = value, n, comment
    row.evidence_link = evidence_link or row.evidence_link
    row.entered_by, row.entered_at = by, timezone.now()  # type: ignore[assignment]
    if row.status == IndicatorValue.Status.APPROVED and not se_can_approve(by):
        row.status, row.approved_by, row.approved_at = IndicatorValue.Status.DRAFT, None, None
    if row.status == IndicatorValue.Status.APPROVED:
        row.approved_by, row.approved_at = by, timezone.now()  # type: ignore[assignment]
    with evidence_files.upload_stored(row.evidence, evidence) as content_type:
        if evidence is not None:
            row.evidence_name = (evidence.name or content_type or "")[:255]
        row.full_clean()
        row.save()
    _log(
        row,
        "changed" if reason else "entered",
        before=before,
        status_before=status_before,
        by=by,
        reason=reason.strip(),
    )
    return row


@transaction.atomic
def indicator_value_submit(
    *, indicator: Indicator, period: Period, cluster: Cluster | None, by: User
) -> IndicatorValue:
    """Submit a value for approval; a computed one is first recomputed from the data."""
    ensure_unlocked(period)
    ensure_in_programme(by, period.programme, cluster)
    if indicator.programme_id != period.programme_id or not se_can_enter(by, cluster):
        raise ValidationError(_("You cannot submit values for this scope."))
    if indicator.is_computed:
        indicator_value_refresh(indicator=indicator, period=period, cluster=cluster, by=by)
    row = _locked_value(indicator, period, cluster)
    if row.status not in (IndicatorValue.Status.DRAFT, IndicatorValue.Status.RETURNED):
        raise ValidationError(_("Only a draft or returned value can be submitted."))
    if row.value is None and not indicator.is_computed:
        raise ValidationError(_("Enter the value before submitting it."))
    status_before = row.status
    row.status, row.submitted_at = IndicatorValue.Status.SUBMITTED, timezone.now()
    row.save(update_fields=["status", "submitted_at"])
    _log(row, "submitted", before=row.value, status_before=status_before, by=by)
    notification_enqueue(kind="value_submitted", object_id=row.pk)
    return row


def _for_coordinator(value: IndicatorValue, by: User) -> IndicatorValue:
    if not se_can_approve(by) or not can_view_programme(by, value.period.programme):
        raise ValidationError(_("Only the programme coordinator approves values."))
    ensure_unlocked(value.period)
    return IndicatorValue.objects.select_for_update().select_related("period").get(pk=value.pk)


def _ensure_four_eyes(value: IndicatorValue, by: User) -> None:
    if is_value_author(by, value):
        raise ValidationError(
            _("You entered or submitted this value: another person approves it (four eyes)."),
            code="four_eyes",
        )


@transaction.atomic
def indicator_value_approve(*, value: IndicatorValue, by: User) -> IndicatorValue:
    value = _for_coordinator(value, by)
    if value.status != IndicatorValue.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be approved."))
    _ensure_four_eyes(value, by)
    value.status, value.approved_by, value.approved_at = (
        IndicatorValue.Status.APPROVED,
        by,
        timezone.now(),
    )
    value.save(update_fields=["status", "approved_by", "approved_at"])
    _log(value, "approved", before=value.value, status_before="submitted", by=by)
    return value


@transaction.atomic
def indicator_value_return(*, value: IndicatorValue, by: User, comment: str) -> IndicatorValue:
    value = _for_coordinator(value, by)
    if value.status != IndicatorValue.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what needs changing when returning a value."))
    value.status = IndicatorValue.Status.RETURNED
    value.save(update_fields=["status"])
    _log(
        value,
        "returned",
        before=value.value,
        status_before="submitted",
        by=by,
        reason=comment.strip(),
    )
    return value


@dataclass(frozen=True)
class Reviewed:
    """What a review in bulk did: the values done, and those skipped with the reason."""

    done: list[IndicatorValue]
    skipped: list[tuple[IndicatorValue, str]]


def indicator_values_review(
    *, values: Iterable[IndicatorValue], by: User, action: str, comment: str = ""
) -> Reviewed:
    """Approve or return several values, each on its own: four eyes holds for every one (a
    value ``by`` entered or submitted is skipped, never approved), as does every other rule."""
    if action not in ("approve", "return"):
        raise ValidationError(_("Approve or return: nothing else is done in bulk."))
    if action == "return" and not comment.strip():
        raise ValidationError(_("Say what needs changing when returning a value."))
    done, skipped = [], []
    for value in values:
        try:
            with transaction.atomic():
                if action == "approve":
                    done.append(indicator_value_approve(value=value, by=by))
                else:
                    done.append(indicator_value_return(value=value, by=by, comment=comment))
        except ValidationError as exc:
            skipped.append((value, " ".join(exc.messages)))
    return Reviewed(done, skipped)


@transaction.atomic
def indicator_value_reapprove(*, value: IndicatorValue, by: User, reason: str) -> IndicatorValue:
    """Replace a stale approved value by what the data now give, with a reason."""
    value = _for_coordinator(value, by)
    if value.status != IndicatorValue.Status.APPROVED or not value.stale:
        raise ValidationError(_("Only a stale approved value can be re-approved."))
    if not reason.strip():
        raise ValidationError(_("Say why an approved value changes."))
    before = value.value
    cluster = value.cluster
    frames = indicator_frames(programme=value.period.programme, cluster=cluster)
    _store(value, indicator_compute(value.indicator, value.period, frames))
    value.approved_by, value.approved_at = by, timezone.now()  # type: ignore[assignment]
    value.save(update_fields=["approved_by", "approved_at"])
    _log(value, "reapproved", before=before, status_before="approved", by=by, reason=reason.strip())
    return value


@transaction.atomic
def period_lock(*, period: Period, by: User) -> Period:
    if not se_can_approve(by) or not can_view_programme(by, period.programme):
        raise ValidationError(_("Only the programme coordinator locks periods."))
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.locked:
        raise ValidationError(_("This period is already locked."))
    period.locked, period.locked_by, period.locked_at = True, by, timezone.now()
    period.save(update_fields=["locked", "locked_by", "locked_at"])
    return period


def reported_values_recheck(
    *, cluster: Cluster | None, programme: bool = True
) -> list[IndicatorValue]:
    """Recompute the reported computed values a cluster's data feeds, in open periods.

    Called when that data changes (``services.rechecks``): the cluster's own values and,
    unless ``programme`` is False, the programme's. Drafts are left to the next
    recomputation; a reported value that no longer matches the data is flagged stale, for
    the coordinator to re-approve.
    """
    scopes = Q(cluster=cluster) if cluster else Q(pk__in=[])
    if programme or cluster is None:
        scopes |= Q(cluster__isnull=True)
    return _recheck(_reported_computed().filter(scopes))


def reported_values_recheck_all() -> list[IndicatorValue]:
    """Recheck every reported computed value of the open periods, whatever its scope.

    Scheduled as a safety net: a change whose recheck message was lost (the broker down
    when it was saved) is still caught, and a value whose data came back is unflagged.
    """
    return _recheck(_reported_computed())


def _reported_computed() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        status__in=REPORTED, indicator__kind=Indicator.Kind.COMPUTED, period__locked=False
    ).select_related("indicator", "period__programme", "cluster")


def _recheck(values: QuerySet[IndicatorValue]) -> list[IndicatorValue]:
    """Each programme's values against its own cohort's data: a cluster's change is
    rechecked in every programme the cluster takes part in."""
    frames: dict[tuple[int, int | None], indicators.Frames] = {}
    checked = []
    ordered = values.order_by("period__programme_id", "cluster_id", "period_id", "indicator_id")
    for value in ordered:
        key = (value.period.programme_id, value.cluster_id)
        if key not in frames:
            frames[key] = indicator_frames(programme=value.period.programme, cluster=value.cluster)
        refreshed = indicator_value_refresh(
            indicator=value.indicator,
            period=value.period,
            cluster=value.cluster,
            frames=frames[key],
        )
        if refreshed is not None:
            checked.append(refreshed)
    return checked
