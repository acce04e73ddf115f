import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import QuestionAnswer as QA


def test_axis_score_is_the_weighted_mean_of_answered_levels() -> None:
    answers = [QA("A", 1, level=1), QA("A", 3, level=5)]
    assert scoring.axis_result("A", answers).score == pytest.approx(4.0)


def test_not_applicable_answers_are_left_out() -> None:
    answers = [QA("A", 1, level=2), QA("A", 5, not_applicable=True)]
    result = scoring.axis_result("A", answers)
    assert result.score == 2
    assert result.not_applicable == 1
    assert result.answered == 1


def test_an_axis_with_only_not_applicable_answers_has_no_score() -> None:
    result = scoring.score({"A": 1, "B": 1}, [QA("A", 1, not_applicable=True), QA("B", 1, level=3)])
    assert result.axes["A"].score is None
    assert result.overall == 3


def test_overall_is_the_weighted_mean_of_axis_scores() -> None:
    result = scoring.score({"A": 2, "B": 1}, [QA("A", 1, level=4), QA("B", 1, level=1)])
    assert result.overall == pytest.approx(3.0)


def test_missing_answers_are_counted_but_not_scored() -> None:
    result = scoring.axis_result("A", [QA("A", 1, level=3), QA("A", 1)])
    assert result.missing == 1
    assert result.score == 3


def test_nothing_answered_gives_no_overall_score() -> None:
    assert scoring.score({"A": 1}, []).overall is None


@pytest.mark.parametrize(
    ("value", "stage"), [(0, 0), (0.99, 0), (1, 1), (2.9, 2), (2.9999999999, 3), (5, 5)]
)
def test_the_stage_is_the_last_level_fully_reached(value: float, stage: int) -> None:
    assert scoring.stage(value) == stage


def test_percent_maps_zero_to_five_onto_zero_to_hundred() -> None:
    assert [scoring.percent(v) for v in (0, 2.5, 5)] == [0, 50, 100]
    assert scoring.percent(None) is None


def test_the_gap_is_never_negative() -> None:
    assert scoring.gap(3, 4.2) == 0
    assert scoring.gap(4, 2.5) == 1.5
    assert scoring.gap(None, 2) is None


levels = st.integers(min_value=0, max_value=5)
weights = st.floats(min_value=0.1, max_value=10, allow_nan=False)
answer = st.builds(
    QA,
    axis=st.sampled_from(["A", "B", "C"]),
    weight=weights,
    level=st.one_of(st.none(), levels),
    not_applicable=st.booleans(),
).map(lambda a: QA(a.axis, a.weight, None if a.not_applicable else a.level, a.not_applicable))
axis_weights = st.fixed_dictionaries({"A": weights, "B": weights, "C": weights})


@given(axis_weights, st.lists(answer, max_size=40))
def test_scores_stay_within_zero_and_five(weights_: dict, answers: list) -> None:
    result = scoring.score(weights_, answers)
    for axis in result.axes.values():
        assert axis.score is None or 0 <= axis.score <= 5
    assert result.overall is None or 0 <= result.overall <= 5


@given(axis_weights, st.lists(answer, max_size=40))
def test_the_overall_lies_between_the_lowest_and_highest_axis(
    weights_: dict, answers: list
) -> None:
    result = scoring.score(weights_, answers)
    scores = [a.score for a in result.axes.values() if a.score is not None]
    if scores:
        assert min(scores) - 1e-9 <= result.overall <= max(scores) + 1e-9
    else:
        assert result.overall is None


@given(axis_weights, st.lists(answer, max_size=30), st.lists(weights, min_size=1, max_size=5))
def test_adding_not_applicable_answers_changes_no_score(weights_, answers, extra) -> None:
    before = scoring.score(weights_, answers)
    after = scoring.score(weights_, answers + [QA("A", w, not_applicable=True) for w in extra])
    assert after.overall == before.overall
    assert {k: v.score for k, v in after.axes.items()} == {
        k: v.score for k, v in before.axes.items()
    }


@given(st.lists(st.tuples(levels, weights), min_size=1, max_size=20), weights)
def test_scaling_every_weight_changes_no_score(pairs, factor) -> None:
    plain = scoring.axis_result("A", [QA("A", w, level=lv) for lv, w in pairs]).score
    scaled = scoring.axis_result("A", [QA("A", w * factor, level=lv) for lv, w in pairs]).score
    assert math.isclose(plain, scaled, rel_tol=1e-9, abs_tol=1e-9)


@given(levels, st.lists(weights, min_size=1, max_size=10))
def test_equal_levels_score_that_level_whatever_the_weights(level, ws) -> None:
    result = scoring.axis_result("A", [QA("A", w, level=level) for w in ws])
    assert result.score == pytest.approx(level)


def test_a_half_percent_rounds_up_not_to_even() -> None:
    assert scoring.percent(2.625) == 53  # 52.5 %
    assert scoring.percent(2.6375) == 53  # 52.75 %
    assert scoring.percent(2.6125) == 52  # 52.25 %


def test_shown_rounds_half_up_once_from_the_unrounded_value() -> None:
    assert scoring.shown(2.25) == Decimal("2.3")
    assert scoring.shown(0.15) == Decimal("0.2")
    assert scoring.shown(2.6249999999999) == Decimal("2.6")
    assert scoring.shown(0.1 + 0.2 + 0.05, 2) == Decimal("0.35")
    assert scoring.shown(-2.25) == Decimal("-2.3")
    assert scoring.shown(None) is None


@given(
    target=st.integers(min_value=0, max_value=50).map(lambda n: n / 10),
    value=st.floats(min_value=0, max_value=5, allow_nan=False),
)
def test_the_gap_shown_stays_within_a_tenth_of_the_exact_gap(target, value) -> None:
    gap = scoring.shown_gap(target, value)
    assert gap is not None
    assert abs(float(gap) - max(0.0, target - value)) <= 0.1 + 1e-9


def test_the_gap_shown_adds_up_with_the_target_and_score_shown() -> None:
    # Exact gap 0.75 would show as 0.8 beside "3.0" and "2.3": the row would not add up.
    assert scoring.shown(2.25) == Decimal("2.3")
    assert scoring.shown_gap(3.0, 2.25) == Decimal("0.7")
    assert scoring.shown_gap(2.0, 2.4) == 0
