"""The PDF's charts from the report's data, in the active language: see pdf/drawing.py.

The web pages draw the same data with plotly.js (assessments/charts.py,
reports/monitoring/charts.py); the PDF draws it here, without a browser.
"""

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _

from assessments.charts import PALETTE, month, number
from assessments.selectors import AssessmentResult, UpliftRow
from reports.documents.pdf.drawing import Drawing, Series, line_chart, paired_bars, radar
from reports.documents.pdf.drawing import signed_bars as draw_signed_bars
from reports.monitoring.indicators.dashboard import Bar, Timeline

# Drawn at the width they are printed (CSS pixels): 150 mm for the radar, 160 mm for the
# paired bars, 140 mm for the brief's charts.
RADAR_SIZE = (567, 400)
UPLIFT_WIDTH = 605
BRIEF_WIDTH = 530


def roadmap_radar(result: AssessmentResult, peers: dict[int, float] | None) -> Drawing:
    """Target, current level and, when there are enough peers, the sector's median."""
    lines = [
        Series(
            _("Target"),
            [row.target or 0 for row in result.rows],
            PALETTE["target"],
            dash="6 4",
            marker="diamond",
        ),
        Series(
            _("Current level"),
            [row.score or 0 for row in result.rows],
            PALETTE["current"],
            fill="rgba(11, 83, 148, 0.15)",
        ),
    ]
    if peers:
        lines.append(
            Series(
                _("Sector median"),
                [peers.get(row.axis.id, 0) for row in result.rows],
                PALETTE["peer"],
                dash="2 3",
                marker="square",
            )
        )
    names = [row.axis.name for row in result.rows]
    return radar(names, lines, rtl=_rtl(), size=RADAR_SIZE)


def uplift_figure(rows: Sequence[UpliftRow]) -> Drawing:
    """Baseline against follow-up score per axis, as paired horizontal bars."""
    return paired_bars(
        [row.axis.name for row in rows],
        [(row.before or 0, row.after or 0) for row in rows],
        (_("Baseline (T0)"), _("Follow-up (T1)")),
        rtl=_rtl(),
        width=UPLIFT_WIDTH,
    )


def mean_uplift_figure(bars: Sequence[Bar]) -> Drawing:
    """The brief's mean T0→T1 uplift per axis on 0–100, each bar with its value and n."""
    texts = [
        _("not enough data") if b.value is None else f"{number(b.value, sign=True)} (n={b.n})"
        for b in bars
    ]
    return draw_signed_bars(
        [b.label for b in bars],
        [b.value for b in bars],
        texts,
        title=_("Points (0–100)"),
        rtl=_rtl(),
        width=BRIEF_WIDTH,
    )


def days_figure(timeline: Timeline, target: float | None) -> Drawing:
    """Accompaniment days planned (dashed, written above) and delivered (solid, below)."""
    lines = [
        (
            Series(_("Planned"), timeline.planned, PALETTE["target"], "6 4", "diamond"),
            [number(v, 1 if v % 1 else 0) for v in timeline.planned],
            "top",
        ),
        (
            Series(_("Delivered"), timeline.delivered, PALETTE["current"]),
            [number(v, 1 if v % 1 else 0) for v in timeline.delivered],
            "bottom",
        ),
    ]
    return line_chart(
        [month(m) for m in timeline.months],
        lines,  # type: ignore[arg-type]
        title=_("Days (cumulative)"),
        target=(target, _("Target")) if target else None,
        rtl=_rtl(),
        size=(BRIEF_WIDTH, 330),
    )


def _rtl() -> bool:
    return translation.get_language_bidi()
