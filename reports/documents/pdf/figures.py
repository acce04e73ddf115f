"""The PDF's charts: the web's plotly figures, plus what only the PDF shows, as SVG."""

from collections.abc import Sequence

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.charts import PALETTE, font, radar_figure, separators, wrap
from assessments.selectors import AssessmentResult, UpliftRow

# Drawn at this size in CSS pixels, then scaled by WeasyPrint to the column width.
RADAR_SIZE = (640, 500)
UPLIFT_SIZE = (640, 400)


def roadmap_radar(result: AssessmentResult, peers: dict[int, float] | None) -> go.Figure:
    """The results page's radar, with the sector's median when there are enough peers."""
    figure = radar_figure(result)
    if peers:
        theta = list(figure.data[0].theta)
        values = [peers.get(row.axis.id, 0) for row in result.rows]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=theta,
                name=_("Sector median"),
                mode="lines+markers",
                line={"color": PALETTE["peer"], "dash": "dot", "width": 2},
                marker={"symbol": "square", "size": 6},
            )
        )
    figure.update_layout(
        separators=separators(),
        # Below the bottom axis label, which sits outside the polar domain.
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0.5, "xanchor": "center"},
        margin={"l": 110, "r": 110, "t": 55, "b": 95},
    )
    return figure


def uplift_figure(rows: Sequence[UpliftRow]) -> go.Figure:
    """Baseline against follow-up score per axis, as paired horizontal bars."""
    names = [wrap(row.axis.name, 28) for row in rows][::-1]
    figure = go.Figure()
    for label, values, color in (
        (_("Baseline (T0)"), [row.before or 0 for row in rows][::-1], "#9fc5e8"),
        (_("Follow-up (T1)"), [row.after or 0 for row in rows][::-1], PALETTE["current"]),
    ):
        figure.add_trace(
            go.Bar(y=names, x=values, name=label, orientation="h", marker={"color": color})
        )
    figure.update_layout(
        separators=separators(),
        barmode="group",
        xaxis={"range": [0, 5], "tickvals": [0, 1, 2, 3, 4, 5], "gridcolor": "#d9dee4"},
        legend={"orientation": "h", "y": -0.08, "x": 0.5, "xanchor": "center"},
        margin={"l": 10, "r": 20, "t": 10, "b": 30},
        font=font(),
        paper_bgcolor="white",
        plot_bgcolor="white",
        bargap=0.25,
    )
    return figure
