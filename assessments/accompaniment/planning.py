"""Roadmap prioritisation and eight-day plan fitting. Pure Python, no ORM.

Prioritisation (``prioritise``)
    An action of the library is proposed when its axis has a gap (target above the
    current score) and the action leads somewhere between the stage reached and the
    target: ``target_level > stage`` and ``requires_level < target``. Its explicit
    prerequisites that are not reached yet are proposed with it.

    priority = gap × axis weight × impact ÷ effort (half-days)

    The order is the highest priority first, except that an action never comes
    before what it needs: its explicit prerequisites, and the actions of the same
    axis that reach the level it requires (an action needing level 2 comes after
    the action that reaches level 2). Ties break on the action code, so the same
    input always gives the same roadmap.

    Horizon: a quick win (0–6 months) needs no level the PME lacks and at most
    4 half-days; medium term (6–18 months) needs at most one more level; long term
    (18–36 months) otherwise. An action is never on an earlier horizon than what
    it needs.

Plan fitting (``fit_plan``)
    The plan has 8 days of 2 half-days. The first half-day is the kick-off, the last
    the closing review; the 14 between take roadmap actions in roadmap order when
    their whole effort fits what is left and their prerequisites are in the plan
    (or done). Chosen actions fill the half-days in order, across days if needed.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

QUICK, MEDIUM, LONG = "quick", "medium", "long"
HORIZONS = (QUICK, MEDIUM, LONG)
QUICK_WIN_MAX_EFFORT = 4
DAYS = 8
HALF_DAYS_PER_DAY = 2
BUDGET = DAYS * HALF_DAYS_PER_DAY
KICKOFF, CLOSING = "kickoff", "closing"
# What an action's priority score weighs (a framework may set its own: ``prioritisation``).
DEFAULT_WEIGHTS = {
    "impact": 40.0,
    "urgency": 15.0,
    "cost": 15.0,
    "effort": 10.0,
    "relevance": 15.0,
    "unlocks": 5.0,
}


@dataclass(frozen=True)
class AxisState:
    code: str
    weight: float
    score: float | None
    target: float | None

    @property
    def stage(self) -> int:
        return 0 if self.score is None else math.floor(self.score + 1e-9)

    @property
    def gap(self) -> float:
        if self.score is None or self.target is None:
            return 0.0
        return max(0.0, self.target - self.score)


@dataclass(frozen=True)
class LibraryAction:
    code: str
    axis: str
    requires_level: int
    target_level: int
    effort: int
    impact: int
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    code: str
    axis: str
    priority: float
    gap: float
    horizon: str
    after: tuple[str, ...] = field(default=())


def _needed(action: LibraryAction, axis: AxisState) -> bool:
    return (
        axis.score is not None
        and axis.gap > 0
        and action.target_level > axis.stage
        and action.requires_level < (axis.target or 0)
    )


def _selection(axes: dict[str, AxisState], actions: dict[str, LibraryAction]) -> set[str]:
    chosen = {code for code, a in actions.items() if a.axis in axes and _needed(a, axes[a.axis])}
    pending = list(chosen)
    while pending:
        for prerequisite in actions[pending.pop()].prerequisites:
            needed = prerequisite in actions and prerequisite not in chosen
            if (
                needed
                and actions[prerequisite].target_level > axes[actions[prerequisite].axis].stage
            ):
                chosen.add(prerequisite)
                pending.append(prerequisite)
    return chosen


def _explicit_ancestors(code: str, actions: dict[str, LibraryAction]) -> set[str]:
    seen: set[str] = set()
    pending = [code]
    while pending:
        for prerequisite in actions[pending.pop()].prerequisites:
            if prerequisite in actions and prerequisite not in seen:
                seen.add(prerequisite)
                pending.append(prerequisite)
    return seen


def _explicit(code: str, chosen: set[str], actions: dict[str, LibraryAction]) -> set[str]:
    return {p for p in actions[code].prerequisites if p in chosen}


def _predecessors(code: str, chosen: set[str], actions: dict[str, LibraryAction]) -> set[str]:
    """What must come before ``code``. Explicit prerequisites win over level order."""
    action = actions[code]
    explicit = _explicit(code, chosen, actions)
    by_level = {
        other
        for other in chosen
        if other != code
        and actions[other].axis == action.axis
        and actions[other].target_level <= action.requires_level
        and code not in _explicit_ancestors(other, actions)
    }
    return explicit | by_level


def prioritise(axes: Iterable[AxisState], actions: Iterable[LibraryAction]) -> list[Proposal]:
    axis_by_code = {a.code: a for a in axes}
    library = {a.code: a for a in actions if a.axis in axis_by_code}
    chosen = _selection(axis_by_code, library)
    before = {code: _predecessors(code, chosen, library) for code in chosen}
    priority = {code: _priority(library[code], axis_by_code[library[code].axis]) for code in chosen}
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(chosen):
        remaining = sorted(chosen - placed)
        ready = [c for c in remaining if before[c] <= placed]
        if not ready:  # level order contradicts explicit prerequisites: these win
            ready = [c for c in remaining if _explicit(c, chosen, library) <= placed]
        if not ready:  # a cycle in the library itself (the loader refuses those)
            ready = remaining[:1]
        best = min(ready, key=lambda c: (-priority[c], c))
        order.append(best)
        placed.add(best)
    horizons: dict[str, str] = {}
    proposals = []
    for code in order:
        action, axis = library[code], axis_by_code[library[code].axis]
        earliest = max(
            (HORIZONS.index(horizons[p]) for p in before[code] if p in horizons), default=0
        )
        horizons[code] = HORIZONS[max(earliest, HORIZONS.index(horizon_of(action, axis)))]
        proposals.append(
            Proposal(
                code=code,
                axis=action.axis,
                priority=round(priority[code], 6),
                gap=round(axis.gap, 2),
                horizon=horizons[code],
                after=tuple(sorted(p for p in before[code] if p in horizons)),
            )
        )
    return proposals


def _priority(action: LibraryAction, axis: AxisState) -> float:
    # An action pulled in as a prerequisite of another axis still gets a small weight.
    gap = axis.gap if axis.gap > 0 else 0.25
    return gap * axis.weight * action.impact / max(action.effort, 1)


def horizon_of(action: LibraryAction, axis: AxisState) -> str:
    steps = max(0, action.requires_level - axis.stage)
    if steps == 0 and action.effort <= QUICK_WIN_MAX_EFFORT:
        return QUICK
    return MEDIUM if steps <= 1 else LONG


@dataclass(frozen=True)
class PlanItem:
    key: str
    effort: int
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    day: int
    kind: str  # "kickoff", "action" or "closing"
    key: str | None
    half_days: int
    order: int


def choose_for_plan(items: Sequence[PlanItem], budget: int = BUDGET) -> list[PlanItem]:
    """The roadmap actions that fit the plan, in roadmap order."""
    room = budget - 2
    keys = {item.key for item in items}
    chosen: list[PlanItem] = []
    taken: set[str] = set()
    for item in items:
        waiting = [p for p in item.prerequisites if p in keys and p not in taken]
        if item.effort <= room and not waiting:
            chosen.append(item)
            taken.add(item.key)
            room -= item.effort
    return chosen


def fit_plan(items: Sequence[PlanItem], budget: int = BUDGET) -> list[Slot]:
    """Kick-off, the actions that fit, and the closing review, laid on the days in order."""
    sequence: list[tuple[str, str | None]] = [(KICKOFF, None)]
    for item in choose_for_plan(items, budget):
        sequence += [("action", item.key)] * item.effort
    sequence.append((CLOSING, None))
    closing_day = budget // HALF_DAYS_PER_DAY
    slots: list[Slot] = []
    for index, (kind, key) in enumerate(sequence):
        day = closing_day if kind == CLOSING else index // HALF_DAYS_PER_DAY + 1
        last = slots[-1] if slots else None
        if last and (last.day, last.kind, last.key) == (day, kind, key):
            slots[-1] = Slot(day, kind, key, last.half_days + 1, last.order)
        else:
            order = sum(1 for s in slots if s.day == day)
            slots.append(Slot(day, kind, key, 1, order))
    return slots


# Dates of the days

WORKING_WEEK = frozenset({0, 1, 2, 3, 4})  # Monday to Friday (date.weekday())
CADENCES = {"daily": 1, "weekly": 7, "fortnightly": 14}


def schedule(
    start: datetime.date,
    count: int,
    *,
    every: int = 7,
    working: frozenset[int] = WORKING_WEEK,
) -> list[datetime.date]:
    """``count`` dates from ``start``, ``every`` calendar days apart (1: consecutive working
    days), each moved to the next working day, always later than the one before."""
    if not working:
        raise ValueError("no working day")
    dates: list[datetime.date] = []
    target = start
    for _index in range(count):
        day = target
        while day.weekday() not in working or (dates and day <= dates[-1]):
            day += datetime.timedelta(days=1)
        dates.append(day)
        target = (day if every == 1 else target) + datetime.timedelta(days=every)
    return dates
