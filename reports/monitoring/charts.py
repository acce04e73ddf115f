"""Plotly figures of the S&E dashboard page (the brief PDF draws the same data: pdf/figures.py)."""

from collections.abc import Sequence
from typing import Any, Protocol

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.charts import PALETTE, font, month, number, separators, wrap

# S&E dashboard figures. Each carries its figures as text on the chart (values and n) and is
# doubled by a table in the page, so that none relies on colour alone.

LAYOUT = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
}
TOP_LEGEND = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}


class _Spread(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def low(self) -> float: ...
    @property
    def q1(self) -> float: ...
    @property
    def median(self) -> float: ...
    @property
    def q3(self) -> float: ...
    @property
    def high(self) -> float: ...


class _Bar(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def n(self) -> int: ...


class _Timeline(Protocol):
    @property
    def months(self) -> list[str]: ...
    @property
    def planned(self) -> list[int]: ...
    @property
    def delivered(self) -> list[int]: ...


class _Heatmap(Protocol):
    @property
    def companies(self) -> list[str]: ...
    @property
    def axes(self) -> list[str]: ...
    @property
    def scores(self) -> list[list[float | None]]: ...


class _Benchmark(Protocol):
    @property
    def sectors(self) -> list[str]: ...
    @property
    def scope(self) -> Sequence[_Bar]: ...
    @property
    def peers(self) -> Sequence[_Bar]: ...


def _layout(figure: go.Figure, height: int, **extra: Any) -> go.Figure:
    figure.update_layout(**LAYOUT, font=font(), height=height, separators=separators(), **extra)
    figure.update_xaxes(automargin=True, gridcolor="#e9ecef")
    figure.update_yaxes(automargin=True, gridcolor="#e9ecef")
    return figure


def distribution_figure(spreads: Sequence[_Spread]) -> go.Figure:
    """Spread of the latest axis scores (0–5): minimum, quartiles, median and maximum."""
    names = [wrap(s.name, 22) for s in spreads]
    figure = go.Figure(
        go.Box(
            y=names,
            q1=[s.q1 for s in spreads],
            median=[s.median for s in spreads],
            q3=[s.q3 for s in spreads],
            lowerfence=[s.low for s in spreads],
            upperfence=[s.high for s in spreads],
            orientation="h",
            name=_("Axis score"),
            marker={"color": PALETTE["current"]},
            fillcolor="rgba(11, 83, 148, 0.25)",
            hovertemplate="%{y}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, 5], dtick=1, title=_("Score (0–5)"))
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, 80 + 42 * len(spreads), showlegend=False)


def uplift_figure(bars: Sequence[_Bar]) -> go.Figure:
    """Mean T0→T1 uplift per axis, in points on 0–100, each bar labelled with its value and n."""
    labels = [
        _("not enough data") if b.value is None else f"{number(b.value, sign=True)} (n={b.n})"
        for b in bars
    ]
    values = [b.value or 0 for b in bars]
    figure = go.Figure(
        go.Bar(
            y=[wrap(b.label, 22) for b in bars],
            x=values,
            orientation="h",
            text=labels,
            textposition="outside",
            marker={"color": PALETTE["current"]},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    low, high = min([0.0, *values]), max([0.0, *values])
    pad = max(high - low, 1.0) * 0.45
    figure.update_xaxes(
        title=_("Points (0–100)"),
        zeroline=True,
        zerolinecolor="#495057",
        range=[low - (pad if low < 0 else 0), high + pad],
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, 80 + 42 * len(bars), showlegend=False)


def days_figure(timeline: _Timeline, target: float | None = None) -> go.Figure:
    """Accompaniment days planned and delivered, cumulated by month: dashed against solid."""
    figure = go.Figure()
    # Planned runs above delivered: its values are written above it, delivered's below,
    # so that no label sits on the other line.
    for values, label, key, dash, symbol, place in (
        (timeline.planned, _("Planned"), "target", "dash", "diamond", "top center"),
        (timeline.delivered, _("Delivered"), "current", "solid", "circle", "bottom center"),
    ):
        figure.add_trace(
            go.Scatter(
                x=[month(m) for m in timeline.months],
                y=values,
                name=label,
                mode="lines+markers+text",
                text=[number(v, 1 if v % 1 else 0) for v in values],
                textposition=place,
                line={"color": PALETTE[key], "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": 8},
            )
        )
    if target:
        figure.add_hline(
            y=target,
            line_dash="dot",
            line_color="#495057",
            annotation_text=_("Target"),
            annotation_position="top left",
        )
    figure.update_xaxes(type="category")  # months named in the page's language, not plotly's
    figure.update_yaxes(title=_("Days (cumulative)"), rangemode="tozero")
    return _layout(figure, 380, legend=TOP_LEGEND)


HEATMAP_SCALE = [[0.0, "#f7fbff"], [0.5, "#a6cde8"], [0.5, "#2b6ca6"], [1.0, "#08306b"]]


def heatmap_figure(heatmap: _Heatmap) -> go.Figure:
    """Latest score of each PME on each axis, the value written in every cell."""
    figure = go.Figure(
        go.Heatmap(
            z=heatmap.scores,
            x=[wrap(a, 14) for a in heatmap.axes],
            y=heatmap.companies,
            zmin=0,
            zmax=5,
            # Two bands: light cells carry dark text, dark cells white text, each at WCAG's
            # 4.5:1 at least; a single smooth scale leaves mid-blue cells unreadable.
            colorscale=HEATMAP_SCALE,
            texttemplate="%{z:.1f}",
            showscale=False,  # every cell shows its value; plotly's colour bar sets style=""
            hovertemplate="%{y} · %{x}: %{z:.1f}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="top")
    return _layout(figure, 140 + 26 * len(heatmap.companies))


def benchmark_figure(benchmark: _Benchmark, scope_label: str) -> go.Figure:
    """Mean maturity per sector of the scope's PMEs against all PMEs, hatched against solid."""
    figure = go.Figure()
    for bars, label, key, pattern in (
        (benchmark.scope, scope_label, "current", ""),
        (benchmark.peers, _("All PMEs"), "peer", "/"),
    ):
        figure.add_trace(
            go.Bar(
                y=[wrap(s, 18) for s in benchmark.sectors],
                x=[b.value or 0 for b in bars],
                name=label,
                orientation="h",
                text=[_bar_text(b) for b in bars],
                textposition="outside",
                cliponaxis=False,
                marker={"color": PALETTE[key], "pattern": {"shape": pattern}},
            )
        )
    figure.update_xaxes(
        range=[0, 125], tickvals=[0, 20, 40, 60, 80, 100], title=_("Overall maturity (0–100)")
    )
    figure.update_yaxes(autorange="reversed")
    height = 150 + 56 * len(benchmark.sectors)
    return _layout(figure, height, barmode="group", legend=TOP_LEGEND)


def _bar_text(bar: _Bar) -> str:
    if bar.value is None:
        return _("not enough data")
    return f"{number(bar.value, 0)} (n={bar.n})"
