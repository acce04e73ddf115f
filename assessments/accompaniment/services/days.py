"""Writes to one day of the plan: its agenda, participants, sign-off and log."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.accompaniment.models import (
    Plan,
    PlanDay,
    PlanParticipant,
    RoadmapItem,
)
from assessments.accompaniment.rules import can_sign_plan_day
from assessments.accompaniment.services.guards import (
    check_revision,
    ensure_day_open,
    ensure_plan_editable,
    ensure_plan_open,
)
from assessments.accompaniment.services.roadmaps import roadmap_item_complete


@transaction.atomic
def plan_day_update(
    *,
    day: PlanDay,
    date: object,
    objectives: str,
    deliverables: str,
    agenda_morning: str | None = None,
    agenda_afternoon: str | None = None,
    preparation: str | None = None,
    expected_revision: int | None = None,
) -> PlanDay:
    """Write a day's date, objectives, half-day agenda, preparation and deliverables; the
    texts left as ``None`` keep what is saved (an older client sends only the first three)."""
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=day.pk)
    ensure_plan_editable(day.plan, day)
    check_revision(day, expected_revision)
    day.revision += 1
    day.date = date  # type: ignore[assignment]
    day.objectives = objectives.strip()
    day.deliverables = deliverables.strip()
    fields = ["date", "objectives", "deliverables", "revision"]
    texts = {
        "agenda_morning": agenda_morning,
        "agenda_afternoon": agenda_afternoon,
        "preparation": preparation,
    }
    for field, value in texts.items():
        if value is not None:
            setattr(day, field, value.strip())
            fields.append(field)
    day.full_clean()
    day.save(update_fields=fields)
    return day


@transaction.atomic
def plan_day_invite(*, day: PlanDay, name: str, role: str = "") -> PlanParticipant:
    """Invite someone of the PME to a day (before it, or on the day for a late-comer)."""
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=day.pk)
    ensure_day_open(day)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the participant's name.")})
    if day.participants.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("%(name)s is already invited to this day.") % {"name": name}}
        )
    participant = PlanParticipant(day=day, name=name, role=" ".join(role.split()))
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def plan_participant_remove(*, participant: PlanParticipant) -> None:
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=participant.day_id)
    ensure_day_open(day)
    participant.delete()


@transaction.atomic
def plan_day_attendance(*, day: PlanDay, present: set[int]) -> list[PlanParticipant]:
    """Mark who of the invited came (ids in ``present``) and who did not (every other one)."""
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=day.pk)
    ensure_day_open(day)
    participants = list(day.participants.all())
    unknown = present - {p.pk for p in participants}
    if unknown:
        raise ValidationError(_("Only people invited to this day can be marked present."))
    for participant in participants:
        participant.present = participant.pk in present
        participant.save(update_fields=["present"])
    return participants


@transaction.atomic
def plan_day_sign(
    *, day: PlanDay, by: User, pme_signatory: str, at: datetime.datetime | None = None
) -> PlanDay:
    """Sign a day off at its end: the consultant (``by``) and the PME's representative, named.

    A day is signed once it is held: the plan is agreed and whoever came is marked. ``at``:
    when the paper sheet was signed, if it is recorded later (the demo, a sheet typed in
    afterwards); never in the future. By default, now.
    """
    day = PlanDay.objects.select_for_update().select_related("plan__assessment").get(pk=day.pk)
    if not can_sign_plan_day(by, day.plan.assessment):
        raise PermissionDenied
    ensure_day_open(day)
    if day.plan.status not in (Plan.Status.AGREED, Plan.Status.IN_PROGRESS):
        raise ValidationError(_("Days are signed off once the plan is agreed with the PME."))
    if day.participants.filter(present=None).exists():
        raise ValidationError(_("Mark who of the invited came before signing the day off."))
    pme_signatory = " ".join(pme_signatory.split())
    if not pme_signatory:
        raise ValidationError(
            {"pme_signatory": _("Name the PME's representative who signs the day off.")}
        )
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError(_("A day cannot be signed off in the future."))
    day.signed_at, day.signed_by, day.pme_signatory = at or now, by, pme_signatory
    day.revision += 1
    day.full_clean()
    day._history_user = by  # type: ignore[attr-defined]
    day.save(update_fields=["signed_at", "signed_by", "pme_signatory", "revision"])
    return day


@transaction.atomic
def plan_day_log(
    *,
    day: PlanDay,
    by: User,
    outcome: str,
    achieved: str = "",
    attendees: str = "",
    hours: Decimal | None = None,
    completed: list[RoadmapItem] | tuple[RoadmapItem, ...] = (),
    expected_revision: int | None = None,
) -> PlanDay:
    """Log what happened on a day; the plan is then in progress.

    A cancelled day stores no hours: hours given with it are refused (0 stores none).
    """
    plan = Plan.objects.select_for_update().get(pk=day.plan_id)
    day = PlanDay.objects.select_for_update().get(pk=day.pk)
    check_revision(day, expected_revision)
    ensure_plan_open(plan)
    day.revision += 1
    if plan.status not in (Plan.Status.AGREED, Plan.Status.IN_PROGRESS):
        raise ValidationError(_("Days are logged once the plan is agreed with the PME."))
    if outcome == PlanDay.Outcome.PLANNED:
        raise ValidationError(_("Say whether the day was done, postponed or cancelled."))
    if outcome == PlanDay.Outcome.CANCELLED:
        if hours:
            raise ValidationError(
                {"hours": _("A cancelled day has no hours: leave the hours empty.")}
            )
        hours = None
    day.outcome, day.achieved, day.attendees = outcome, achieved, attendees
    day.hours = hours
    day.logged_at, day.logged_by = timezone.now(), by  # type: ignore[assignment]
    day.full_clean()
    day.save(
        update_fields=[
            *("outcome", "achieved", "attendees", "hours", "logged_at", "logged_by", "revision")
        ]
    )
    on_day = set(day.slots.filter(item__isnull=False).values_list("item_id", flat=True))
    for item in completed:
        if item.pk in on_day and item.completed_at is None:
            roadmap_item_complete(item=item)
    if plan.status == Plan.Status.AGREED:
        plan.status = Plan.Status.IN_PROGRESS
        plan.save(update_fields=["status"])
    return day
