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
    people,
    person_key,
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
    rules = frames.rules[frames.rules["rule_code"] == code]
    everyone = people(frames, tuple(frames.activities["activity_kind"].unique()), _upto(window))
    keyed = everyone.assign(unit=person_key(everyone))
    if rules.empty:
        return keyed.iloc[0:0].assign(completed_on=pd.NaT)
    rule = rules.iloc[0]
    done = completed_on(keyed, str(rule["rule_role"]), requirements_of(rule["requirements"]))
    done = done[window.contains(done)] if not done.empty else done
    first = keyed.sort_values(["date", "activity_id"]).drop_duplicates("unit").set_index("unit")
    done = pd.DataFrame({"unit": done.index.astype(str), "completed_on": done.to_numpy()})
    return first.reset_index().merge(done, on="unit")


def _upto(window: Window) -> Window:
    return Window(None, window.end)


@registered("consultants-trained")
def consultants_trained(frames: Frames, window: Window) -> Measured:
    """Consultants who met the completion rule ``consultant-trained`` by the period end."""
    done = completions(frames, CONSULTANT_TRAINED, window)
    keyed = people(frames, tuple(frames.activities["activity_kind"].unique()), _upto(window))
    keyed = keyed.assign(unit=person_key(keyed))
    sources = keyed[keyed["unit"].isin(done["unit"])]
    return Measured(done.assign(measure=1, people=1), source_rows=sources)
