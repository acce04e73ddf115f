"""One named function per computed indicator, registered by indicator code.

Each function selects the rows behind the indicator (one per PME, day, action, activity or
person) with a ``measure`` column; ``outcome()`` turns them into the value, its n, the
records it came from and the disaggregated values. A flow indicator counts what is dated
within the period; a stock indicator (``Window.start`` is None) what is dated up to its end.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from reports.monitoring.indicators.frames import Frames

PME_DIMENSIONS = ("cluster", "sector", "region", "size")
PEOPLE_DIMENSIONS = ("sex", "role", "cluster")
TRAINING = ("webinar", "bootcamp", "mentoring")
EVENTS = ("event", "national_day", "b2b", "expedition")
HALF_DAYS_PER_DAY = 2
PLAN_HALF_DAYS = 16


@dataclass(frozen=True)
class Window:
    start: datetime.date | None
    end: datetime.date

    def contains(self, dates: pd.Series) -> pd.Series:
        inside = dates.notna() & (dates <= pd.Timestamp(self.end))
        if self.start is not None:
            inside &= dates >= pd.Timestamp(self.start)
        return inside

    def upto_end(self, dates: pd.Series) -> pd.Series:
        return dates.notna() & (dates <= pd.Timestamp(self.end))


@dataclass(frozen=True)
class Cell:
    dimension: str
    category: str
    value: float | None
    n: int
    members: "Members | None" = field(default=None, compare=False, repr=False)

    @cached_property
    def companies(self) -> pd.Index:
        """The PMEs counted (built when asked: only a small n needs them)."""
        return pd.Index([], dtype="int64") if self.members is None else self.members.of(self)

    @cached_property
    def company_ids(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.companies)

    def as_json(self) -> dict[str, object]:
        return {
            "dimension": self.dimension,
            "category": self.category,
            "value": self.value,
            "n": self.n,
        }


class Members:
    """The PMEs of each category of one dimension, grouped once, when a cell asks."""

    def __init__(self, data: pd.DataFrame) -> None:
        self.data = data

    @cached_property
    def grouped(self) -> dict[str, pd.Index]:
        rows = self.data.dropna(subset=["company_id"])
        return {
            str(category): pd.Index(ids.unique()).astype("int64")
            for category, ids in rows.groupby("category", sort=False)["company_id"]
        }

    def of(self, cell: Cell) -> pd.Index:
        return self.grouped.get(cell.category, pd.Index([], dtype="int64"))


@dataclass(frozen=True)
class Measured:
    """The rows behind an indicator: ``measure``, ``unit`` (what n counts) and dimensions.

    ``people`` (optional) weights n when one row stands for several people. The records
    behind it are ``rows`` unless ``source_rows`` (or the function building them) says.
    """

    rows: pd.DataFrame
    how: str = "sum"
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    source_rows: pd.DataFrame | Callable[[], pd.DataFrame] | None = None


@dataclass(frozen=True)
class Outcome:
    """An indicator's value and n; its disaggregation, sources and PMEs are built only when
    read (a dashboard shows one disaggregation of the 25, a table a few hundred sources of
    the thousands of rows behind it)."""

    value: float | None
    n: int
    measured: Measured = field(compare=False, repr=False)
    dimensions: tuple[str, ...] = ()

    @cached_property
    def breakdown(self) -> list[Cell]:
        return _breakdown(self.measured, self.dimensions)

    @cached_property
    def source_rows(self) -> pd.DataFrame:
        rows = self.measured.source_rows
        if callable(rows):
            rows = rows()
        return self.measured.rows if rows is None else rows

    @cached_property
    def sources(self) -> list[dict[str, str]]:
        return _sources(self.source_rows)

    @cached_property
    def source_keys(self) -> set[tuple[str, str]]:
        """The records behind the value as (kind, code): what a recheck compares."""
        rows = self.source_rows
        if rows.empty:
            return set()
        return set(zip(rows["source_kind"], rows["source_code"], strict=True))

    @cached_property
    def companies(self) -> pd.Index:
        return _companies(self.measured.rows)

    @cached_property
    def company_ids(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.companies)


Compute = Callable[[Frames, Window], Measured]
REGISTRY: dict[str, Compute] = {}
MEANS: set[str] = set()
"""Percentages that are a mean over PMEs (a mean % saved or grown), not a share of them:
they have no numerator to show."""


def registered(code: str, *, mean: bool = False) -> Callable[[Compute], Compute]:
    def register(function: Compute) -> Compute:
        REGISTRY[code] = function
        if mean:
            MEANS.add(code)
        return function

    return register


def is_share(code: str) -> bool:
    """A percentage of whole units (PMEs, people), shown with its numerator over n."""
    return code not in MEANS


def outcome(measured: Measured, dimensions: list[str] | tuple[str, ...] = ()) -> Outcome:
    rows = measured.rows
    return Outcome(
        value=_reduce(rows["measure"], measured.how),
        n=_n(rows),
        measured=measured,
        dimensions=tuple(dimensions),
    )


def _breakdown(measured: Measured, dimensions: tuple[str, ...]) -> list[Cell]:
    rows = measured.rows
    cells = []
    for dimension in dimensions:
        data = measured.extra.get(dimension)
        if data is None and dimension in rows.columns:
            data = rows.assign(category=rows[dimension])
        if data is not None:
            cells += _cells(dimension, data, measured.how)
    return cells


def _reduce(values: pd.Series, how: str) -> float | None:
    if how == "mean":
        return None if values.dropna().empty else round(float(values.mean()), 4)
    return round(float(values.sum()), 4)


def _n(rows: pd.DataFrame) -> int:
    if "people" in rows.columns:
        return int(rows["people"].sum())
    return int(rows["unit"].nunique())


def _companies(rows: pd.DataFrame) -> pd.Index:
    """The distinct PMEs of the rows, as an index (set operations stay in pandas)."""
    if "company_id" not in rows.columns:
        return pd.Index([], dtype="int64")
    return pd.Index(rows["company_id"].dropna().unique()).astype("int64")


def _cells(dimension: str, data: pd.DataFrame, how: str) -> list[Cell]:
    """One cell per category, in the categories' order (else by name): grouped once."""
    order = "order" if "order" in data.columns else "category"
    data = data.assign(category=data["category"].fillna("").astype(str))
    if data.empty:
        return []
    groups = data.groupby("category", sort=False)
    measures = groups["measure"]
    values = measures.mean() if how == "mean" else measures.sum()
    ns = groups["people"].sum() if "people" in data.columns else groups["unit"].nunique()
    members = Members(data[["category", "company_id"]]) if "company_id" in data.columns else None
    firsts = groups[order].min().reindex(values.index)
    keys = pd.DataFrame({"first": firsts.to_numpy(), "category": values.index.to_numpy()})
    ordered = keys.sort_values(["first", "category"])["category"]
    return [
        Cell(
            dimension,
            str(category),
            None if pd.isna(value) else round(float(value), 4),
            int(count),
            members,
        )
        for category, value, count in zip(
            ordered, values.reindex(ordered), ns.reindex(ordered), strict=True
        )
    ]


def _sources(rows: pd.DataFrame) -> list[dict[str, str]]:
    if rows.empty:
        return []
    unique = rows[["source_kind", "source_code", "source_label"]].drop_duplicates(
        ["source_kind", "source_code"]
    )
    return [
        {"kind": kind, "code": code, "label": label}
        for kind, code, label in unique.itertuples(index=False)
    ]


# Helpers shared by the indicator functions


def memo(frames: Frames, key: object, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Share an intermediate table between the indicators of one computation."""
    if key not in frames.extra:
        frames.extra[key] = build()
    result: pd.DataFrame = frames.extra[key]
    return result


def with_company(frames: Frames, rows: pd.DataFrame) -> pd.DataFrame:
    return rows.merge(frames.companies, on="company_id", how="inner")


def assessments_of_companies(frames: Frames) -> pd.DataFrame:
    return memo(
        frames, "assessed", lambda: frames.assessments.merge(frames.companies, on="company_id")
    )


def _source(rows: pd.DataFrame, kind: str, code: str, label: pd.Series) -> pd.DataFrame:
    return rows.assign(source_kind=kind, source_code=rows[code], source_label=label)


def _per_pme(rows: pd.DataFrame, measure: object = 1) -> pd.DataFrame:
    return rows.assign(measure=measure, unit=rows["company_id"])


def paired(frames: Frames, window: Window) -> pd.DataFrame:
    """The latest validated T1 of each PME up to the period end, beside its validated T0."""
    return memo(frames, ("paired", window.end), lambda: _paired(frames, window))


def _paired(frames: Frames, window: Window) -> pd.DataFrame:
    scored = assessments_of_companies(frames)
    scored = scored[(scored["status"] == "validated") & scored["overall"].notna()]
    follow_ups = scored[
        (scored["kind"] == "T1")
        & scored["baseline_id"].notna()
        & window.upto_end(scored["visit_date"])
        & window.upto_end(scored["validated_at"])
    ]
    latest = follow_ups.sort_values(["visit_date", "created_at", "assessment_id"]).drop_duplicates(
        "company_id", keep="last"
    )
    baselines = scored[(scored["kind"] == "T0") & window.upto_end(scored["validated_at"])]
    baselines = baselines[["assessment_id", "assessment_code", "overall"]]
    return latest.merge(
        baselines.rename(
            columns={
                "assessment_id": "baseline_id",
                "assessment_code": "t0_code",
                "overall": "t0_overall",
            }
        ),
        on="baseline_id",
        how="inner",
    )


def paired_axes(frames: Frames, window: Window) -> pd.DataFrame:
    """One row per paired PME and axis scored at both T0 and T1."""
    return memo(frames, ("paired_axes", window.end), lambda: _paired_axes(frames, window))


def _paired_axes(frames: Frames, window: Window) -> pd.DataFrame:
    pairs = paired(frames, window)
    scores = frames.axis_scores.dropna(subset=["score"])
    after = pairs[["company_id", "assessment_id", "baseline_id"]].merge(scores, on="assessment_id")
    before = scores.rename(columns={"assessment_id": "baseline_id", "score": "t0_score"})
    both = after.merge(before[["baseline_id", "axis", "t0_score"]], on=["baseline_id", "axis"])
    return both.rename(columns={"axis_order": "order"})


def done_days(frames: Frames) -> pd.DataFrame:
    return memo(frames, "done_days", lambda: _done_days(frames))


def _done_days(frames: Frames) -> pd.DataFrame:
    days = frames.days.merge(frames.plans, on="plan_id").merge(
        frames.assessments[["assessment_id", "company_id"]], on="assessment_id"
    )
    days = days[days["outcome"] == "done"]
    # What a done day delivered is the half-days planned on it (at most two); a day with
    # nothing planned on it records no half-day.
    delivered = days["planned"].fillna(0).clip(upper=HALF_DAYS_PER_DAY)
    return days.assign(day_date=days["date"].fillna(days["logged_at"]), half_days=delivered)


def people(frames: Frames, kinds: tuple[str, ...], window: Window) -> pd.DataFrame:
    """Attendances at activities of these kinds in the window, with ``unit``: who the person
    is; ``cluster`` is the cluster the participant counts for (their own), not the
    activity's."""
    rows = attendances(frames)
    return rows[rows["activity_kind"].isin(kinds) & window.contains(rows["date"])]


def attendances(frames: Frames) -> pd.DataFrame:
    """Every attendance beside its activity, keyed once for all the periods computed."""
    return memo(frames, "attendances", lambda: _attendances(frames))


def _attendances(frames: Frames) -> pd.DataFrame:
    joined = frames.participants.merge(frames.activities, on="activity_id")
    joined = joined.assign(
        people=joined["count"],
        cluster=joined["person_cluster"],
        source_kind="activity",
        source_code=joined["activity_code"],
        source_label=joined["title"],
    )
    return joined.assign(unit=person_key(joined))


def person_key(rows: pd.DataFrame) -> pd.Series:
    """Who a participant is: their person record, else e-mail, else name; anonymous groups
    are never merged."""
    email = rows["email"].fillna("").str.strip().str.casefold()
    name = rows["name"].fillna("").str.split().str.join(" ").str.casefold()
    key = email.where(email != "", name)
    person = rows["person_id"]
    recorded = "person-" + person.fillna(0).astype("int64").astype(str)
    key = recorded.where(person.notna(), key)
    anonymous = "anon-" + rows.index.astype(str)
    return key.where(key != "", pd.Series(anonymous, index=rows.index))


def distinct_people(
    frames: Frames, kinds: tuple[str, ...], role: str | None, window: Window
) -> Measured:
    attending = people(frames, kinds, window)
    if role is not None:
        attending = attending[attending["role"] == role]
    keyed = attending.sort_values(["date", "activity_id"])
    first = keyed.drop_duplicates("unit")
    return Measured(first.assign(measure=first["count"]), source_rows=keyed)


# The indicators


# What does not depend on the period is built once per computation (``memo``), then each
# period keeps its own rows: a workbook computes every indicator for nine periods.


@registered("pme-t0-validated")
def pme_t0_validated(frames: Frames, window: Window) -> Measured:
    first = memo(frames, "first_t0", lambda: _first_t0(frames))
    return Measured(first[window.contains(first["validated_at"])])


def _first_t0(frames: Frames) -> pd.DataFrame:
    rows = assessments_of_companies(frames)
    rows = rows[(rows["kind"] == "T0") & (rows["status"] == "validated")]
    first = rows.sort_values(["validated_at", "assessment_id"]).drop_duplicates("company_id")
    return _source(_per_pme(first), "assessment", "assessment_code", first["company"])


@registered("accompaniment-days")
def accompaniment_days(frames: Frames, window: Window) -> Measured:
    rows = memo(frames, "days_delivered", lambda: _days_delivered(frames))
    return Measured(rows[window.contains(rows["day_date"])])


def _days_delivered(frames: Frames) -> pd.DataFrame:
    days = with_company(frames, done_days(frames))
    rows = _per_pme(days, days["half_days"] / HALF_DAYS_PER_DAY)
    return _source(rows, "plan", "plan_code", days["company"])


@registered("pct-full-eight-days")
def pct_full_eight_days(frames: Frames, window: Window) -> Measured:
    plans = frames.plans[(frames.plans["plan_status"] != "draft")]
    plans = plans[window.upto_end(plans["agreed_at"])]
    days = done_days(frames)
    days = days[window.upto_end(days["day_date"])]
    delivered = days.groupby("plan_id")["half_days"].sum()
    closed = days[days["closing"].astype(bool)]["plan_id"].unique()
    plans = plans.assign(
        full=(plans["plan_id"].map(delivered).fillna(0) >= PLAN_HALF_DAYS)
        & plans["plan_id"].isin(closed)
    )
    plans = plans.merge(frames.assessments[["assessment_id", "company_id"]], on="assessment_id")
    plans = (
        with_company(frames, plans).sort_values("full").drop_duplicates("company_id", keep="last")
    )
    rows = _per_pme(plans, np.where(plans["full"], 100.0, 0.0))
    return Measured(_source(rows, "plan", "plan_code", plans["company"]), how="mean")


@registered("roadmaps-delivered")
def roadmaps_delivered(frames: Frames, window: Window) -> Measured:
    rows = memo(frames, "roadmaps_delivered", lambda: _roadmaps_delivered(frames))
    return Measured(rows[window.contains(rows["delivered"])])


def _roadmaps_delivered(frames: Frames) -> pd.DataFrame:
    kept = frames.items[~frames.items["removed"].astype(bool)].groupby("assessment_id").size()
    rows = frames.roadmaps[frames.roadmaps["assessment_id"].map(kept).fillna(0) > 0]
    rows = rows.merge(assessments_of_companies(frames), on="assessment_id")
    rows = rows[(rows["status"] == "validated") & rows["pdf_at"].notna()]
    rows = rows.assign(delivered=rows[["validated_at", "pdf_at"]].max(axis=1))
    rows = rows.assign(measure=1, unit=rows["assessment_id"])
    return _source(rows, "roadmap", "assessment_code", rows["company"])


@registered("actions-implemented")
def actions_implemented(frames: Frames, window: Window) -> Measured:
    rows = memo(frames, "actions_completed", lambda: _actions_completed(frames))
    return Measured(rows[window.contains(rows["completed_at"])])


def _actions_completed(frames: Frames) -> pd.DataFrame:
    items = frames.items[
        ~frames.items["removed"].astype(bool) & frames.items["completed_at"].notna()
    ]
    rows = items.merge(assessments_of_companies(frames), on="assessment_id")
    rows = rows.assign(measure=1, unit=rows["company_id"])
    return _source(rows, "roadmap", "assessment_code", rows["company"])


def _pair_sources(pairs: pd.DataFrame) -> pd.DataFrame:
    after = _source(pairs, "assessment", "assessment_code", pairs["company"] + " · T1")
    before = _source(pairs, "assessment", "t0_code", pairs["company"] + " · T0")
    return pd.concat([after, before])


@registered("uplift-mean")
def uplift_mean(frames: Frames, window: Window) -> Measured:
    pairs = paired(frames, window)
    rows = _per_pme(pairs, (pairs["overall"] - pairs["t0_overall"]) * 20)
    axes = paired_axes(frames, window)
    per_axis = axes.assign(
        category=axes["axis"],
        measure=(axes["score"] - axes["t0_score"]) * 20,
        unit=axes["company_id"],
    )
    return Measured(
        rows, how="mean", extra={"axis": per_axis}, source_rows=lambda: _pair_sources(pairs)
    )


@registered("pct-level-gain")
def pct_level_gain(frames: Frames, window: Window) -> Measured:
    pairs = paired(frames, window)
    axes = paired_axes(frames, window)
    gained = axes[np.floor(axes["score"]) > np.floor(axes["t0_score"])]["company_id"].unique()
    rows = _per_pme(pairs, np.where(pairs["company_id"].isin(gained), 100.0, 0.0))
    return Measured(rows, how="mean", source_rows=lambda: _pair_sources(pairs))


def _activities(frames: Frames, kind: str, window: Window) -> pd.DataFrame:
    rows = frames.activities[frames.activities["activity_kind"] == kind]
    rows = rows[window.contains(rows["date"])]
    attendance = frames.participants.groupby("activity_id")["count"].sum()
    rows = rows.assign(
        people=rows["activity_id"].map(attendance).fillna(0).astype(int), unit=rows["activity_id"]
    )
    return _source(rows, "activity", "activity_code", rows["title"])


@registered("webinars-held")
def webinars_held(frames: Frames, window: Window) -> Measured:
    return Measured(_activities(frames, "webinar", window).assign(measure=1))


@registered("mentoring-hours")
def mentoring_hours(frames: Frames, window: Window) -> Measured:
    rows = _activities(frames, "mentoring", window)
    return Measured(rows.assign(measure=rows["hours"].fillna(0)))


@registered("event-participants")
def event_participants(frames: Frames, window: Window) -> Measured:
    """Distinct people at the events: one who came to two events counts once."""
    return distinct_people(frames, EVENTS, None, window)


@registered("se-staff-trained")
def se_staff_trained(frames: Frames, window: Window) -> Measured:
    return distinct_people(frames, ("se_training",), "cluster_staff", window)


def compute(code: str, frames: Frames, window: Window, dimensions: list[str]) -> Outcome:
    return outcome(REGISTRY[code](frames, window), dimensions)
