"""The figures behind the dashboard charts, as plain data for ``reports.monitoring.charts``."""

from dataclasses import dataclass, replace

import pandas as pd

from reports.monitoring.indicators.computed import Outcome, assessments_of_companies, done_days
from reports.monitoring.indicators.frames import Frames
from reports.monitoring.indicators.progress import hidden

HEATMAP_ROWS = 40


@dataclass(frozen=True)
class AxisSpread:
    axis: str
    name: str
    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    n: int


@dataclass(frozen=True)
class Timeline:
    months: list[str]
    planned: list[int]
    delivered: list[int]


@dataclass(frozen=True)
class Heatmap:
    companies: list[str]
    axes: list[str]
    scores: list[list[float | None]]
    total: int


@dataclass(frozen=True)
class Benchmark:
    sectors: list[str]
    scope: list[Bar]
    peers: list[Bar]


def latest(frames: Frames) -> pd.DataFrame:
    """The latest submitted or validated diagnostic of each PME."""
    rows = assessments_of_companies(frames)
    rows = rows[(rows["status"] != "draft") & rows["overall"].notna()]
    return rows.sort_values(["visit_date", "created_at", "assessment_id"]).drop_duplicates(
        "company_id", keep="last"
    )


def latest_axis_scores(frames: Frames) -> pd.DataFrame:
    return latest(frames).merge(frames.axis_scores, on="assessment_id").dropna(subset=["score"])


def distribution(frames: Frames, axis_names: dict[str, str]) -> list[AxisSpread]:
    scores = latest_axis_scores(frames)
    spreads = []
    for axis, group in scores.sort_values("axis_order").groupby("axis", sort=False):
        values = group["score"]
        spreads.append(
            AxisSpread(
                str(axis),
                axis_names.get(str(axis), str(axis)),
                int(values.size),
                float(values.min()),
                float(values.quantile(0.25)),
                float(values.median()),
                float(values.quantile(0.75)),
                float(values.max()),
            )
        )
    return spreads


def uplift_by_axis(uplift: Outcome, axis_names: dict[str, str]) -> list[Bar]:
    return [
        Bar(axis_names.get(cell.category, cell.category), cell.value, cell.n)
        for cell in uplift.breakdown
        if cell.dimension == "axis"
    ]


def days_over_time(frames: Frames) -> Timeline:
    """Days planned (agreed plans, not cancelled) and delivered, cumulated by month."""
    days = frames.days.merge(frames.plans, on="plan_id")
    days = days[(days["plan_status"] != "draft") & (days["outcome"] != "cancelled")]
    planned = days["date"].dropna().dt.to_period("M").value_counts()
    delivered = done_days(frames)["day_date"].dropna().dt.to_period("M").value_counts()
    months = sorted(set(planned.index) | set(delivered.index))
    if not months:
        return Timeline([], [], [])
    index = pd.period_range(months[0], months[-1], freq="M")
    return Timeline(
        [str(month) for month in index],
        [int(v) for v in planned.reindex(index, fill_value=0).cumsum()],
        [int(v) for v in delivered.reindex(index, fill_value=0).cumsum()],
    )


def heatmap(frames: Frames, axis_names: dict[str, str], limit: int = HEATMAP_ROWS) -> Heatmap:
    scores = latest_axis_scores(frames)
    if scores.empty:
        return Heatmap([], [], [], 0)
    table = scores.pivot_table(index="company", columns="axis", values="score", aggfunc="first")
    order = scores.drop_duplicates("axis").sort_values("axis_order")["axis"].tolist()
    table = table.reindex(columns=order).sort_index()
    shown = table.head(limit)
    return Heatmap(
        companies=[str(c) for c in shown.index],
        axes=[axis_names.get(a, a) for a in order],
        scores=[[None if pd.isna(v) else round(float(v), 2) for v in row] for row in shown.values],
        total=len(table),
    )


def benchmark(
    frames: Frames, peers: Frames, own: frozenset[int] | None, sector_names: dict[str, str]
) -> Benchmark:
    """Mean overall maturity (0–100) per sector: the scope's PMEs against all PMEs."""
    mine, everyone = latest(frames), latest(peers)
    sectors = sorted(set(mine["sector"]))
    return Benchmark(
        sectors=[sector_names.get(s, s) for s in sectors],
        scope=[_mean_bar(mine[mine["sector"] == s], own, sector_names) for s in sectors],
        peers=[_mean_bar(everyone[everyone["sector"] == s], own, sector_names) for s in sectors],
    )


def _mean_bar(rows: pd.DataFrame, own: frozenset[int] | None, names: dict[str, str]) -> Bar:
    label = names.get(str(rows["sector"].iloc[0]), "") if not rows.empty else ""
    ids = frozenset(int(c) for c in rows["company_id"])
    if rows.empty or hidden(len(ids), ids, own):
        return Bar(label, None, len(ids))
    return Bar(label, round(float(rows["overall"].mean()) * 20, 1), len(ids))


def only_companies(frames: Frames, companies: frozenset[int]) -> Frames:
    return replace(
        frames,
        companies=frames.companies[frames.companies["company_id"].isin(companies)],
        extra={},
    )
