import datetime
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.accompaniment.planning import (
    BUDGET,
    CLOSING_LAST,
    KICKOFF_FIRST,
    LONG,
    MEDIUM,
    PREREQUISITE,
    QUICK,
    Breach,
    Improvement,
    LibraryAction,
    PlanItem,
    Profile,
    QuestionState,
    Reason,
    Slot,
    applies,
    choose_for_plan,
    fit_plan,
    order_breaches,
    prioritise,
    proposed_target,
    reached,
    schedule,
)


def q(code, level, target=3, weight=1.0, axis="A"):
    return QuestionState(code, axis, weight, level, target)


def act(code, *improves, axis="A", prerequisites=(), **fields):
    """An action improving ``(question, from, to)`` triples."""
    return LibraryAction(
        code=code,
        axis=axis,
        requires_level=min((i[1] for i in improves), default=0),
        target_level=max((i[2] for i in improves), default=1),
        effort=fields.pop("effort", 2),
        impact=fields.pop("impact", 3),
        prerequisites=tuple(prerequisites),
        improves=tuple(Improvement(*i) for i in improves),
        **fields,
    )


def codes_of(proposals):
    return [p.code for p in proposals]


def test_candidates_come_from_the_weak_questions() -> None:
    questions = [q("Q1", 1, target=3), q("Q2", 3, target=3)]
    actions = [act("weak", ("Q1", 1, 3)), act("strong", ("Q2", 2, 4))]
    assert codes_of(prioritise(questions, actions)) == ["weak"]


def test_an_action_whose_levels_are_reached_on_all_its_questions_is_never_proposed() -> None:
    questions = [q("Q1", 3, target=5), q("Q2", 4, target=5)]
    actions = [act("done", ("Q1", 1, 3), ("Q2", 2, 4)), act("next", ("Q1", 3, 4))]
    assert codes_of(prioritise(questions, actions)) == ["next"]


def test_an_unanswered_or_not_applicable_question_proposes_nothing() -> None:
    assert prioritise([q("Q1", None, target=4)], [act("x", ("Q1", 0, 3))]) == []


def test_an_inapplicable_action_is_never_proposed() -> None:
    questions = [q("Q1", 0, target=3)]
    actions = [
        act("food", ("Q1", 0, 2), sectors=("agrifood",)),
        act("big", ("Q1", 0, 2), size_bands=("200-499",)),
        act("export", ("Q1", 0, 2), exposures=("eu_exporter",)),
        act("any", ("Q1", 0, 2)),
    ]
    profile = Profile(
        sector="electronics", size_band="10-49", exposures=frozenset({"aero_supplier"})
    )
    assert codes_of(prioritise(questions, actions, profile)) == ["any"]
    exporter = Profile(sector="agrifood", size_band="10-49", exposures=frozenset({"eu_exporter"}))
    assert sorted(codes_of(prioritise(questions, actions, exporter))) == ["any", "export", "food"]


def test_each_proposal_says_which_answers_it_comes_from() -> None:
    questions = [q("MAINT-03", 1, target=3), q("MAINT-01", 2, target=3), q("MAINT-02", 3)]
    action = act("M", ("MAINT-01", 1, 3), ("MAINT-02", 2, 3), ("MAINT-03", 0, 3))
    (proposal,) = prioritise(questions, [action])
    assert proposal.reasons == (Reason("MAINT-03", 1, 3), Reason("MAINT-01", 2, 3))
    assert proposal.gap == 2


def test_an_unreached_prerequisite_comes_first_with_its_reason() -> None:
    questions = [q("Q1", 1, target=3), q("Q2", 1, target=1)]
    actions = [act("a", ("Q1", 1, 3), prerequisites=["b"]), act("b", ("Q2", 1, 2))]
    proposals = prioritise(questions, actions)
    assert codes_of(proposals) == ["b", "a"]
    assert proposals[0].needed_by == ("a",)
    assert proposals[0].reasons == ()


def test_a_reached_or_inapplicable_prerequisite_is_not_proposed() -> None:
    questions = [q("Q1", 1, target=3), q("Q2", 3, target=3)]
    actions = [
        act("a", ("Q1", 1, 3), prerequisites=["reached", "aero"]),
        act("reached", ("Q2", 1, 2)),
        act("aero", ("Q2", 1, 4), sectors=("aeronautics",)),
    ]
    assert codes_of(prioritise(questions, actions, Profile(sector="agrifood"))) == ["a"]


def test_an_action_starting_higher_on_a_question_comes_after_the_one_reaching_that_level() -> None:
    questions = [q("Q1", 0, target=4)]
    actions = [act("first", ("Q1", 0, 2), impact=1), act("then", ("Q1", 2, 4), impact=5)]
    proposals = prioritise(questions, actions)
    assert codes_of(proposals) == ["first", "then"]
    assert proposals[1].after == ("first",)
    assert proposals[1].start_day >= proposals[0].due_day


def test_the_score_separates_high_impact_from_cheap() -> None:
    questions = [q("Q1", 0, target=4, weight=2), q("Q2", 2, target=3)]
    big = act("big", ("Q1", 0, 4), impact=5, cost_mad=400_000, internal_days=30, urgency=3)
    cheap = act("cheap", ("Q2", 2, 3), impact=2, cost_mad=5_000, internal_days=2)
    scores = {p.code: p.priority for p in prioritise(questions, [big, cheap])}
    assert scores["big"] > scores["cheap"]
    assert scores["big"] - scores["cheap"] > 10
    cheap_first = {
        "impact": 5,
        "urgency": 0,
        "cost": 60,
        "effort": 30,
        "relevance": 0,
        "unlocks": 0,
    }
    scores = {p.code: p.priority for p in prioritise(questions, [big, cheap], weights=cheap_first)}
    assert scores["cheap"] > scores["big"]


def test_the_pmes_cost_profile_and_kpis_weigh_in() -> None:
    questions = [q("Q1", 1, target=3), q("Q2", 1, target=3)]
    energy = act("energy", ("Q1", 1, 3), metrics=("energy",))
    scrap = act("scrap", ("Q2", 1, 3), metrics=("scrap",))
    foundry = Profile(cost_shares={"energy": 0.35, "scrap": 0.02, "materials": 0.2})
    assert codes_of(prioritise(questions, [energy, scrap], foundry))[0] == "energy"
    watched = Profile(cost_shares={"energy": 0.05, "scrap": 0.1, "materials": 0.3}, kpis=("scrap",))
    assert codes_of(prioritise(questions, [energy, scrap], watched))[0] == "scrap"


def test_a_small_pme_gets_a_short_roadmap() -> None:
    questions = [q(f"Q{i}", 0, target=3) for i in range(30)]
    actions = [act(f"X{i:02}", (f"Q{i}", 0, 2)) for i in range(30)]
    assert len(prioritise(questions, actions, Profile(size_band="10-49"))) == 10
    assert len(prioritise(questions, actions, Profile(size_band="1-9"))) == 6


def test_dates_follow_effort_dependencies_and_what_a_pme_can_run_at_once() -> None:
    questions = [q(f"Q{i}", 0, target=2) for i in range(5)]
    actions = [act(f"X{i}", (f"Q{i}", 0, 2), internal_days=4) for i in range(5)]
    proposals = prioritise(questions, actions, parallel=2)
    starts = sorted(p.start_day for p in proposals)
    assert starts == [0, 0, 14, 14, 28]
    assert all(p.due_day - p.start_day == 14 for p in proposals)
    assert {p.horizon for p in proposals} == {QUICK}


def test_heavy_capex_adds_a_procurement_lead_and_pushes_the_horizon() -> None:
    questions = [q("Q1", 0, target=4)]
    actions = [
        act("spec", ("Q1", 0, 2), internal_days=60),
        act("line", ("Q1", 2, 4), internal_days=120, heavy_capex=True),
    ]
    horizons = {p.code: p.horizon for p in prioritise(questions, actions)}
    assert horizons == {"spec": MEDIUM, "line": LONG}


def test_applies_reads_empty_lists_as_everyone() -> None:
    assert applies(act("x", ("Q", 0, 1)), Profile())
    assert not applies(act("x", ("Q", 0, 1), exposures=("eu_exporter",)), Profile())


def test_reached_needs_every_question_answered_at_the_level_brought() -> None:
    action = act("x", ("Q1", 0, 2), ("Q2", 0, 3))
    assert reached(action, {"Q1": q("Q1", 2), "Q2": q("Q2", 3)})
    assert not reached(action, {"Q1": q("Q1", 2), "Q2": q("Q2", None)})


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


# Property-based: random libraries, PMEs and diagnostics.
codes = [f"X{i}" for i in range(12)]
questions_codes = [f"Q{i}" for i in range(8)]
SECTORS = ["agrifood", "electronics", "aeronautics"]
BANDS = ["10-49", "50-199"]
EXPOSURES = ["eu_exporter", "aero_supplier"]


# The machine is shared: generating a library is slow there, not wrong.
shared_machine = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def libraries(draw):
    states = [
        QuestionState(
            code,
            draw(st.sampled_from(["A", "B", "C"])),
            draw(st.floats(0.5, 3)),
            draw(st.one_of(st.none(), st.integers(0, 5))),
            draw(st.integers(0, 5)),
        )
        for code in questions_codes
    ]
    actions = []
    for index, code in enumerate(codes):
        improves = []
        for question in draw(
            st.lists(st.sampled_from(questions_codes), min_size=1, max_size=3, unique=True)
        ):
            low = draw(st.integers(0, 4))
            improves.append(Improvement(question, low, draw(st.integers(low + 1, 5))))
        actions.append(
            LibraryAction(
                code=code,
                axis=draw(st.sampled_from(["A", "B", "C"])),
                requires_level=min(i.from_level for i in improves),
                target_level=max(i.to_level for i in improves),
                effort=draw(st.integers(1, 8)),
                impact=draw(st.integers(1, 5)),
                # only earlier codes: an acyclic library, as the loader guarantees
                prerequisites=tuple(
                    draw(st.lists(st.sampled_from(codes[:index]), max_size=2, unique=True))
                )
                if index
                else (),
                improves=tuple(improves),
                sectors=tuple(draw(st.lists(st.sampled_from(SECTORS), max_size=2, unique=True))),
                size_bands=tuple(draw(st.lists(st.sampled_from(BANDS), max_size=1))),
                exposures=tuple(draw(st.lists(st.sampled_from(EXPOSURES), max_size=1))),
                cost_mad=draw(st.one_of(st.none(), st.floats(0, 2_000_000))),
                internal_days=draw(st.one_of(st.none(), st.floats(0, 60))),
                urgency=draw(st.integers(0, 3)),
                metrics=tuple(
                    draw(st.lists(st.sampled_from(["oee", "scrap", "energy"]), max_size=2))
                ),
            )
        )
    profile = Profile(
        sector=draw(st.sampled_from(SECTORS)),
        size_band=draw(st.sampled_from(BANDS)),
        exposures=frozenset(draw(st.lists(st.sampled_from(EXPOSURES), max_size=2))),
        cost_shares={"energy": draw(st.floats(0, 0.5)), "scrap": draw(st.floats(0, 0.2))},
        kpis=tuple(draw(st.lists(st.sampled_from(["oee", "scrap", "energy"]), max_size=2))),
    )
    return states, actions, profile


@shared_machine
@given(libraries())
def test_an_inapplicable_or_reached_action_is_never_proposed(library) -> None:
    states, actions, profile = library
    by_code = {a.code: a for a in actions}
    answers = {s.code: s for s in states}
    for proposal in prioritise(states, actions, profile):
        assert applies(by_code[proposal.code], profile)
        assert not reached(by_code[proposal.code], answers)


@shared_machine
@given(libraries())
def test_every_reason_matches_the_answers(library) -> None:
    states, actions, profile = library
    answers = {s.code: s for s in states}
    improved = {a.code: {i.question for i in a.improves} for a in actions}
    for proposal in prioritise(states, actions, profile):
        assert proposal.reasons or proposal.needed_by
        for reason in proposal.reasons:
            state = answers[reason.question]
            assert reason.question in improved[proposal.code]
            assert (reason.level, reason.target) == (state.level, state.target)
            assert reason.level < reason.target


@shared_machine
@given(libraries())
def test_prerequisites_never_come_after_what_needs_them(library) -> None:
    proposals = prioritise(*library)
    position = {p.code: i for i, p in enumerate(proposals)}
    for p in proposals:
        assert all(position[before] < position[p.code] for before in p.after)
        assert all(position[p.code] < position[user] for user in p.needed_by if user in position)


@shared_machine
@given(libraries())
def test_nothing_starts_before_what_it_needs_is_due(library) -> None:
    proposals = prioritise(*library)
    due = {p.code: p.due_day for p in proposals}
    for p in proposals:
        assert all(p.start_day >= due[before] for before in p.after)
        assert p.due_day > p.start_day


@shared_machine
@given(libraries())
def test_the_same_input_gives_the_same_roadmap(library) -> None:
    states, actions, profile = library
    assert prioritise(states, actions, profile) == prioritise(
        list(reversed(states)), list(reversed(actions)), profile
    )


@shared_machine
@given(libraries())
def test_scores_lie_between_0_and_100(library) -> None:
    assert all(0 <= p.priority <= 100 for p in prioritise(*library))


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


# The order of the days: prerequisites, kick-off first, closing review last


def _slot(day, key=None, kind="action"):
    return Slot(day=day, kind=kind, key=key, half_days=1, order=0)


def test_an_action_before_the_action_it_needs_is_a_breach():

    slots = [_slot(1, kind="kickoff"), _slot(2, "b"), _slot(4, "a"), _slot(8, kind="closing")]
    assert order_breaches(slots, {"b": ("a",)}) == [Breach(PREREQUISITE, 4, "b", "a")]
    assert order_breaches(slots, {"a": ("b",)}) == []


def test_an_action_on_the_same_day_as_what_it_needs_is_fine():

    assert order_breaches([_slot(3, "a"), _slot(3, "b")], {"b": ("a",)}) == []


def test_the_closing_review_comes_after_every_action_and_the_kickoff_before():

    slots = [_slot(3, kind="kickoff"), _slot(2, "a"), _slot(5, "a"), _slot(4, kind="closing")]
    assert order_breaches(slots, {}) == [Breach(CLOSING_LAST, 5), Breach(KICKOFF_FIRST, 2)]


@given(
    days=st.lists(st.integers(1, 8), min_size=1, max_size=6),
    links=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=6),
)
def test_a_plan_laid_in_prerequisite_order_has_no_breach(days, links):

    keys = [str(i) for i in range(len(days))]
    ordered = sorted(days)
    needs: dict[str, tuple[str, ...]] = {}
    for later, earlier in links:
        if earlier < later < len(keys):  # the earlier key is on an earlier or the same day
            needs[keys[later]] = (*needs.get(keys[later], ()), keys[earlier])
    slots = [_slot(1, kind="kickoff"), *(_slot(d, k) for d, k in zip(ordered, keys, strict=True))]
    slots.append(_slot(8, kind="closing"))
    assert order_breaches(slots, needs) == []


def test_a_target_is_the_stage_above_the_score_capped_at_the_top():
    assert [proposed_target(s) for s in (0, 1, 2.4, 2.99, 3, 4.6, 5)] == [1, 2, 3, 3, 4, 5, 5]
