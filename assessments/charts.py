"""Plotly figures of a diagnostic (the radar) and what all charts share: colours, labels, JSON."""

import datetime
import functools
import json
from collections.abc import Sequence
from typing import Any, Protocol

import plotly.graph_objects as go
from django.utils import formats, translation
from django.utils.translation import gettext as _

PALETTE = {"current": "#0b5394", "target": "#e69138", "peer": "#6aa84f"}


class _AxisLike(Protocol):
    @property
    def name(self) -> str: ...


class _RowLike(Protocol):
    @property
    def axis(self) -> _AxisLike: ...
    @property
    def score(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...


class _ResultLike(Protocol):
    @property
    def rows(self) -> Sequence[_RowLike]: ...


def separators() -> str:
    """Plotly's decimal and thousands marks in the active language (", " in French)."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR")) or " "
    return decimal + thousands


def number(value: float, digits: int = 1, *, sign: bool = False) -> str:
    """A figure written as the page's language writes it: 19,4 in French, "+19,4" signed."""
    text = str(formats.number_format(abs(value) if sign else value, digits))
    return ("+" if value >= 0 else "−") + text if sign else text


def month(code: str) -> str:
    """ "2026-06" as the language names it: "juin 2026", "June 2026"."""
    year, number_of_month = (int(part) for part in code.split("-")[:2])
    return str(formats.date_format(datetime.date(year, number_of_month, 1), "YEAR_MONTH_FORMAT"))


def font(size: int = 12) -> dict[str, Any]:
    """The charts' type in the page's language: the report's Arabic face right to left.

    DejaVu Sans draws Arabic letters, but not as the body text around the chart does
    (Noto Sans Arabic, from Debian's fonts-noto-core); Latin text keeps DejaVu Sans.
    """
    latin = "DejaVu Sans, Arial, sans-serif"
    family = f"Noto Sans Arabic, {latin}" if translation.get_language_bidi() else latin
    return {"family": family, "size": size}


def reading_turn() -> str:
    """The way round a radar's axes go: clockwise, counterclockwise right to left."""
    return "counterclockwise" if translation.get_language_bidi() else "clockwise"


def figure_data(figure: go.Figure) -> dict[str, Any]:
    """A figure as plain JSON data, for ``json_script`` and plotly.js."""
    data: dict[str, Any] = json.loads(figure.to_json())
    return data


@functools.cache
def _template() -> dict[str, Any]:
    """plotly's default look (``figure_data`` writes it into every figure), read once."""
    template: dict[str, Any] = figure_data(go.Figure())["layout"]["template"]
    return template


def radar_data(result: _ResultLike, *, margin: int = 90) -> dict[str, Any]:
    """Current level against target per axis, on the 0–5 scale, as plotly.js data.

    Lines differ by dash and marker as well as colour, so that the chart reads
    in black and white and for colour-blind readers. Written as plain data rather than
    built with ``plotly.graph_objects``: validating the figure cost a results page more
    than its queries (``go.Figure(radar_data(...))`` still validates it, in the tests).
    """
    names = [wrap(row.axis.name) for row in result.rows]
    closed = [*names, names[0]] if names else names
    current = [row.score or 0 for row in result.rows]
    target = [row.target or 0 for row in result.rows]
    return {
        "data": [
            _trace([*target, target[0]] if target else [], closed, _("Target"), "target", "dash"),
            _trace(
                [*current, current[0]] if current else [],
                closed,
                _("Current level"),
                "current",
                "solid",
            ),
        ],
        "layout": {
            "template": _template(),
            "separators": separators(),
            "polar": {
                "radialaxis": {"range": [0, 5], "tickvals": [0, 1, 2, 3, 4, 5]},
                # Axes follow the reading direction: counterclockwise in Arabic.
                "angularaxis": {"rotation": 90, "direction": reading_turn()},
            },
            "legend": {"orientation": "h", "y": -0.12},
            "margin": {"l": margin, "r": margin, "t": 40, "b": 40},
            "height": 460,
            "font": font(),
            "paper_bgcolor": "white",
        },
    }


def wrap(label: str, width: int = 16) -> str:
    """Break a long axis name over lines so that it fits around a polar chart."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _trace(values: list[float], names: list[str], label: str, key: str, dash: str) -> dict:
    return {
        "type": "scatterpolar",
        "r": values,
        "theta": names,
        "name": label,
        "mode": "lines+markers",
        "line": {"color": PALETTE[key], "dash": dash, "width": 2.5},
        "marker": {"symbol": "circle" if key == "current" else "diamond", "size": 7},
        "fill": "toself" if key == "current" else "none",
        "fillcolor": "rgba(11, 83, 148, 0.15)",
        "hovertemplate": "%{theta}: %{r:.1f}<extra>" + label + "</extra>",
    }
