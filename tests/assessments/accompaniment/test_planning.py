import datetime
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from assessments.accompaniment.planning import (
    BUDGET,
    LONG,
    MEDIUM,
    QUICK,
    AxisState,
    LibraryAction,
    PlanItem,
    choose_for_plan,
    fit_plan,
    prioritise,
    schedule,
)


def act(code, axis="A", requires=0, target=1, effort=2, impact=3, prerequisites=()):
    return LibraryAction(code, axis, requires, target, effort, impact, tuple(prerequisites))


def test_only_actions_between_the_stage_and_the_target_are_proposed() -> None:
    axis = AxisState("A", 1, score=1.5, target=3)
    actions = [
        act("reached", requires=0, target=1),  # level 1 is reached already
        act("next", requires=1, target=2),
        act("then", requires=2, target=3),
        act("beyond", requires=3, target=4),  # starts at the target: later
    ]
    assert [p.code for p in prioritise([axis], actions)] == ["next", "then"]


def test_no_gap_means_no_action() -> None:
    axis = AxisState("A", 1, score=3.2, target=3)
    assert prioritise([axis], [act("x", requires=3, target=4)]) == []


def test_an_axis_without_score_gets_no_action() -> None:
    assert prioritise([AxisState("A", 1, score=None, target=3)], [act("x")]) == []


def test_priority_is_gap_times_weight_times_impact_over_effort() -> None:
    axes = [AxisState("A", 2, score=1, target=3), AxisState("B", 1, score=1, target=2)]
    actions = [
        act("a", axis="A", requires=1, target=2, effort=4, impact=3),  # 2 × 2 × 3 / 4 = 3
        act("b", axis="B", requires=1, target=2, effort=1, impact=5),  # 1 × 1 × 5 / 1 = 5
    ]
    proposals = prioritise(axes, actions)
    assert [(p.code, p.priority) for p in proposals] == [("b", 5.0), ("a", 3.0)]


def test_an_action_needing_a_level_comes_after_the_action_reaching_it() -> None:
    axis = AxisState("A", 1, score=1, target=4)
    actions = [
        act("slow-basic", requires=1, target=2, effort=8, impact=1),
        act("fast-advanced", requires=2, target=3, effort=1, impact=5),
    ]
    proposals = prioritise([axis], actions)
    assert [p.code for p in proposals] == ["slow-basic", "fast-advanced"]
    assert proposals[1].after == ("slow-basic",)


def test_an_unreached_prerequisite_of_another_axis_is_pulled_in_first() -> None:
    axes = [AxisState("A", 1, score=1, target=3), AxisState("B", 1, score=2, target=2)]
    actions = [
        act("a", requires=1, target=2, prerequisites=["b"]),
        act("b", axis="B", requires=2, target=3),
    ]
    assert [p.code for p in prioritise(axes, actions)] == ["b", "a"]


def test_a_prerequisite_already_reached_is_not_proposed() -> None:
    axes = [AxisState("A", 1, score=1, target=3), AxisState("B", 1, score=3, target=3)]
    actions = [act("a", requires=1, target=2, prerequisites=["b"]), act("b", axis="B", target=2)]
    assert [p.code for p in prioritise(axes, actions)] == ["a"]


def test_horizons_follow_the_levels_still_missing() -> None:
    axis = AxisState("A", 1, score=1.2, target=5)
    actions = [
        act("now", requires=1, target=2, effort=2),
        act("big-now", requires=1, target=2, effort=6),
        act("next", requires=2, target=3),
        act("later", requires=3, target=4),
    ]
    horizons = {p.code: p.horizon for p in prioritise([axis], actions)}
    assert horizons == {"now": QUICK, "big-now": MEDIUM, "next": MEDIUM, "later": LONG}


def test_an_action_is_never_on_an_earlier_horizon_than_its_prerequisite() -> None:
    axis = AxisState("A", 1, score=1, target=3)
    actions = [
        act("big", requires=1, target=2, effort=8),
        act("small", requires=1, target=2, effort=1, prerequisites=["big"]),
    ]
    horizons = {p.code: p.horizon for p in prioritise([axis], actions)}
    assert horizons["small"] == horizons["big"] == MEDIUM


def test_the_plan_has_a_kickoff_first_and_a_closing_review_last() -> None:
    slots = fit_plan([PlanItem("x", 3), PlanItem("y", 2)])
    assert (slots[0].day, slots[0].kind, slots[0].half_days) == (1, "kickoff", 1)
    assert (slots[-1].day, slots[-1].kind, slots[-1].half_days) == (8, "closing", 1)
    assert [(s.day, s.key, s.half_days) for s in slots if s.kind == "action"] == [
        (1, "x", 1),
        (2, "x", 2),
        (3, "y", 2),
    ]


def test_an_action_that_does_not_fit_is_skipped_for_a_smaller_one() -> None:
    chosen = choose_for_plan([PlanItem("a", 10), PlanItem("b", 6), PlanItem("c", 4)])
    assert [i.key for i in chosen] == ["a", "c"]


def test_an_action_whose_prerequisite_is_left_out_is_left_out_too() -> None:
    chosen = choose_for_plan([PlanItem("a", 15), PlanItem("b", 2, ("a",)), PlanItem("c", 2)])
    assert [i.key for i in chosen] == ["c"]


# Property-based: random libraries and diagnostics.
codes = [f"X{i}" for i in range(12)]


@st.composite
def libraries(draw):
    axes = [
        AxisState(
            code,
            draw(st.floats(0.5, 3)),
            draw(st.one_of(st.none(), st.floats(0, 5))),
            draw(st.floats(0, 5)),
        )
        for code in ("A", "B", "C")
    ]
    actions = []
    for index, code in enumerate(codes):
        requires = draw(st.integers(0, 4))
        actions.append(
            LibraryAction(
                code=code,
                axis=draw(st.sampled_from(["A", "B", "C"])),
                requires_level=requires,
                target_level=draw(st.integers(requires + 1, 5)),
                effort=draw(st.integers(1, 8)),
                impact=draw(st.integers(1, 5)),
                # only earlier codes: an acyclic library, as the loader guarantees
                prerequisites=tuple(
                    draw(st.lists(st.sampled_from(codes[:index]), max_size=2, unique=True))
                )
                if index
                else (),
            )
        )
    return axes, actions


@given(libraries())
def test_prerequisites_never_come_after_what_needs_them(library) -> None:
    proposals = prioritise(*library)
    position = {p.code: i for i, p in enumerate(proposals)}
    for p in proposals:
        assert all(position[before] < position[p.code] for before in p.after)


@given(libraries())
def test_the_same_input_gives_the_same_roadmap(library) -> None:
    axes, actions = library
    assert prioritise(axes, actions) == prioritise(list(reversed(axes)), list(reversed(actions)))


plan_items = st.lists(st.integers(1, 16), max_size=15).map(
    lambda efforts: [
        PlanItem(f"I{i}", e, (f"I{i - 1}",) if i % 3 == 2 else ()) for i, e in enumerate(efforts)
    ]
)


@given(plan_items)
def test_the_plan_is_never_over_budget(items) -> None:
    slots = fit_plan(items)
    assert sum(s.half_days for s in slots) <= BUDGET
    per_day = Counter()
    for s in slots:
        per_day[s.day] += s.half_days
    assert all(1 <= day <= 8 for day in per_day)
    assert all(total <= 2 for total in per_day.values())


@given(plan_items)
def test_every_chosen_action_gets_its_whole_effort_after_its_prerequisites(items) -> None:
    slots = fit_plan(items)
    effort = {i.key: i.effort for i in items}
    given_ = Counter()
    first_day, last_day = {}, {}
    for s in slots:
        if s.kind == "action":
            given_[s.key] += s.half_days
            first_day.setdefault(s.key, s.day)
            last_day[s.key] = s.day
    assert all(given_[key] == effort[key] for key in given_)
    for item in items:
        if item.key in given_:
            for prerequisite in item.prerequisites:
                assert prerequisite in given_
                assert last_day[prerequisite] <= first_day[item.key]


@given(plan_items)
def test_fitting_is_deterministic(items) -> None:
    assert fit_plan(items) == fit_plan(list(items))


# Dates of the days

START = datetime.date(2026, 12, 5)  # a Saturday


@given(
    start=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2030, 1, 1)),
    count=st.integers(min_value=0, max_value=8),
    every=st.sampled_from([1, 7, 14]),
    working=st.frozensets(st.integers(min_value=0, max_value=6), min_size=1),
)
def test_scheduled_days_are_working_days_in_order_from_the_start(
    start, count, every, working
) -> None:
    dates = schedule(start, count, every=every, working=working)
    assert len(dates) == count
    assert all(d.weekday() in working for d in dates)
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    assert all(d >= start for d in dates)


def test_a_weekly_plan_keeps_its_weekday_and_skips_the_weekend() -> None:
    assert schedule(START, 3) == [
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 14),
        datetime.date(2026, 12, 21),
    ]
    assert schedule(datetime.date(2026, 12, 10), 2, every=1) == [
        datetime.date(2026, 12, 10),
        datetime.date(2026, 12, 11),
    ]
