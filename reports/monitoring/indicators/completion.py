"""Who completed a course, by a rule kept as data: a role and, per kind of activity, the
least number of distinct sessions attended (the bootcamp and 8 of the 12 webinars...)."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from reports.monitoring.indicators.computed import (
    Frames,
    Measured,
    Window,
    attendances,
    memo,
    registered,
)

CONSULTANT_TRAINED = "consultant-trained"


def requirements_of(raw: object) -> list[dict[str, Any]]:
    """A rule's requirements as stored (a JSON list, or its text from a raw query)."""
    if isinstance(raw, str):
        raw = json.loads(raw)
    return [dict(r) for r in raw] if isinstance(raw, Sequence) else []


def completed_on(
    attendance: pd.DataFrame, role: str, requirements: Sequence[Mapping[str, Any]]
) -> pd.Series:
    """The day each person (``unit``) met the rule: the session that satisfied its last
    requirement. A rule without requirements is met by nobody."""
    rows = attendance[attendance["role"] == role]
    if not requirements or rows.empty:
        return pd.Series(dtype="datetime64[ns]")
    met: pd.Series | None = None
    for requirement in requirements:
        sessions = rows[rows["activity_kind"] == requirement["kind"]]
        sessions = sessions.drop_duplicates(["unit", "activity_id"]).sort_values("date")
        least = max(int(requirement.get("min", 1)), 1)
        nth = sessions.groupby("unit")["date"].nth(least - 1)
        reached = pd.Series(nth.to_numpy(), index=sessions.loc[nth.index, "unit"].to_numpy())
        if met is not None:
            reached = pd.concat([met, reached], axis=1, join="inner").max(axis=1)
        met = reached
    return met if met is not None else pd.Series(dtype="datetime64[ns]")


def completions(frames: Frames, code: str, window: Window) -> pd.DataFrame:
    """One row per person who met the rule by the window's end (within it, for a flow), with
    ``completed_on``, their first attendance's details and ``unit``."""
    done = memo(frames, ("completions", code), lambda: _completions(frames, code))
    return done[window.contains(done["completed_on"])]


def _completions(frames: Frames, code: str) -> pd.DataFrame:
    # Whenever the rule was met, it was met on the same day by the sessions up to then: the
    # days are found once over every session, then each period keeps its own.
    rules = frames.rules[frames.rules["rule_code"] == code]
    keyed = attendances(frames)
    keyed = keyed[keyed["date"].notna()]
    if rules.empty:
        return keyed.iloc[0:0].assign(completed_on=pd.NaT)
    rule = rules.iloc[0]
    done = completed_on(keyed, str(rule["rule_role"]), requirements_of(rule["requirements"]))
    first = keyed.sort_values(["date", "activity_id"]).drop_duplicates("unit").set_index("unit")
    done = pd.DataFrame({"unit": done.index.astype(str), "completed_on": done.to_numpy()})
    return first.reset_index().merge(done, on="unit")


def everyone(frames: Frames, window: Window) -> pd.DataFrame:
    """Every attendance up to the window's end, whatever the activity."""
    rows = attendances(frames)
    return rows[Window(None, window.end).contains(rows["date"])]


@registered("consultants-trained")
def consultants_trained(frames: Frames, window: Window) -> Measured:
    """Consultants who met the completion rule ``consultant-trained`` by the period end."""
    done = completions(frames, CONSULTANT_TRAINED, window)

    def sources() -> pd.DataFrame:
        keyed = everyone(frames, window)
        return keyed[keyed["unit"].isin(done["unit"])]

    return Measured(done.assign(measure=1, people=1), source_rows=sources)
