"""Progress against target, and how values combine. Pure Python.

- progress = (actual − baseline) / (target − baseline); no baseline counts as 0.
- The pro-rata target of a period under way is baseline + (target − baseline) × the share
  of the period elapsed. A value is on track within ±15 % of it, ahead or behind otherwise.
- No value is "no data", never zero; a period not started yet has no status.
"""

import datetime
from collections.abc import Sequence

TOLERANCE = 0.15
MIN_PMES = 5

NO_DATA = "no_data"
NO_TARGET = "no_target"
NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AHEAD = "ahead"
BEHIND = "behind"


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


def status(actual: float | None, baseline: float | None, target: float | None, share: float) -> str:
    if actual is None:
        return NO_DATA
    if target is None or target == (baseline or 0.0):
        return NO_TARGET
    if share <= 0:
        return NOT_STARTED
    ratio = progress(actual, baseline, pro_rata(baseline, target, share))
    if ratio is None:
        return NO_TARGET
    if ratio > 1 + TOLERANCE:
        return AHEAD
    if ratio < 1 - TOLERANCE:
        return BEHIND
    return ON_TRACK


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


def hidden(n: int | None, company_ids: frozenset[int], own: frozenset[int] | None) -> bool:
    """Whether an aggregate over PMEs is too small to show this viewer.

    ``own`` is the set of PMEs the viewer follows (None: all of them).
    """
    if own is None or n is None or n >= MIN_PMES:
        return False
    return not company_ids <= own
