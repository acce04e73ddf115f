"""Writes to roadmaps and eight-day plans. The decisions themselves live in ``planning``."""

import datetime
import math
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.accompaniment import planning
from assessments.accompaniment.models import (
    PROPOSED_TARGET,
    Plan,
    PlanDay,
    PlanParticipant,
    PlanReopen,
    PlanSlot,
    Roadmap,
    RoadmapItem,
    Synthesis,
)
from assessments.accompaniment.rules import can_reopen_plan, can_sign_plan_day
from assessments.models import Assessment, AxisTarget, Company
from assessments.rules import can_edit_roadmap, can_track_roadmap
from assessments.selectors import diagnostic_axes, diagnostic_versions
from diagnostics.models import MAX_LEVEL, Action, ActionQuestion, Axis


def _question_states(assessment: Assessment) -> dict[str, planning.QuestionState]:
    """Each applicable question's answer and target: the axis target, rounded up."""
    targets = {t.axis_id: float(t.level) for t in assessment.targets.all()}
    answers = {a.question_id: a for a in assessment.answers.all()}
    sector = assessment.company.sector
    states = {}
    for axis in diagnostic_axes(assessment):  # the sector packs' too: their actions count
        if axis.id not in targets:
            continue
        target = min(MAX_LEVEL, math.ceil(targets[axis.id] - 1e-9))
        for question in axis.questions.all():
            if not question.applies_to(sector):
                continue
            answer = answers.get(question.id)
            level = None if answer is None or answer.not_applicable else answer.level
            states[question.code] = planning.QuestionState(
                code=question.code,
                axis=axis.code,
                weight=float(question.weight) * float(axis.weight),
                level=level,
                target=target,
            )
    return states


def _library(assessment: Assessment) -> dict[int, Action]:
    actions = Action.objects.filter(axis__framework_version__in=diagnostic_versions(assessment))
    improves = ActionQuestion.objects.select_related("question").order_by("question__code")
    return {
        a.id: a
        for a in actions.select_related("axis").prefetch_related(
            "prerequisites", Prefetch("improves", queryset=improves), "axis__questions"
        )
    }


def _mid(low: int | None, high: int | None) -> float | None:
    known = [v for v in (low, high) if v is not None]
    return sum(known) / len(known) if known else None


def _as_library_action(action: Action) -> planning.LibraryAction:
    improves = tuple(
        planning.Improvement(i.question.code, i.from_level, i.to_level)
        for i in action.improves.all()
    ) or tuple(  # a library written before actions named their questions: the whole axis
        planning.Improvement(q.code, action.requires_level, action.target_level)
        for q in action.axis.questions.all()
    )
    capex, opex = (
        _mid(action.capex_min_mad, action.capex_max_mad),
        _mid(action.opex_min_mad, action.opex_max_mad),
    )
    return planning.LibraryAction(
        code=action.code,
        axis=action.axis.code,
        requires_level=action.requires_level,
        target_level=action.target_level,
        effort=action.effort_half_days,
        impact=action.impact,
        prerequisites=tuple(sorted(p.code for p in action.prerequisites.all())),
        improves=improves,
        sectors=tuple(action.sectors),
        size_bands=tuple(action.size_bands),
        exposures=tuple(action.exposures),
        cost_mad=None if capex is None and opex is None else (capex or 0) + (opex or 0),
        internal_days=_mid(action.internal_days_min, action.internal_days_max),
        heavy_capex=(action.capex_max_mad or 0) >= planning.HEAVY_CAPEX_MAD,
        urgency=action.urgency,
        metrics=tuple(sorted({b.get("metric", "") for b in action.benefits} - {""})),
    )


def _profile(company: Company) -> planning.Profile:
    shares = {
        "labour": company.cost_labour_pct,
        "materials": company.cost_materials_pct,
        "energy": company.cost_energy_pct,
        "scrap": company.cost_scrap_pct,
    }
    return planning.Profile(
        sector=company.sector,
        size_band=company.headcount,
        exposures=frozenset(company.exposures),
        cost_shares={k: v / 100 for k, v in shares.items() if v is not None},
        kpis=tuple(company.kpis),
    )


def roadmap_start(assessment: Assessment) -> datetime.date:
    """The roadmap's day 0: the Monday after the visit's week (the debrief week)."""
    visit = assessment.visit_date
    return visit + datetime.timedelta(days=7 - visit.weekday())


def _proposals(assessment: Assessment, library: dict[int, Action]) -> list[planning.Proposal]:
    return planning.prioritise(
        _question_states(assessment).values(),
        [_as_library_action(a) for a in library.values()],
        _profile(assessment.company),
        weights=assessment.framework_version.priority_weights or None,
    )


def _reasons(proposal: planning.Proposal) -> dict[str, object]:
    return {
        "questions": [
            {"question": r.question, "level": r.level, "target": r.target} for r in proposal.reasons
        ],
        "needed_by": list(proposal.needed_by),
        "score": proposal.components,
    }


@transaction.atomic
def roadmap_propose(*, assessment: Assessment) -> Roadmap:
    """Propose (or recompute) the roadmap of a submitted diagnostic.

    What the consultant changed stays as it is: removed, moved, re-dated or added
    actions keep their place; only the untouched proposals are re-ranked, and new
    proposals go at the end.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.DRAFT:
        raise ValidationError(_("Submit the diagnostic before building its roadmap."))
    library = _library(assessment)
    by_code = {a.code: a for a in library.values()}
    proposals = _proposals(assessment, library)
    day0 = roadmap_start(assessment)
    roadmap, _created = Roadmap.objects.get_or_create(assessment=assessment)
    items = list(roadmap.items.select_related("action").order_by("position", "id"))
    existing = {item.action.code: item for item in items if item.action is not None}
    rank = {p.code: index for index, p in enumerate(proposals)}
    for proposal in proposals:
        item = existing.get(proposal.code)
        if item is None:
            action = by_code[proposal.code]
            item = RoadmapItem(
                roadmap=roadmap,
                action=action,
                axis=action.axis,
                origin=RoadmapItem.Origin.PROPOSED,
                effort_half_days=action.effort_half_days,
                impact=action.impact,
            )
            items.append(item)
        if not item.edited:
            item.horizon, item.priority, item.gap = (
                proposal.horizon,
                proposal.priority,
                proposal.gap,
            )
            item.reasons = _reasons(proposal)
            item.start_on = day0 + datetime.timedelta(days=proposal.start_day)
            item.due_on = day0 + datetime.timedelta(days=proposal.due_day)
    stale = [
        i
        for i in items
        if i.pk
        and not i.edited
        and i.origin == RoadmapItem.Origin.PROPOSED
        and (i.action is None or i.action.code not in rank)
        and not i.slots.exists()
    ]
    items = [i for i in items if i not in stale]
    RoadmapItem.objects.filter(pk__in=[i.pk for i in stale]).delete()
    _rank_untouched(items, rank)
    for position, item in enumerate(items):
        item.position = position
        item.save()
    roadmap.computed_at = roadmap.updated_at = timezone.now()
    roadmap.save(update_fields=["computed_at", "updated_at"])
    return roadmap


def _rank_untouched(items: list[RoadmapItem], rank: dict[str, int]) -> None:
    """Re-rank untouched proposals among the places they held; new ones go last."""

    def untouched(item: RoadmapItem) -> bool:
        return not item.edited and item.origin == RoadmapItem.Origin.PROPOSED

    held = [i for i, item in enumerate(items) if untouched(item) and item.pk]
    new = [item for item in items if not item.pk]

    def position(item: RoadmapItem) -> int:
        return rank.get(item.action.code, 10**6) if item.action else 10**6

    ranked = sorted((items[i] for i in held), key=position)
    for place, item in zip(held, ranked, strict=True):
        items[place] = item
    items[:] = [item for item in items if item.pk] + sorted(new, key=position)


def _touch(roadmap: Roadmap) -> None:
    roadmap.updated_at = timezone.now()
    roadmap.save(update_fields=["updated_at"])


def _next_position(roadmap: Roadmap) -> int:
    last = roadmap.items.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def roadmap_item_remove(*, item: RoadmapItem) -> RoadmapItem:
    locked = item.slots.exclude(day__plan__status=Plan.Status.DRAFT)
    if locked.exists():
        raise ValidationError(
            _("This action is in the plan agreed with the PME: take it out of the plan first.")
        )
    item.slots.all().delete()
    item.removed = item.edited = True
    item.save(update_fields=["removed", "edited"])
    _touch(item.roadmap)
    return item


@transaction.atomic
def roadmap_item_restore(*, item: RoadmapItem) -> RoadmapItem:
    item.removed = False
    item.edited = True
    item.save(update_fields=["removed", "edited"])
    _touch(item.roadmap)
    return item


@transaction.atomic
def roadmap_item_add_from_library(*, roadmap: Roadmap, action: Action) -> RoadmapItem:
    if action.axis.framework_version_id != roadmap.assessment.framework_version_id:
        raise ValidationError(_("This action is not part of this diagnostic's framework."))
    item = roadmap.items.filter(action=action).first()
    if item is not None:
        return roadmap_item_restore(item=item)
    library_action = _as_library_action(action)
    states = _question_states(roadmap.assessment)
    gap = max(
        (
            planning.closes(i, states[i.question])
            for i in library_action.improves
            if i.question in states
        ),
        default=0,
    )
    day0 = roadmap_start(roadmap.assessment)
    days = planning.duration_days(library_action)
    item = RoadmapItem.objects.create(
        roadmap=roadmap,
        action=action,
        axis=action.axis,
        origin=RoadmapItem.Origin.LIBRARY,
        effort_half_days=action.effort_half_days,
        impact=action.impact,
        horizon=planning.horizon_of(days),
        gap=gap,
        start_on=day0,
        due_on=day0 + datetime.timedelta(days=days),
        position=_next_position(roadmap),
        edited=True,
    )
    _touch(roadmap)
    return item


@transaction.atomic
def roadmap_item_add_custom(
    *,
    roadmap: Roadmap,
    axis: Axis,
    title: str,
    description: str,
    effort_half_days: int,
    impact: int,
    horizon: str,
) -> RoadmapItem:
    if axis.framework_version_id != roadmap.assessment.framework_version_id:
        raise ValidationError(_("This axis is not part of this diagnostic's framework."))
    item = RoadmapItem(
        roadmap=roadmap,
        axis=axis,
        origin=RoadmapItem.Origin.CUSTOM,
        title=title.strip(),
        description=description.strip(),
        effort_half_days=effort_half_days,
        impact=impact,
        horizon=horizon,
        position=_next_position(roadmap),
        edited=True,
    )
    item.full_clean()
    item.save()
    _touch(roadmap)
    return item


@transaction.atomic
def roadmap_item_move(*, item: RoadmapItem, offset: int) -> None:
    """Move an action up (offset -1) or down (+1) among the roadmap's actions."""
    items = list(item.roadmap.items.filter(removed=False).order_by("position", "id"))
    index = next((i for i, x in enumerate(items) if x.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This action is removed from the roadmap: restore it first."))
    other = index + offset
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, x in enumerate(items):
        x.position = position
        x.edited = x.edited or x.pk in (item.pk, items[index].pk)
        x.save(update_fields=["position", "edited"])
    _touch(item.roadmap)


@transaction.atomic
def roadmap_item_set_horizon(*, item: RoadmapItem, horizon: str) -> RoadmapItem:
    item.horizon = horizon
    item.edited = True
    item.full_clean()
    item.save(update_fields=["horizon", "edited"])
    _touch(item.roadmap)
    return item


@transaction.atomic
def roadmap_item_complete(*, item: RoadmapItem, done: bool = True) -> RoadmapItem:
    if done and item.removed:
        raise ValidationError(_("This action is removed from the roadmap: restore it first."))
    item.completed_at = timezone.now() if done else None
    item.status = RoadmapItem.Status.DONE if done else RoadmapItem.Status.IN_PROGRESS
    item.status_changed_on = timezone.localdate()
    item.save(update_fields=["completed_at", "status", "status_changed_on"])
    return item


# The action plan: who does what by when, and how far it got

TRACKED_FIELDS = (
    "owner_name",
    "owner_role",
    "start_on",
    "due_on",
    "budget_mad",
    "status",
    "status_changed_on",
    "status_note",
    "kpi",
    "kpi_today",
    "kpi_target",
)
MANAGER_FIELDS = frozenset({"start_on", "due_on", "status", "status_changed_on", "status_note"})


def allowed_tracking_fields(user: User, assessment: Assessment) -> frozenset[str]:
    if can_edit_roadmap(user, assessment):
        return frozenset(TRACKED_FIELDS)
    if can_track_roadmap(user, assessment):
        return MANAGER_FIELDS
    return frozenset()


@transaction.atomic
def roadmap_item_track(
    *, item: RoadmapItem, by: User, changes: Mapping[str, object]
) -> RoadmapItem:
    """Record who does an action, by when, for how much and how far it got.

    A field the user may not change refuses the whole change (``PermissionDenied``); a
    status change dates itself today unless a date is given; done and dropped keep the
    older ``completed_at`` / ``removed`` flags in step, so indicators read the same thing.
    """
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    unknown = set(changed) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"not tracking fields: {sorted(unknown)}")
    if set(changed) - allowed_tracking_fields(by, item.roadmap.assessment):
        raise PermissionDenied
    if not changed:
        return item
    for field, value in changed.items():
        setattr(item, field, value)
    fields = set(changed)
    if "status" in changed:
        if "status_changed_on" not in changed:
            item.status_changed_on = timezone.localdate()
        done = item.status == RoadmapItem.Status.DONE
        if done != (item.completed_at is not None):
            item.completed_at = timezone.now() if done else None
        fields |= {"status_changed_on", "completed_at"}
    item.full_clean()
    item._history_user = by  # type: ignore[attr-defined]
    item.save(update_fields=sorted(fields))
    _touch(item.roadmap)
    return item


@transaction.atomic
def synthesis_save(
    *,
    assessment: Assessment,
    by: User,
    language: str,
    strengths: str,
    weaknesses: str,
    key_messages: str,
    next_steps: str,
) -> Synthesis:
    if not can_edit_roadmap(by, assessment):
        raise PermissionDenied
    synthesis = Synthesis.objects.filter(assessment=assessment).first() or Synthesis(
        assessment=assessment
    )
    synthesis.language = language
    synthesis.strengths = strengths.strip()
    synthesis.weaknesses = weaknesses.strip()
    synthesis.key_messages = key_messages.strip()
    synthesis.next_steps = next_steps.strip()
    synthesis.written_by = by
    synthesis.updated_at = timezone.now()
    synthesis.full_clean()
    synthesis.save()
    return synthesis


# Targets: proposed after the scores, editable until the diagnostic is validated


def _ensure_targets_open(assessment: Assessment, by: User) -> None:
    if not can_edit_roadmap(by, assessment):
        raise PermissionDenied
    if assessment.status == Assessment.Status.VALIDATED:
        raise ValidationError(
            _("The diagnostic is validated: its targets can no longer change. Reopen it first.")
        )


def _keep_level_before(target: AxisTarget) -> None:
    """Targets are created in bulk, without history: record the level before a first change,
    so that the change reads from → to."""
    if not target.history.exists():  # type: ignore[attr-defined]
        target.save(update_fields=["level"])


def _propose(
    assessment: Assessment, by: User, keep: frozenset[int] = frozenset()
) -> list[AxisTarget]:
    """Aim each axis one stage above its score, capped at the top stage, but the axes in
    ``keep``. Recorded as proposed from the scores, by ``by``."""
    scores = {s.axis_id: s.score for s in assessment.axis_scores.all() if s.score is not None}
    if not scores:
        raise ValidationError(_("Submit the diagnostic first: targets follow from its scores."))
    changed = []
    for target in AxisTarget.objects.select_for_update().filter(assessment=assessment):
        if target.axis_id not in scores or target.axis_id in keep:
            continue
        level = Decimal(planning.proposed_target(float(scores[target.axis_id]), MAX_LEVEL))
        if target.level != level:
            _keep_level_before(target)
            target.level = level
            target._change_reason = PROPOSED_TARGET  # type: ignore[attr-defined]
            target._history_user = by  # type: ignore[attr-defined]
            target.save(update_fields=["level"])
            changed.append(target)
    return changed


@transaction.atomic
def targets_propose(*, assessment: Assessment, by: User) -> list[AxisTarget]:
    """Propose every axis's target again from the scores (the consultant asked for it: the
    levels typed by a person are replaced too, and the history keeps them)."""
    _ensure_targets_open(assessment, by)
    return _propose(assessment, by)


def _targets_set(assessment: Assessment) -> frozenset[int]:
    """The axes whose target was set by a person: changed last by someone, not by a proposal,
    or, in a follow-up, carried over from the baseline (T1 is measured against T0's aims)."""
    latest: dict[int, str | None] = {}
    records = AxisTarget.history.filter(assessment_id=assessment.pk)  # type: ignore[attr-defined]
    for axis_id, reason in records.order_by("history_date", "history_id").values_list(
        "axis_id", "history_change_reason"
    ):
        latest[axis_id] = reason
    typed = {axis for axis, reason in latest.items() if reason != PROPOSED_TARGET}
    if assessment.baseline_id is not None:
        typed |= set(
            AxisTarget.objects.filter(assessment_id=assessment.baseline_id).values_list(
                "axis_id", flat=True
            )
        )
    return frozenset(typed)


@transaction.atomic
def targets_propose_on_submission(*, assessment: Assessment, by: User) -> list[AxisTarget]:
    """Propose the targets nobody has set yet, once the scores are stored: a target a person
    typed (or a follow-up's carried-over one) stays; the consultant may change the rest until
    the diagnostic is validated, or propose all of them again from the plan page."""
    return _propose(assessment, by, keep=_targets_set(assessment))


@transaction.atomic
def targets_change(
    *, assessment: Assessment, levels: Mapping[int, Decimal], by: User
) -> list[AxisTarget]:
    """Change the targets of several axes (keys are axis ids) at once, or none."""
    targets = assessment.targets.filter(axis_id__in=levels)
    return [target_change(target=t, level=levels[t.axis_id], by=by) for t in targets]


@transaction.atomic
def target_change(*, target: AxisTarget, level: Decimal, by: User) -> AxisTarget:
    """Change one axis's target; its history keeps who, when, and the level before."""
    target = (
        AxisTarget.objects.select_for_update()
        .select_related("assessment", "axis")
        .get(pk=target.pk)
    )
    _ensure_targets_open(target.assessment, by)
    if not 0 <= level <= MAX_LEVEL:
        raise ValidationError(
            {
                "level": _("The target for %(axis)s must be between 0 and 5.")
                % {"axis": target.axis.name}
            }
        )
    if level != target.level:
        _keep_level_before(target)
        target.level = level
        target._history_user = by  # type: ignore[attr-defined]
        target.save(update_fields=["level"])
    return target


# The plan


def _half_days_used(plan: Plan) -> int:
    return PlanSlot.objects.filter(day__plan=plan).aggregate(t=Sum("half_days"))["t"] or 0


def _day_used(day: PlanDay) -> int:
    return day.slots.aggregate(t=Sum("half_days"))["t"] or 0


def _closing_day(plan: Plan) -> PlanDay | None:
    slot = PlanSlot.objects.filter(day__plan=plan, kind=PlanSlot.Kind.CLOSING).first()
    return slot.day if slot else None


def _ensure_plan_open(plan: Plan) -> None:
    """A signed closing review closes the plan: changing it needs ``plan_reopen``."""
    closing = _closing_day(plan)
    if closing is not None and closing.is_signed:
        raise ValidationError(
            _("The closing review is signed: reopen the plan, with a reason, to change it."),
            code="closed",
        )


def _ensure_plan_editable(plan: Plan, *days: PlanDay) -> None:
    if plan.status == Plan.Status.COMPLETED:
        raise ValidationError(_("This plan is completed and can no longer change."))
    _ensure_plan_open(plan)
    for day in days:
        if day.outcome != PlanDay.Outcome.PLANNED:
            raise ValidationError(
                _("Day %(day)s is already logged: it can no longer change.") % {"day": day.number}
            )
        if day.is_signed:
            raise ValidationError(
                _("Day %(day)s is signed off: it can no longer change.") % {"day": day.number}
            )


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
    _ensure_plan_editable(plan, day)
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
    _ensure_plan_editable(plan, slot.day, day)
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
    _ensure_plan_editable(slot.day.plan, slot.day)
    if slot.kind != PlanSlot.Kind.ACTION:
        raise ValidationError(_("The kick-off and the closing review stay in the plan."))
    slot.delete()


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
    _ensure_plan_editable(day.plan, day)
    _check_revision(day, expected_revision)
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


def _ensure_day_open(day: PlanDay) -> None:
    _ensure_plan_open(day.plan)
    if day.is_signed:
        raise ValidationError(
            _("Day %(day)s is signed off: it can no longer change.") % {"day": day.number}
        )


@transaction.atomic
def plan_day_invite(*, day: PlanDay, name: str, role: str = "") -> PlanParticipant:
    """Invite someone of the PME to a day (before it, or on the day for a late-comer)."""
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=day.pk)
    _ensure_day_open(day)
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
    _ensure_day_open(day)
    participant.delete()


@transaction.atomic
def plan_day_attendance(*, day: PlanDay, present: set[int]) -> list[PlanParticipant]:
    """Mark who of the invited came (ids in ``present``) and who did not (every other one)."""
    day = PlanDay.objects.select_for_update().select_related("plan").get(pk=day.pk)
    _ensure_day_open(day)
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
    _ensure_day_open(day)
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
def plan_reopen(*, plan: Plan, by: User, reason: str) -> PlanReopen:
    """Reopen a plan whose closing review is signed, saying why: the closing review's
    sign-off is lifted (it is kept in the reopening and in the day's history)."""
    plan = Plan.objects.select_for_update().select_related("assessment").get(pk=plan.pk)
    if not can_reopen_plan(by, plan.assessment):
        raise PermissionDenied
    if plan.status == Plan.Status.COMPLETED:
        raise ValidationError(_("This plan is completed and can no longer change."))
    closing = _closing_day(plan)
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
    _ensure_plan_editable(plan)
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


def _check_revision(day: PlanDay, expected: int | None) -> None:
    if expected is not None and day.revision != expected:
        raise ValidationError(
            _(
                "Day %(day)s was changed by someone else in the meantime. Here is what is "
                "saved now: check it and save again if needed."
            )
            % {"day": day.number},
            code="conflict",
        )


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
    _check_revision(day, expected_revision)
    _ensure_plan_open(plan)
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
