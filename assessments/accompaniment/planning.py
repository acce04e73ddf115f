"""Roadmap prioritisation and eight-day plan fitting. Pure Python, no ORM.

Prioritisation (``prioritise``), from the answers
    Candidates come from the weak questions. An action names the questions it improves and
    the levels it moves each between (``Improvement``); on a question answered at ``level``
    with target ``target`` it closes ``min(to, target) − max(level, from)`` levels when that
    is positive (never for a question unanswered or not applicable). An action is a
    candidate when it applies to the PME (its sector, size band and exposures lists are
    empty or name the PME's) and it closes something, weighted by the question's and the
    axis's weights. So an inapplicable action is never proposed, nor one whose levels are
    reached on all its questions. Its explicit prerequisites that apply and are not reached
    yet come with it (with the reason "needed by …"); an inapplicable prerequisite is
    skipped, a reached one is done.

    Score (0–100) = Σ weight_k × component_k ÷ Σ weight_k, the components in [0, 1]:
      impact     levels closed × question weight × axis weight × the action's impact (1–5),
                 relative to the best candidate of this roadmap;
      urgency    the action's regulatory or customer deadline pressure (0–3) ÷ 3;
      cost       1 ÷ (1 + cost ÷ COST_REFERENCE_MAD), cost = mid capex + mid yearly opex;
      effort     1 ÷ (1 + days ÷ DAYS_REFERENCE), days = mid internal days at the PME;
      relevance  how much what the action improves weighs for this PME: its benefits'
                 metrics against the PME's cost profile (labour, materials, energy, scrap)
                 and the KPIs its managers chose (``relevance``);
      unlocks    how many other proposals wait for it (÷ 3, at most 1).
    The weights are data of the framework (``prioritisation.weights``; DEFAULT_WEIGHTS
    otherwise). The best ``max_actions`` candidates are kept (with their prerequisites).

    The order is the highest score first, except that an action never comes before what it
    needs: its explicit prerequisites, and the proposals that bring one of its questions to
    the level it starts from. Ties break on the action code: the same input always gives the
    same roadmap.

    Dates: each proposal starts when what it needs is due and fewer than ``parallel``
    proposals are running, and lasts ``duration_days`` (internal days spread at two a week,
    plus a procurement lead for heavy capex). The horizon follows from the due date: quick
    win within 6 months, medium term within 18, long term beyond.

Plan fitting (``fit_plan``)
    The plan has 8 days of 2 half-days. The first half-day is the kick-off, the last
    the closing review; the 14 between take roadmap actions in roadmap order when
    their whole effort fits what is left and their prerequisites are in the plan
    (or done). Chosen actions fill the half-days in order, across days if needed.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

QUICK, MEDIUM, LONG = "quick", "medium", "long"
HORIZONS = (QUICK, MEDIUM, LONG)
HORIZON_DAYS = {QUICK: 183, MEDIUM: 548}  # a due date within: else long term
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
COST_REFERENCE_MAD = 100_000  # an action costing this scores 0.5 on cost
DAYS_REFERENCE = 10  # an action taking this many of the PME's days scores 0.5 on effort
UNKNOWN = 0.5  # the component of a cost or effort the library does not give
PARALLEL = 3  # improvement projects a PME of 10-250 people runs at once
HEAVY_CAPEX_MAD = 250_000  # from this, add a procurement lead time
PROCUREMENT_DAYS = 56
MAX_ACTIONS = {"1-9": 6, "10-49": 10, "50-199": 12, "200-499": 15, "500+": 15}
DEFAULT_MAX_ACTIONS = 12

# The cost profile's shares (0–1) when the PME gave none: a typical manufacturing PME.
DEFAULT_COST_SHARES = {"labour": 0.3, "materials": 0.5, "energy": 0.08, "scrap": 0.04}
# Which share of the cost profile a benefit metric works on (None: none in particular).
METRIC_DRIVERS: dict[str, tuple[str, ...]] = {
    "oee": ("labour", "energy"),
    "scrap": ("scrap", "materials"),
    "downtime": ("labour",),
    "lead_time": (),
    "on_time_delivery": (),
    "inventory": ("materials",),
    "energy": ("energy",),
    "water": ("energy",),
    "labour_productivity": ("labour",),
    "customer_complaints": ("scrap",),
    "admin_time": ("labour",),
    "cyber_incidents": (),
}
BASE_RELEVANCE = 0.3  # a benefit with no driver in the cost profile still counts
KPI_BONUS = 0.5  # a benefit on a KPI the managers chose


@dataclass(frozen=True)
class QuestionState:
    """A question of the diagnostic: its answer and the level aimed at."""

    code: str
    axis: str
    weight: float  # the question's weight times its axis's weight
    level: int | None  # None: unanswered or not applicable
    target: int

    @property
    def gap(self) -> int:
        return 0 if self.level is None else max(0, self.target - self.level)


@dataclass(frozen=True)
class Improvement:
    question: str
    from_level: int
    to_level: int


@dataclass(frozen=True)
class LibraryAction:
    code: str
    axis: str
    requires_level: int
    target_level: int
    effort: int  # the consultant's half-days
    impact: int  # 1–5
    prerequisites: tuple[str, ...] = ()
    improves: tuple[Improvement, ...] = ()
    sectors: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    exposures: tuple[str, ...] = ()
    cost_mad: float | None = None  # mid capex + mid yearly opex
    internal_days: float | None = None  # mid internal days
    heavy_capex: bool = False
    urgency: int = 0
    metrics: tuple[str, ...] = ()  # what its benefits are measured in


@dataclass(frozen=True)
class Profile:
    """What the PME is and what matters to it."""

    sector: str = ""
    size_band: str = ""
    exposures: frozenset[str] = frozenset()
    cost_shares: Mapping[str, float] = field(default_factory=dict)  # 0–1, missing: default
    kpis: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why an action is proposed: ``question`` is at ``level``, aimed at ``target``."""

    question: str
    level: int
    target: int


@dataclass(frozen=True)
class Proposal:
    code: str
    axis: str
    priority: float  # the score, 0–100
    gap: float  # the most levels it closes on one question
    horizon: str
    after: tuple[str, ...] = field(default=())
    reasons: tuple[Reason, ...] = ()
    needed_by: tuple[str, ...] = ()  # set when it is proposed as another's prerequisite
    start_day: int = 0  # days after the roadmap's start
    due_day: int = 0
    components: Mapping[str, float] = field(default_factory=dict)


def applies(action: LibraryAction, profile: Profile) -> bool:
    return (
        (not action.sectors or profile.sector in action.sectors)
        and (not action.size_bands or profile.size_band in action.size_bands)
        and (not action.exposures or bool(profile.exposures & set(action.exposures)))
    )


def closes(improvement: Improvement, question: QuestionState) -> int:
    """The levels an improvement closes on a question (0 when nothing is left to close)."""
    if question.level is None:
        return 0
    top = min(improvement.to_level, question.target)
    return max(0, top - max(question.level, improvement.from_level))


def reached(action: LibraryAction, questions: Mapping[str, QuestionState]) -> bool:
    """Every question the action improves is answered at or above the level it brings."""
    states = [questions.get(i.question) for i in action.improves]
    return bool(states) and all(
        s is not None and s.level is not None and s.level >= i.to_level
        for s, i in zip(states, action.improves, strict=True)
    )


def _gain(action: LibraryAction, questions: Mapping[str, QuestionState]) -> float:
    return sum(
        closes(i, questions[i.question]) * questions[i.question].weight
        for i in action.improves
        if i.question in questions
    )


def _reasons(action: LibraryAction, questions: Mapping[str, QuestionState]) -> tuple[Reason, ...]:
    found = [
        Reason(i.question, questions[i.question].level or 0, questions[i.question].target)
        for i in action.improves
        if i.question in questions and closes(i, questions[i.question]) > 0
    ]
    return tuple(sorted(found, key=lambda r: (r.level - r.target, r.question)))


def relevance(action: LibraryAction, profile: Profile) -> float:
    """0–1: how much the metrics the action moves weigh for this PME."""
    if not action.metrics:
        return BASE_RELEVANCE / (1 + KPI_BONUS)
    shares = {**DEFAULT_COST_SHARES, **profile.cost_shares}
    best = 0.0
    for metric in action.metrics:
        drivers = METRIC_DRIVERS.get(metric, ())
        share = max((shares.get(d, 0.0) for d in drivers), default=0.0)
        value = BASE_RELEVANCE + (1 - BASE_RELEVANCE) * min(1.0, 2 * share)
        if metric in profile.kpis:
            value += KPI_BONUS
        best = max(best, value / (1 + KPI_BONUS))
    return best


def duration_days(action: LibraryAction) -> int:
    days = action.internal_days if action.internal_days is not None else action.effort / 2
    weeks = max(2, math.ceil(days / 2))
    return weeks * 7 + (PROCUREMENT_DAYS if action.heavy_capex else 0)


def prioritise(
    questions: Iterable[QuestionState],
    actions: Iterable[LibraryAction],
    profile: Profile | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    max_actions: int | None = None,
    parallel: int = PARALLEL,
) -> list[Proposal]:
    profile = profile or Profile()
    states = {q.code: q for q in questions}
    library = {a.code: a for a in actions}
    usable = {c: a for c, a in library.items() if applies(a, profile)}
    gains = {c: _gain(a, states) for c, a in usable.items()}
    candidates = {c for c, g in gains.items() if g > 0}
    limit = max_actions or MAX_ACTIONS.get(profile.size_band, DEFAULT_MAX_ACTIONS)
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    # First pass: score the candidates alone, keep the best, then bring their prerequisites.
    components = _components(candidates, usable, states, profile, gains, candidates)
    score = {c: _score(components[c], weights) for c in candidates}
    kept = set(sorted(candidates, key=lambda c: (-score[c], c))[:limit])
    chosen, needed_by = _with_prerequisites(kept, usable, states)
    components = _components(chosen, usable, states, profile, gains, chosen)
    score = {c: _score(components[c], weights) for c in chosen}
    before = {c: _predecessors(c, chosen, usable) for c in chosen}
    order = _order(chosen, before, score, usable)
    return _dated(order, before, score, components, usable, states, needed_by, parallel)


def _with_prerequisites(
    kept: set[str], usable: Mapping[str, LibraryAction], states: Mapping[str, QuestionState]
) -> tuple[set[str], dict[str, set[str]]]:
    chosen = set(kept)
    needed_by: dict[str, set[str]] = {}
    pending = sorted(kept)
    while pending:
        code = pending.pop()
        for prerequisite in usable[code].prerequisites:
            action = usable.get(prerequisite)  # an inapplicable prerequisite is skipped
            if action is None or reached(action, states):
                continue
            if prerequisite not in kept:
                needed_by.setdefault(prerequisite, set()).add(code)
            if prerequisite not in chosen:
                chosen.add(prerequisite)
                pending.append(prerequisite)
    return chosen, needed_by


def _components(
    chosen: set[str],
    usable: Mapping[str, LibraryAction],
    states: Mapping[str, QuestionState],
    profile: Profile,
    gains: Mapping[str, float],
    pool: set[str],
) -> dict[str, dict[str, float]]:
    raw = {c: gains[c] * usable[c].impact for c in chosen}
    best = max(raw.values(), default=0.0) or 1.0
    waiting = {c: sum(1 for o in pool if c in usable[o].prerequisites) for c in chosen}
    found = {}
    for code in chosen:
        action = usable[code]
        found[code] = {
            "impact": raw[code] / best,
            "urgency": min(action.urgency, 3) / 3,
            "cost": (
                UNKNOWN
                if action.cost_mad is None
                else 1 / (1 + action.cost_mad / COST_REFERENCE_MAD)
            ),
            "effort": (
                UNKNOWN
                if action.internal_days is None
                else 1 / (1 + action.internal_days / DAYS_REFERENCE)
            ),
            "relevance": relevance(action, profile),
            "unlocks": min(1.0, waiting[code] / 3),
        }
    return found


def _score(components: Mapping[str, float], weights: Mapping[str, float]) -> float:
    total = sum(weights.values()) or 1.0
    return 100 * sum(weights[k] * components.get(k, 0.0) for k in weights) / total


def _explicit(code: str, chosen: set[str], actions: Mapping[str, LibraryAction]) -> set[str]:
    return {p for p in actions[code].prerequisites if p in chosen}


def _ancestors(code: str, actions: Mapping[str, LibraryAction]) -> set[str]:
    seen: set[str] = set()
    pending = [code]
    while pending:
        for prerequisite in actions[pending.pop()].prerequisites:
            if prerequisite in actions and prerequisite not in seen:
                seen.add(prerequisite)
                pending.append(prerequisite)
    return seen


def _predecessors(code: str, chosen: set[str], actions: Mapping[str, LibraryAction]) -> set[str]:
    """What must come before ``code``: explicit prerequisites, then the proposals that bring
    one of its questions to the level it starts from (unless that contradicts the former)."""
    starts = {i.question: i.from_level for i in actions[code].improves}
    by_level = {
        other
        for other in chosen
        if other != code
        and any(
            i.question in starts and 0 < i.to_level <= starts[i.question]
            for i in actions[other].improves
        )
        and code not in _ancestors(other, actions)
    }
    return _explicit(code, chosen, actions) | by_level


def _order(
    chosen: set[str],
    before: Mapping[str, set[str]],
    score: Mapping[str, float],
    actions: Mapping[str, LibraryAction],
) -> list[str]:
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(chosen):
        remaining = sorted(chosen - placed)
        ready = [c for c in remaining if before[c] <= placed]
        if not ready:  # level order contradicts explicit prerequisites: these win
            ready = [c for c in remaining if _explicit(c, chosen, actions) <= placed]
        if not ready:  # a cycle in the library itself (the loader refuses those)
            ready = remaining[:1]
        best = min(ready, key=lambda c: (-score[c], c))
        order.append(best)
        placed.add(best)
    return order


def _dated(
    order: list[str],
    before: Mapping[str, set[str]],
    score: Mapping[str, float],
    components: Mapping[str, Mapping[str, float]],
    actions: Mapping[str, LibraryAction],
    states: Mapping[str, QuestionState],
    needed_by: Mapping[str, set[str]],
    parallel: int,
) -> list[Proposal]:
    due: dict[str, int] = {}
    running: list[int] = []  # due days of the proposals started so far
    proposals = []
    for code in order:
        action = actions[code]
        start = max((due[p] for p in before[code] if p in due), default=0)
        ends = sorted(d for d in running if d > start)
        if len(ends) >= parallel:
            start = ends[len(ends) - parallel]
        due[code] = start + duration_days(action)
        running.append(due[code])
        reasons = _reasons(action, states)
        horizon = horizon_of(due[code])
        proposals.append(
            Proposal(
                code=code,
                axis=action.axis,
                priority=round(score[code], 2),
                gap=float(
                    max(
                        (
                            closes(i, states[i.question])
                            for i in action.improves
                            if i.question in states
                        ),
                        default=0,
                    )
                ),
                horizon=horizon,
                after=tuple(sorted(p for p in before[code] if p in due)),
                reasons=reasons,
                needed_by=tuple(sorted(needed_by.get(code, ()))),
                start_day=start,
                due_day=due[code],
                components={k: round(v, 4) for k, v in components[code].items()},
            )
        )
    return proposals


def horizon_of(due_day: int) -> str:
    """The horizon of an action due ``due_day`` days after the roadmap starts."""
    return next((h for h in (QUICK, MEDIUM) if due_day <= HORIZON_DAYS[h]), LONG)


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


# Targets


def proposed_target(score: float, top: int = 5) -> int:
    """The stage above an axis's score (2.4 is stage 2: aim at 3), capped at the top stage."""
    return min(top, math.floor(score + 1e-9) + 1)


# Prerequisites of the plan's order

PREREQUISITE, KICKOFF_FIRST, CLOSING_LAST = "prerequisite", "kickoff_first", "closing_last"


@dataclass(frozen=True, order=True)
class Breach:
    """A slot placed before what it needs. ``day`` is the day it would have to follow (or, for
    the kick-off, precede); ``key`` and ``needs`` name the actions of a prerequisite breach."""

    rule: str
    day: int
    key: str | None = None
    needs: str | None = None


def order_breaches(
    slots: Iterable[Slot], prerequisites: Mapping[str, Sequence[str]]
) -> list[Breach]:
    """What the order of the days breaks: the kick-off comes on or before every action's day,
    the closing review on or after (it reviews them), and an action starts no earlier than
    the actions it needs (the same day is fine: the day's agenda orders them)."""
    slots = list(slots)
    actions = [s for s in slots if s.kind not in (KICKOFF, CLOSING) and s.key is not None]
    first: dict[str, int] = {}
    for slot in actions:
        key = slot.key or ""
        first[key] = min(first.get(key, slot.day), slot.day)
    breaches: set[Breach] = set()
    for slot in slots:
        before = [a.day for a in actions if a.day < slot.day]
        after = [a.day for a in actions if a.day > slot.day]
        if slot.kind == KICKOFF and before:
            breaches.add(Breach(KICKOFF_FIRST, min(before)))
        if slot.kind == CLOSING and after:
            breaches.add(Breach(CLOSING_LAST, max(after)))
    for key, day in first.items():
        for needed in prerequisites.get(key, ()):
            if first.get(needed, day) > day:
                breaches.add(Breach(PREREQUISITE, first[needed], key, needed))
    return sorted(breaches)


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
