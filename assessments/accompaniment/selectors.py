"""Reads of roadmaps and eight-day plans, through the diagnostics the user sees."""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.accompaniment.models import (
    PROPOSED_TARGET,
    Horizon,
    Plan,
    PlanDay,
    PlanSlot,
    Roadmap,
    RoadmapItem,
)
from assessments.models import Assessment, AxisTarget
from assessments.rules import (
    can_see_full_history,
    can_validate_somewhere,
    is_consultant,
    is_pme_manager,
)
from assessments.selectors import Change, Viewer, assessments_visible_to, history_changes
from diagnostics.models import Action


@dataclass(frozen=True)
class HorizonGroup:
    horizon: str
    label: str
    items: list[RoadmapItem]


def roadmap_groups(roadmap: Roadmap) -> list[HorizonGroup]:
    items = list(
        roadmap.items.filter(removed=False)
        .select_related("action", "axis")
        .order_by("position", "id")
    )
    return [
        HorizonGroup(value, str(label), [i for i in items if i.horizon == value])
        for value, label in Horizon.choices
    ]


def roadmap_library_left(roadmap: Roadmap) -> QuerySet[Action]:
    """Library actions of the framework that are not (or no longer) in the roadmap."""
    kept = roadmap.items.filter(removed=False, action__isnull=False).values("action_id")
    return (
        Action.objects.filter(axis__framework_version=roadmap.assessment.framework_version)
        .exclude(pk__in=kept)
        .select_related("axis")
        .order_by("axis__order", "code")
    )


@dataclass(frozen=True)
class DayView:
    day: PlanDay
    slots: list[PlanSlot]
    used: int

    @property
    def free(self) -> int:
        return 2 - self.used


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    days: list[DayView]
    used: int
    budget: int
    days_delivered: int
    actions_planned: int
    actions_completed: int

    @property
    def over_budget(self) -> bool:
        return self.used > self.budget


def plan_view(plan: Plan) -> PlanView:
    days = list(
        plan.days.prefetch_related(
            "participants",
            Prefetch(
                "slots",
                queryset=PlanSlot.objects.select_related("item__action", "item__axis").order_by(
                    "order", "id"
                ),
            ),
        ).order_by("number")
    )
    views = [DayView(d, list(d.slots.all()), sum(s.half_days for s in d.slots.all())) for d in days]
    items = {s.item for v in views for s in v.slots if s.item is not None}
    return PlanView(
        plan=plan,
        days=views,
        used=sum(v.used for v in views),
        budget=Plan.BUDGET_HALF_DAYS,
        days_delivered=sum(1 for d in days if d.outcome == PlanDay.Outcome.DONE),
        actions_planned=len(items),
        actions_completed=sum(1 for i in items if i.completed_at is not None),
    )


@dataclass(frozen=True)
class TargetChange:
    axis: str
    before: Decimal
    after: Decimal
    by: str
    at: datetime.datetime
    proposed: bool


def target_changes(assessment: Assessment) -> list[TargetChange]:
    """Every change of the diagnostic's targets, latest first: the tool's proposals after the
    scores and the people's changes, from → to."""
    records = (
        AxisTarget.history.filter(assessment_id=assessment.pk, history_type="~")  # type: ignore[attr-defined]
        .select_related("history_user", "axis")
        .order_by("-history_date")
    )
    changes = []
    for record in records:
        previous = record.prev_record
        if previous is None or previous.level == record.level:
            continue
        user = record.history_user
        changes.append(
            TargetChange(
                axis=record.axis.name,
                before=previous.level,
                after=record.level,
                by=(user.get_full_name() or user.username) if user else "",
                at=record.history_date,
                proposed=record.history_change_reason == PROPOSED_TARGET,
            )
        )
    return changes


def plan_is_closed(plan: Plan) -> bool:
    """The closing review is signed: the plan changes only after a reopening."""
    return PlanSlot.objects.filter(
        day__plan=plan, kind=PlanSlot.Kind.CLOSING, day__signed_at__isnull=False
    ).exists()


def plans_visible_to(user: Viewer) -> QuerySet[Plan]:
    return Plan.objects.select_related("assessment__company__cluster").filter(
        assessment__in=assessments_visible_to(user)
    )


def plan_history(plan: Plan, viewer: Viewer, limit: int = 100) -> list[Change]:
    """Changes to the plan's days: all of them for the consultants and staff, those made
    after the plan was agreed for the PME's managers."""
    days = PlanDay.history.filter(plan_id=plan.pk).select_related("history_user")
    if not can_see_full_history(viewer, plan.assessment):
        if plan.agreed_at is None:
            return []
        days = days.filter(history_date__gt=plan.agreed_at)
    return history_changes(
        days.order_by("-history_date")[:limit],
        ["date", "objectives", "deliverables", "outcome", "achieved", "attendees", "hours"],
        lambda r: str(_("Day %(n)s") % {"n": r.number}),
    )[:limit]


TRACKED = [
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
]


def roadmap_changes(roadmap: Roadmap, limit: int = 50) -> list[Change]:
    """Who changed the action plan (owner, dates, budget, status, KPI), when, from what to what:
    the consultant reads what the PME's managers updated."""
    records = (
        RoadmapItem.history.filter(roadmap_id=roadmap.pk, history_type="~")
        .select_related("history_user")
        .order_by("-history_date")[: limit * 2]
    )
    status = {value: str(label) for value, label in RoadmapItem.Status.choices}
    changes = history_changes(records, TRACKED, lambda r: r.title or _action_title(r))
    return [
        replace(c, before=status.get(c.before, c.before), after=status.get(c.after, c.after))
        for c in changes
    ][:limit]


def _action_title(record: Any) -> str:
    action = Action.objects.filter(pk=record.action_id).first()
    return action.title if action else ""


SHOWN = 10  # items listed per heading on a home page; the count says how many in all


@dataclass(frozen=True)
class Todo:
    """One heading of a home page: how many, and the first ones."""

    count: int
    items: list[Any]


def _todo(queryset: QuerySet[Any]) -> Todo:
    return Todo(count=queryset.count(), items=list(queryset[:SHOWN]))


@dataclass(frozen=True)
class Work:
    """What a user has to do next, by heading (empty headings are not shown)."""

    drafts: Todo  # diagnostics to finish (the consultant's)
    to_validate: Todo  # submitted diagnostics waiting for the cluster's staff
    days_ahead: Todo  # plan days in the coming week
    logs_missing: Todo  # past plan days still "planned"
    finished: Todo  # the PME manager's results to read


def work_for(user: Viewer, today: datetime.date | None = None) -> Work:
    """The home page's to-do lists, each through the user's scope and the policy."""
    today = today or timezone.localdate()
    visible = assessments_visible_to(user).order_by("visit_date", "created_at")
    answerable = visible.filter(company__consultants=user.pk) if is_consultant(user) else None
    days = PlanDay.objects.select_related("plan__assessment__company").filter(
        plan__assessment__in=answerable if answerable is not None else visible.none(),
        outcome=PlanDay.Outcome.PLANNED,
        plan__status__in=[Plan.Status.AGREED, Plan.Status.IN_PROGRESS],
    )
    return Work(
        drafts=_todo(
            answerable.filter(status=Assessment.Status.DRAFT)
            if answerable is not None
            else visible.none()
        ),
        to_validate=_todo(
            visible.filter(status=Assessment.Status.SUBMITTED)
            if can_validate_somewhere(user)
            else visible.none()
        ),
        days_ahead=_todo(
            days.filter(date__gte=today, date__lte=today + datetime.timedelta(days=7)).order_by(
                "date", "number"
            )
        ),
        logs_missing=_todo(days.filter(date__lt=today).order_by("date", "number")),
        finished=_todo(
            visible.exclude(status=Assessment.Status.DRAFT).order_by("-visit_date")
            if is_pme_manager(user)
            else visible.none()
        ),
    )
