"""Which questions the manager and the consultant see two levels or more apart (no database)."""

from hypothesis import given
from hypothesis import strategies as st

from assessments.selfassessment.divergence import Pair, divergent, undiscussed

levels = st.one_of(st.none(), st.integers(min_value=0, max_value=5))


def test_two_levels_apart_is_a_divergence_either_way() -> None:
    assert Pair(consultant=1, manager=3).diverges
    assert Pair(consultant=4, manager=2).diverges
    assert Pair(consultant=4, manager=2).gap == -2


def test_one_level_apart_is_not() -> None:
    assert not Pair(consultant=2, manager=3).diverges


def test_a_missing_or_not_applicable_answer_never_diverges() -> None:
    assert not Pair(consultant=None, manager=5).diverges
    assert not Pair(consultant=0, manager=None).diverges
    assert Pair(consultant=None, manager=5).gap is None


def test_the_divergences_without_a_note_are_those_left_to_discuss() -> None:
    pairs = {"A1": Pair(0, 4), "A2": Pair(2, 2), "B1": Pair(5, 1)}
    assert divergent(pairs) == ["A1", "B1"]
    assert undiscussed(pairs, noted={"B1"}) == ["A1"]


@given(consultant=levels, manager=levels)
def test_a_divergence_is_symmetric(consultant: int | None, manager: int | None) -> None:
    assert Pair(consultant, manager).diverges == Pair(manager, consultant).diverges
