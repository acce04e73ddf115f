"""Maturity scoring: the one place where scores are defined. Pure Python, no ORM.

- A question's answer is a level 0–5, or "not applicable" (N/A), or missing.
- Axis score = weighted mean of the answered levels of the axis, weighted by the
  question weights; N/A and missing answers are left out of both sums. An axis
  whose questions are all N/A (or unanswered) has no score (``None``).
- Overall score = weighted mean of the axis scores, weighted by the axis
  weights, over the axes that have a score.
- Every score is on 0–5; ``percent()`` shows it on 0–100 (score × 20).
- The stage of a score is the last level fully reached: ``floor(score)``
  (an axis at 2.9 is at stage 2; it has not reached 3 yet).
- Gap = target − score, never below zero (an axis above target has no gap).

Display: every figure is computed from unrounded values and rounded once, where it is
shown, by ``shown``: half up (away from zero), so 52.5 % shows as 53 and 2.25 as 2.3.
A gap shown beside its target and its score is ``shown_gap``: the shown target minus the
shown score, so the three figures of a row always add up.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

NOISE = Decimal("1e-9")

MAX_LEVEL = 5


@dataclass(frozen=True)
class QuestionAnswer:
    axis: str
    weight: float
    level: int | None = None
    not_applicable: bool = False

    @property
    def is_scored(self) -> bool:
        return not self.not_applicable and self.level is not None


@dataclass(frozen=True)
class AxisResult:
    axis: str
    score: float | None
    answered: int
    not_applicable: int
    missing: int


@dataclass(frozen=True)
class Result:
    axes: dict[str, AxisResult]
    overall: float | None


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of ``(value, weight)`` pairs; ``None`` when the weights sum to zero."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    if weight_sum <= 0:
        return None
    return min(max(total / weight_sum, 0.0), float(MAX_LEVEL))


def axis_result(axis: str, answers: list[QuestionAnswer]) -> AxisResult:
    scored = [a for a in answers if a.is_scored]
    return AxisResult(
        axis=axis,
        score=weighted_mean((float(a.level or 0), a.weight) for a in scored),
        answered=len(scored),
        not_applicable=sum(1 for a in answers if a.not_applicable),
        missing=sum(1 for a in answers if not a.not_applicable and a.level is None),
    )


def score(axis_weights: dict[str, float], answers: Iterable[QuestionAnswer]) -> Result:
    """Score a whole diagnostic. ``axis_weights`` gives every axis, in display order."""
    by_axis: dict[str, list[QuestionAnswer]] = {axis: [] for axis in axis_weights}
    for answer in answers:
        by_axis[answer.axis].append(answer)
    axes = {axis: axis_result(axis, items) for axis, items in by_axis.items()}
    overall = weighted_mean(
        (result.score, axis_weights[axis])
        for axis, result in axes.items()
        if result.score is not None
    )
    return Result(axes=axes, overall=overall)


def shown(value: float | Decimal | None, digits: int = 1) -> Decimal | None:
    """The one display rounding rule: half up, on the value as computed.

    Float noise past the ninth decimal is dropped first (2.6249999999 from a weighted sum
    is 2.625), then the value is rounded half away from zero, as a spreadsheet's ROUND does.
    """
    if value is None:
        return None
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    exact = exact.quantize(NOISE, ROUND_HALF_EVEN)
    return exact.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def shown_gap(target: float | None, value: float | None, digits: int = 1) -> Decimal | None:
    """A gap as printed beside its target and score: shown target − shown score, never < 0."""
    shown_target, shown_value = shown(target, digits), shown(value, digits)
    if shown_target is None or shown_value is None:
        return None
    return max(Decimal(0), shown_target - shown_value)


def percent(value: float | None) -> int | None:
    """A 0–5 score on 0–100, rounded half up from the unrounded score."""
    if value is None:
        return None
    return int(shown(Decimal(repr(value)) * 100 / MAX_LEVEL, 0) or 0)


def stage(value: float | None) -> int | None:
    # A small tolerance so that 2.9999999 from float sums still reads as stage 3.
    return None if value is None else min(MAX_LEVEL, math.floor(value + 1e-9))


def gap(target: float | None, value: float | None) -> float | None:
    if target is None or value is None:
        return None
    return max(0.0, target - value)
