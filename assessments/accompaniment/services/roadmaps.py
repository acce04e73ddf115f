"""Writes to a roadmap: proposing it from the answers, editing, tracking; the synthesis."""

import datetime
import math
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.accompaniment import planning
from assessments.accompaniment.models import (
    Plan,
    Roadmap,
    RoadmapItem,
    Synthesis,
)
from assessments.models import Assessment, Company
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
