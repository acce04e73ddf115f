"""Writes to the eight-day plan: proposing it, its slots, scheduling, agreeing, closing."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.accompaniment import planning
from assessments.accompaniment.models import (
    Plan,
    PlanDay,
    PlanReopen,
    PlanSlot,
    Roadmap,
    RoadmapItem,
)
from assessments.accompaniment.rules import can_reopen_plan
from assessments.accompaniment.services.guards import closing_day, ensure_plan_editable
from assessments.accompaniment.services.roadmaps import roadmap_propose
from assessments.models import Assessment
from diagnostics.models import Action


def _half_days_used(plan: Plan) -> int:
    return PlanSlot.objects.filter(day__plan=plan).aggregate(t=Sum("half_days"))["t"] or 0


def _day_used(day: PlanDay) -> int:
    return day.slots.aggregate(t=Sum("half_days"))["t"] or 0


def _as_slots(
    plan: Plan, *, moved: PlanSlot | None = None, to: int | None = None
) -> list[planning.Slot]:
    """The plan's slots as ``planning`` sees them, with ``moved`` put on day ``to``."""
    slots = PlanSlot.objects.filter(day__plan=plan).select_related("day")
    return [
        planning.Slot(
            day=to if moved is not None and slot.pk == moved.pk and to else slot.day.number,
            kind=slot.kind,
            key=str(slot.item_id) if slot.item_id else None,
            half_days=slot.half_days,
            order=slot.order,
        )
        for slot in slots
    ]


def _prerequisites(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each planned action's prerequisites among the roadmap's actions, by item id."""
    items = RoadmapItem.objects.filter(roadmap__assessment=plan.assessment, removed=False)
    by_action = {i.action_id: str(i.pk) for i in items if i.action_id}
    needs = Action.prerequisites.through.objects.filter(from_action_id__in=by_action)
    result: dict[str, list[str]] = {}
    for link in needs:
        if link.to_action_id in by_action:
            result.setdefault(by_action[link.from_action_id], []).append(
                by_action[link.to_action_id]
            )
    return {k: tuple(v) for k, v in result.items()}


def _breach_message(breach: planning.Breach) -> str:
    if breach.rule == planning.KICKOFF_FIRST:
        return _("The kick-off cannot come after the actions it opens (day %(day)s).") % {
            "day": breach.day
        }
    if breach.rule == planning.CLOSING_LAST:
        return _("The closing review cannot come before day %(day)s, which it reviews.") % {
            "day": breach.day
        }
    titles = {
        str(i.pk): i.display_title
        for i in RoadmapItem.objects.filter(pk__in=[breach.key, breach.needs]).select_related(
            "action"
        )
    }
    return _(
        "“%(action)s” cannot come before “%(needed)s”, which it needs (planned on day "
        "%(day)s). Move “%(needed)s” earlier first."
    ) % {
        "action": titles.get(breach.key or ""),
        "needed": titles.get(breach.needs or ""),
        "day": breach.day,
    }


def _check_order(plan: Plan, after: list[planning.Slot]) -> None:
    """Refuse a change that breaks a prerequisite the plan kept until now, with the reason."""
    needs = _prerequisites(plan)
    known = set(planning.order_breaches(_as_slots(plan), needs))
    new = [b for b in planning.order_breaches(after, needs) if b not in known]
    if new:
        raise ValidationError(" ".join(_breach_message(b) for b in new), code="prerequisite")


@transaction.atomic
def plan_propose(*, assessment: Assessment) -> Plan:
    """Propose the eight days from the roadmap: kick-off, the actions that fit, closing review."""
    roadmap = Roadmap.objects.filter(assessment=assessment).first()
    roadmap = roadmap or roadmap_propose(assessment=assessment)
    plan, _created = Plan.objects.select_for_update().get_or_create(assessment=assessment)
    if not plan.is_editable:
        raise ValidationError(_("The plan is already agreed with the PME; edit its days instead."))
    days = {d.number: d for d in plan.days.all()}
    for number in range(1, Plan.DAYS + 1):
        if number not in days:
            days[number] = PlanDay.objects.create(plan=plan, number=number)
    PlanSlot.objects.filter(day__plan=plan).delete()
    items = list(
        roadmap.items.filter(removed=False, completed_at__isnull=True)
        .select_related("action")
        .prefetch_related("action__prerequisites")
        .order_by("position", "id")
    )
    by_action = {item.action_id: item for item in items if item.action_id}
    inputs = [
        planning.PlanItem(
            key=str(item.pk),
            effort=item.effort_half_days,
            prerequisites=tuple(
                str(by_action[p.id].pk)
                for p in (item.action.prerequisites.all() if item.action else [])
                if p.id in by_action
            ),
        )
        for item in items
    ]
    slots = [
        PlanSlot(
            day=days[slot.day],
            kind=slot.kind,
            item_id=int(slot.key) if slot.key else None,
            half_days=slot.half_days,
            order=slot.order,
        )
        for slot in planning.fit_plan(inputs)
    ]
    bulk_create_with_history(slots, PlanSlot)
    return plan


@transaction.atomic
def plan_slot_add(*, plan: Plan, item: RoadmapItem, day: PlanDay, half_days: int) -> PlanSlot:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    ensure_plan_editable(plan, day)
    if item.roadmap.assessment_id != plan.assessment_id or item.removed:
        raise ValidationError(_("This action is not in this PME's roadmap."))
    used = _half_days_used(plan)
    if used + half_days > Plan.BUDGET_HALF_DAYS:
        raise ValidationError(
            _(
                "This would take the plan past 8 days: %(used)s of the 16 half-days are "
                "planned already. Remove or shorten an action first."
            )
            % {"used": used}
        )
    _check_room(day, half_days)
    added = planning.Slot(day.number, PlanSlot.Kind.ACTION, str(item.pk), half_days, 0)
    _check_order(plan, [*_as_slots(plan), added])
    slot, created = PlanSlot.objects.get_or_create(
        day=day, item=item, defaults={"half_days": half_days, "order": day.slots.count()}
    )
    if not created:
        slot.half_days += half_days
        slot.save(update_fields=["half_days"])
    return slot


def _check_room(day: PlanDay, half_days: int) -> None:
    used = _day_used(day)
    if used + half_days > planning.HALF_DAYS_PER_DAY:
        raise ValidationError(
            _(
                "Day %(day)s has room for %(free)s half-day(s) only. Choose another day or "
                "move an action out of it first."
            )
            % {"day": day.number, "free": planning.HALF_DAYS_PER_DAY - used}
        )


@transaction.atomic
def plan_slot_move(*, slot: PlanSlot, day: PlanDay) -> PlanSlot:
    plan = Plan.objects.select_for_update().get(pk=slot.day.plan_id)
    if day.plan_id != plan.pk:
        raise ValidationError(_("That day belongs to another plan."))
    if day.pk == slot.day_id:
        return slot
    ensure_plan_editable(plan, slot.day, day)
    _check_room(day, slot.half_days)
    _check_order(plan, _as_slots(plan, moved=slot, to=day.number))
    merged = day.slots.filter(kind=slot.kind, item=slot.item).first() if slot.item else None
    if merged:
        merged.half_days += slot.half_days
        merged.save(update_fields=["half_days"])
        slot.delete()
        return merged
    slot.day = day
    slot.order = day.slots.count()
    slot.save(update_fields=["day", "order"])
    return slot


@transaction.atomic
def plan_slot_remove(*, slot: PlanSlot) -> None:
    ensure_plan_editable(slot.day.plan, slot.day)
    if slot.kind != PlanSlot.Kind.ACTION:
        raise ValidationError(_("The kick-off and the closing review stay in the plan."))
    slot.delete()


@transaction.atomic
def plan_reopen(*, plan: Plan, by: User, reason: str) -> PlanReopen:
    """Reopen a plan whose closing review is signed, saying why: the closing review's
    sign-off is lifted (it is kept in the reopening and in the day's history)."""
    plan = Plan.objects.select_for_update().select_related("assessment").get(pk=plan.pk)
    if not can_reopen_plan(by, plan.assessment):
        raise PermissionDenied
    if plan.status == Plan.Status.COMPLETED:
        raise ValidationError(_("This plan is completed and can no longer change."))
    closing = closing_day(plan)
    if closing is None or closing.signed_at is None:
        raise ValidationError(_("The closing review is not signed: the plan is open already."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan is reopened.")})
    reopening = PlanReopen.objects.create(
        plan=plan, by=by, reason=reason, closing_signed_at=closing.signed_at
    )
    closing.signed_at, closing.signed_by, closing.pme_signatory = None, None, ""
    closing.revision += 1
    closing._history_user = by  # type: ignore[attr-defined]
    closing.save(update_fields=["signed_at", "signed_by", "pme_signatory", "revision"])
    return reopening


@transaction.atomic
def plan_schedule(
    *,
    plan: Plan,
    start: datetime.date,
    cadence: str,
    working: frozenset[int] = planning.WORKING_WEEK,
) -> list[PlanDay]:
    """Date the days not yet held, in order, from ``start`` at the agreed cadence on the PME's
    working days; days already logged keep their date. Returns the days dated."""
    ensure_plan_editable(plan)
    if cadence not in planning.CADENCES:
        raise ValidationError(_("Choose how often the days come."))
    if not working:
        raise ValidationError(_("Tick at least one working day."))
    days = list(
        PlanDay.objects.select_for_update()
        .filter(plan=plan, outcome=PlanDay.Outcome.PLANNED)
        .order_by("number")
    )
    held = plan.days.exclude(outcome=PlanDay.Outcome.PLANNED).exclude(date=None)
    last = max((d.date for d in held if d.date), default=None)
    if last is not None and start <= last:
        raise ValidationError(
            _("Start after the last day already held (%(date)s).")
            % {"date": formats.date_format(last, "SHORT_DATE_FORMAT")}
        )
    dates = planning.schedule(start, len(days), every=planning.CADENCES[cadence], working=working)
    for day, date in zip(days, dates, strict=True):
        day.date, day.revision = date, day.revision + 1
        day.full_clean()
        day.save(update_fields=["date", "revision"])
    return days


@transaction.atomic
def plan_agree(*, plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be agreed."))
    if not PlanSlot.objects.filter(day__plan=plan, kind=PlanSlot.Kind.ACTION).exists():
        raise ValidationError(_("Put at least one roadmap action in the plan first."))
    plan.status = Plan.Status.AGREED
    plan.agreed_at = timezone.now()
    plan.save(update_fields=["status", "agreed_at"])
    return plan


@transaction.atomic
def plan_complete(*, plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.IN_PROGRESS:
        raise ValidationError(_("Only a plan in progress can be completed."))
    open_days = [d.number for d in plan.days.filter(outcome=PlanDay.Outcome.PLANNED)]
    if open_days:
        raise ValidationError(
            _("Log every day before completing the plan; still open: day %(days)s.")
            % {"days": ", ".join(str(n) for n in open_days)}
        )
    plan.status = Plan.Status.COMPLETED
    plan.completed_at = timezone.now()
    plan.save(update_fields=["status", "completed_at"])
    return plan
