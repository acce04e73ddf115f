"""Progress against target, and how values combine. Pure Python.

- progress = (actual − baseline) / (target − baseline); no baseline counts as 0.
- A count in a period under way is judged against its pro-rata target, baseline +
  (target − baseline) × the share of the period elapsed; a rate or a mean (a percentage,
  points, a score) against the target itself: 62.5 % of PMEs is not "ahead" of a 100 % target
  because the period is half gone.
- The status compares progress with the indicator's thresholds (shares of its target, data of
  the logframe): on track from ``on_track``, at risk from ``at_risk``, off track below.
- No value is "no data", never zero; a period not started yet has no status.
"""

import datetime
from collections.abc import Iterable, Sequence

MIN_PMES = 5
THRESHOLDS = (0.9, 0.7)  # the programme default: on track from 90 % of target, at risk from 70 %

NO_DATA = "no_data"
NO_TARGET = "no_target"
NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"


def progress(actual: float | None, baseline: float | None, target: float | None) -> float | None:
    if actual is None or target is None:
        return None
    base = baseline or 0.0
    if target == base:
        return None
    return (actual - base) / (target - base)


def elapsed(start: datetime.date, end: datetime.date, today: datetime.date) -> float:
    """Share of a period elapsed at the end of ``today``, from 0 to 1."""
    length = (end - start).days + 1
    return min(max(((today - start).days + 1) / length, 0.0), 1.0)


def pro_rata(baseline: float | None, target: float, share: float) -> float:
    base = baseline or 0.0
    return base + (target - base) * share


def status(
    actual: float | None,
    baseline: float | None,
    target: float | None,
    share: float,
    *,
    rate: bool = False,
    thresholds: tuple[float, float] = THRESHOLDS,
) -> str:
    """On track, at risk or off track; ``rate``: judged against the target, not pro rata."""
    if actual is None:
        return NO_DATA
    if target is None or target == (baseline or 0.0):
        return NO_TARGET
    if share <= 0:
        return NOT_STARTED
    goal = target if rate else pro_rata(baseline, target, share)
    ratio = progress(actual, baseline, goal)
    if ratio is None:
        return NO_TARGET
    on_track, at_risk = thresholds
    if ratio >= on_track:
        return ON_TRACK
    if ratio >= at_risk:
        return AT_RISK
    return OFF_TRACK


def fraction(value: float | None, n: int | None) -> tuple[int, int] | None:
    """A percentage over n units as (numerator, denominator): 62.5 over 8 is (5, 8).

    The value is a share of whole units (PMEs, people), so the numerator is whole.
    """
    if value is None or not n:
        return None
    return round(value * n / 100), n


def small(n: int | None, min_n: int) -> bool:
    """Whether a figure rests on fewer units than the logframe's minimum n."""
    return n is not None and n < min_n


def aggregate(values: Sequence[tuple[float | None, int | None]], how: str) -> float | None:
    """Combine (value, n) pairs: sum, mean weighted by n, last; ``none`` refuses to combine.

    Missing values are left out; nothing left is no data.
    """
    present = [(v, n) for v, n in values if v is not None]
    if not present or how == "none":
        return None
    if how == "sum":
        return sum(v for v, _n in present)
    if how == "last":
        return present[-1][0]
    weights = [n if n else 1 for _v, n in present]
    return sum(v * w for (v, _n), w in zip(present, weights, strict=True)) / sum(weights)


def hidden(n: int | None, company_ids: Iterable[int], own: frozenset[int] | None) -> bool:
    """Whether an aggregate over PMEs is too small to show this viewer.

    ``own`` is the set of PMEs the viewer follows (None: all of them); the PMEs counted are
    read only for a small n.
    """
    if own is None or n is None or n >= MIN_PMES:
        return False
    return not {int(c) for c in company_ids} <= own
