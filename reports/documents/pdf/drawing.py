"""The PDF's charts drawn in Python: shapes as SVG, words as HTML boxes laid over them.

WeasyPrint 70 lays SVG text out one letter at a time, so Arabic inside an SVG comes
out unjoined and backwards. A chart here is therefore an SVG of lines, areas and
markers with its words beside it as positioned labels, which the report's template
writes as HTML spans over the SVG: WeasyPrint shapes, wraps and aligns them like
any other text. Coordinates are CSS pixels of the final page (1 px = 1/96 in).
Pure: plain data in, a :class:`Drawing` out, no Django.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal

PALETTE = {"current": "#0b5394", "target": "#e69138", "peer": "#6aa84f"}
BASELINE = "#9fc5e8"  # the T0 bars: a light blue beside the T1's dark one
BACKGROUND = "#e5ecf6"
GRID = "#d9dee4"
INK = "#2a3f5f"
ZERO = "#495057"

Anchor = Literal["left", "center", "right"]
Baseline = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class Label:
    """A text box whose ``anchor`` side sits at ``x`` and ``baseline`` side at ``y``."""

    text: str
    x: float
    y: float
    width: float
    anchor: Anchor = "center"
    baseline: Baseline = "middle"
    kind: str = "tick"

    @property
    def left(self) -> float:
        shift = {"left": 0.0, "center": self.width / 2, "right": self.width}[self.anchor]
        return self.x - shift

    def style(self) -> str:
        """Its CSS position inside the chart's box (vertical centring by a transform)."""
        vertical = {
            "top": f"top:{_n(self.y)}px",
            "middle": f"top:{_n(self.y)}px;transform:translateY(-50%)",
            "bottom": f"top:{_n(self.y)}px;transform:translateY(-100%)",
        }[self.baseline]
        return (
            f"left:{_n(self.left)}px;width:{_n(self.width)}px;text-align:{self.anchor};{vertical}"
        )


@dataclass(frozen=True)
class Key:
    """One entry of a chart's legend: its line or patch as a small SVG, and its name."""

    text: str
    swatch: str


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    shapes: list[str] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[Key] = field(default_factory=list)

    @property
    def box(self) -> str:
        """The CSS size of the box the labels are placed in."""
        return f"width:{_n(self.width)}px;height:{_n(self.height)}px"

    @property
    def svg(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}" '
            f'height="{_n(self.height)}" viewBox="0 0 {_n(self.width)} {_n(self.height)}">'
            + "".join(self.shapes)
            + "</svg>"
        )


@dataclass(frozen=True)
class Series:
    """One line of a radar or a line chart: its name, values and look."""

    name: str
    values: Sequence[float]
    color: str
    dash: str = ""  # an SVG stroke-dasharray; empty: solid
    marker: Literal["circle", "diamond", "square"] = "circle"
    fill: str = ""  # an area colour; empty: none


def radar(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    rtl: bool = False,
    size: tuple[float, float] = (560, 400),
    scale: int = 5,
) -> Drawing:
    """A polar chart on 0–``scale``: the first axis at the top, then clockwise (counter-
    clockwise right to left); each axis named outside the circle."""
    width, height = size
    centre = (width / 2, height / 2)
    radius = min(width * 0.28, height / 2 - 48)
    drawing = Drawing(width, height)
    shapes = drawing.shapes
    shapes.append(_circle(centre, radius, fill=BACKGROUND))
    for ring in range(1, scale + 1):
        shapes.append(_circle(centre, radius * ring / scale, stroke="#ffffff"))
    for index in range(len(axes)):
        spoke = polar_point(centre, radius, index, len(axes), rtl=rtl)
        shapes.append(_line(centre, spoke, color="#ffffff"))
    side = -1 if rtl else 1
    for tick in range(scale + 1):
        x = centre[0] + side * radius * tick / scale
        drawing.labels.append(Label(str(tick), x, centre[1] + 2, 20, baseline="top"))
    for line in series:
        points = [
            polar_point(centre, radius * value / scale, index, len(axes), rtl=rtl)
            for index, value in enumerate(line.values)
        ]
        shapes.append(_polygon(points, line))
        shapes.extend(_marker(point, line) for point in points)
        drawing.legend.append(Key(line.name, _swatch(line)))
    for index, name in enumerate(axes):
        drawing.labels.append(_axis_label(name, centre, radius + 10, index, len(axes), rtl=rtl))
    return drawing


def polar_point(
    centre: tuple[float, float], distance: float, index: int, count: int, *, rtl: bool
) -> tuple[float, float]:
    """Where axis ``index`` of ``count`` is at ``distance`` from the centre (y down)."""
    turn = -1 if rtl else 1
    angle = -math.pi / 2 + turn * 2 * math.pi * index / count
    return centre[0] + distance * math.cos(angle), centre[1] + distance * math.sin(angle)


def paired_bars(
    names: Sequence[str],
    pairs: Sequence[tuple[float, float]],
    keys: tuple[str, str],
    *,
    rtl: bool = False,
    width: float = 600,
    scale: int = 5,
) -> Drawing:
    """Two horizontal bars per row on 0–``scale`` (the first light, the second dark), the
    rows named at the start of the line: on the left, on the right when right to left."""
    band, bar, label_width, top = 38.0, 13.0, 170.0, 6.0
    height = top + band * len(names) + 24
    frame = _Frame(width, label_width, rtl=rtl, low=0, high=scale)
    drawing = Drawing(width, height)
    colors = (BASELINE, PALETTE["current"])
    _vertical_grid(drawing, frame, range(scale + 1), top, height - 24)
    for row, (name, values) in enumerate(zip(names, pairs, strict=True)):
        y = top + band * row + (band - 2 * bar) / 2
        for offset, (value, color) in enumerate(zip(values, colors, strict=True)):
            drawing.shapes.append(_rect(frame, 0, value, y + offset * bar, bar, color))
        drawing.labels.append(frame.name_label(name, top + band * row + band / 2))
    drawing.legend.extend(Key(key, _patch(color)) for key, color in zip(keys, colors, strict=True))
    return drawing


def signed_bars(
    names: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    *,
    title: str,
    rtl: bool = False,
    width: float = 530,
) -> Drawing:
    """One bar per row from zero, negative values the other way, each written at its end."""
    band, bar, label_width, top = 40.0, 18.0, 150.0, 6.0
    numbers = [value or 0.0 for value in values]
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    pad = max(high - low, 1.0) * 0.45  # room for the written value beyond the bar's end
    low, high = low - (pad if low < 0 else 0), high + pad
    height = top + band * len(names) + 44
    frame = _Frame(width, label_width, rtl=rtl, low=low, high=high)
    drawing = Drawing(width, height)
    ticks = [tick for tick in nice_ticks(low, high) if low <= tick <= high]
    _vertical_grid(drawing, frame, ticks, top, height - 44)
    drawing.shapes.append(_line((frame.x(0), top), (frame.x(0), height - 44), color=ZERO))
    for row, (name, value, text) in enumerate(zip(names, numbers, texts, strict=True)):
        middle = top + band * row + band / 2
        drawing.shapes.append(_rect(frame, 0, value, middle - bar / 2, bar, PALETTE["current"]))
        end = frame.x(value) + (4 if (value >= 0) != rtl else -4)
        anchor: Anchor = "left" if end >= frame.x(value) else "right"
        drawing.labels.append(Label(text, end, middle, 110, anchor=anchor, kind="value"))
        drawing.labels.append(frame.name_label(name, middle))
    drawing.labels.append(
        Label(title, frame.x((low + high) / 2), height - 20, 260, baseline="top", kind="title")
    )
    return drawing


def line_chart(
    categories: Sequence[str],
    series: Sequence[tuple[Series, Sequence[str], Baseline]],
    *,
    title: str,
    target: tuple[float, str] | None = None,
    rtl: bool = False,
    size: tuple[float, float] = (530, 330),
) -> Drawing:
    """Lines over categories (months), each point written above or below (``Baseline``:
    where its text sits), a dotted target line; categories run right to left in Arabic."""
    width, height = size
    left, right, top, bottom = 40.0, 14.0, 30.0, 40.0
    peak = max([1.0, *(v for line, _t, _b in series for v in line.values)])
    if target:
        peak = max(peak, target[0])
    ticks = nice_ticks(0, peak * 1.1)
    high = ticks[-1]
    plot_left, plot_right = (right, width - left) if rtl else (left, width - right)
    step = (plot_right - plot_left) / max(len(categories), 1)

    def x(index: int) -> float:
        slot = len(categories) - 1 - index if rtl else index
        return plot_left + step * (slot + 0.5)

    def y(value: float) -> float:
        return height - bottom - (height - bottom - top) * value / high

    drawing = Drawing(width, height)
    axis_x = plot_right + 6 if rtl else plot_left - 6
    for tick in ticks:
        drawing.shapes.append(_line((plot_left, y(tick)), (plot_right, y(tick))))
        anchor: Anchor = "left" if rtl else "right"
        drawing.labels.append(Label(_tick(tick), axis_x, y(tick), 36, anchor=anchor))
    title_anchor: Anchor = "right" if rtl else "left"
    title_x = plot_right if rtl else plot_left
    drawing.labels.append(Label(title, title_x, 4, 300, anchor=title_anchor, baseline="top"))
    for index, name in enumerate(categories):
        drawing.labels.append(Label(name, x(index), height - bottom + 6, step, baseline="top"))
    if target:
        value, name = target
        drawing.shapes.append(
            _line((plot_left, y(value)), (plot_right, y(value)), color=ZERO, dash="2 3")
        )
        drawing.labels.append(
            Label(name, title_x, y(value) - 2, 120, anchor=title_anchor, baseline="bottom")
        )
    for line, texts, place in series:
        points = [(x(index), y(value)) for index, value in enumerate(line.values)]
        drawing.shapes.append(_polyline(points, line))
        drawing.shapes.extend(_marker(point, line) for point in points)
        above = place == "top"
        drawing.labels.extend(
            Label(
                text,
                px,
                py + (-6 if above else 6),
                40,
                baseline="bottom" if above else "top",
                kind="value",
            )
            for (px, py), text in zip(points, texts, strict=True)
        )
        drawing.legend.append(Key(line.name, _swatch(line)))
    return drawing


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round steps (1, 2 or 5 × 10ⁿ) from at or below ``low`` to at or above ``high``."""
    span = max(high - low, 1e-9)
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [round(math.floor(low / step) * step, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


class _Frame:
    """A horizontal value axis beside a column of row names, mirrored right to left."""

    def __init__(self, width: float, names: float, *, rtl: bool, low: float, high: float):
        self.rtl, self.low, self.high, self.names = rtl, low, high, names
        margin = 14.0
        start, end = names + 8, width - margin
        self.start, self.end = (width - start, margin) if rtl else (start, end)
        self.width = width

    def x(self, value: float) -> float:
        return self.start + (self.end - self.start) * (value - self.low) / (self.high - self.low)

    def name_label(self, text: str, y: float) -> Label:
        if self.rtl:
            return Label(text, self.width - self.names, y, self.names, anchor="left", kind="name")
        return Label(text, self.names, y, self.names, anchor="right", kind="name")


def _vertical_grid(
    drawing: Drawing, frame: _Frame, ticks: Sequence[float], top: float, bottom: float
) -> None:
    for tick in ticks:
        x = frame.x(tick)
        drawing.shapes.append(_line((x, top), (x, bottom)))
        drawing.labels.append(Label(_tick(tick), x, bottom + 3, 40, baseline="top"))


def _axis_label(
    name: str, centre: tuple[float, float], distance: float, index: int, count: int, *, rtl: bool
) -> Label:
    x, y = polar_point(centre, distance, index, count, rtl=rtl)
    dx, dy = x - centre[0], y - centre[1]
    anchor: Anchor = (
        "left" if dx > distance * 0.1 else "right" if dx < -distance * 0.1 else "center"
    )
    baseline: Baseline = (
        "bottom" if dy < -distance * 0.3 else "top" if dy > distance * 0.3 else "middle"
    )
    width = 170 if anchor == "center" else 118
    return Label(name, x, y, width, anchor=anchor, baseline=baseline, kind="axis")


def _tick(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _circle(centre: tuple[float, float], r: float, *, fill: str = "none", stroke: str = "") -> str:
    line = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    return f'<circle cx="{_n(centre[0])}" cy="{_n(centre[1])}" r="{_n(r)}" fill="{fill}"{line}/>'


def _line(
    start: tuple[float, float], end: tuple[float, float], *, color: str = GRID, dash: str = ""
) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_n(start[0])}" y1="{_n(start[1])}" x2="{_n(end[0])}" y2="{_n(end[1])}" '
        f'stroke="{color}" stroke-width="1"{dashes}/>'
    )


def _polygon(points: Sequence[tuple[float, float]], series: Series) -> str:
    fill = f'fill="{series.fill}"' if series.fill else 'fill="none"'
    return f'<polygon points="{_points(points)}" {fill} {_stroke(series)}/>'


def _polyline(points: Sequence[tuple[float, float]], series: Series) -> str:
    return f'<polyline points="{_points(points)}" fill="none" {_stroke(series)}/>'


def _stroke(series: Series) -> str:
    dashes = f' stroke-dasharray="{series.dash}"' if series.dash else ""
    return f'stroke="{series.color}" stroke-width="2.2" stroke-linejoin="round"{dashes}'


def _marker(point: tuple[float, float], series: Series, size: float = 3.6) -> str:
    x, y = point
    color = series.color
    if series.marker == "circle":
        return _circle(point, size, fill=color)
    if series.marker == "square":
        side = size * 1.7
        return (
            f'<rect x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" width="{_n(side)}" '
            f'height="{_n(side)}" fill="{color}"/>'
        )
    diamond = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
    return f'<polygon points="{_points(diamond)}" fill="{color}"/>'


def _rect(frame: _Frame, start: float, end: float, y: float, height: float, color: str) -> str:
    x1, x2 = sorted((frame.x(start), frame.x(end)))
    return (
        f'<rect x="{_n(x1)}" y="{_n(y)}" width="{_n(max(x2 - x1, 0))}" height="{_n(height)}" '
        f'fill="{color}"/>'
    )


def _swatch(series: Series) -> str:
    line = Series(series.name, [], series.color, series.dash, series.marker)
    shapes = f'<line x1="1" y1="6" x2="27" y2="6" {_stroke(line)}/>' + _marker((14, 6), line, 3.2)
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="12">{shapes}</svg>'


def _patch(color: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12">'
        f'<rect x="0" y="1" width="11" height="11" fill="{escape(color)}"/></svg>'
    )
