"""Render a diagnostic's roadmap to PDF bytes: content, charts, HTML, then WeasyPrint.

The charts are drawn in Python (pdf/figures.py, pdf/drawing.py) and written into the
HTML: no browser is started for a report.
"""

import datetime
import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

import reports.documents.pdf.rtl_lines  # noqa: F401  (right-to-left lines laid out once)
from assessments.models import Assessment
from reports.documents.pdf.content import Edition, RoadmapContent, roadmap_content
from reports.documents.pdf.drawing import Drawing
from reports.documents.pdf.fetcher import BASE_URL, ReportFetcher
from reports.documents.pdf.figures import roadmap_radar, uplift_figure
from reports.documents.pdf.heap import older_objects_frozen
from reports.documents.pdf.typography import french_html

__all__ = ["Edition", "RenderError", "RenderedPdf", "render_roadmap"]

TEMPLATES = {
    Edition.MANAGER: "reports/documents/pdf/roadmap_manager.html",
    Edition.DETAILED: "reports/documents/pdf/roadmap.html",
}
STYLESHEET = "css/report.css"
RTL_STYLESHEET = "css/report-rtl.css"  # added after STYLESHEET for Arabic


class RenderError(Exception):
    """The report cannot be rendered as it stands; trying again will not help."""


@dataclass
class Timings:
    """Seconds spent in each step of one rendering.

    ``charts`` is the time spent drawing the charts (part of ``data``); ``total`` is the
    wall time of the whole rendering.
    """

    data: float = 0.0
    html: float = 0.0
    charts: float = 0.0
    layout: float = 0.0
    total: float = 0.0


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    html: str
    charts: dict[str, bytes] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)


def render_roadmap(
    assessment: Assessment,
    *,
    language: str,
    version: int | None = None,
    today: datetime.date | None = None,
    edition: str = Edition.MANAGER,
) -> RenderedPdf:
    """The manager edition (about a dozen pages, for the meeting) or the detailed one."""
    if edition not in TEMPLATES:
        raise RenderError(f"unknown edition {edition!r}")
    timings = Timings()
    started = time.perf_counter()
    with translation.override(language):
        content = roadmap_content(assessment, version=version, today=today, edition=edition)
        charts_started = time.perf_counter()
        charts = roadmap_charts(content)
        timings.charts = time.perf_counter() - charts_started
        timings.data = time.perf_counter() - started
        html_started = time.perf_counter()
        html: str = render_to_string(TEMPLATES[edition], {"report": content, "charts": charts})
        if language == "fr":
            html = french_html(html)
        timings.html = time.perf_counter() - html_started
    layout_started = time.perf_counter()
    data, pages = layout(html, rtl=translation.get_language_info(language)["bidi"])
    timings.layout = time.perf_counter() - layout_started
    timings.total = time.perf_counter() - started
    return RenderedPdf(data=data, pages=pages, html=html, charts=svgs(charts), timings=timings)


def layout(html: str, *, rtl: bool = False) -> tuple[bytes, int]:
    """WeasyPrint's part: lay the HTML out in pages and write the PDF.

    ``rtl``: the document is right to left (Arabic); its page margin boxes swap sides.
    """
    fetcher = ReportFetcher()
    stylesheets = [_stylesheet(STYLESHEET)] + ([_stylesheet(RTL_STYLESHEET)] if rtl else [])
    try:
        with older_objects_frozen():
            document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
                stylesheets=stylesheets, font_config=_font_config()
            )
            return document.write_pdf(), len(document.pages)
    except FatalURLFetchingError as exc:
        raise RenderError(f"a resource of the report could not be loaded: {exc.__cause__}") from exc


def roadmap_charts(content: RoadmapContent) -> dict[str, Drawing]:
    """The report's charts, in the active language: the radar, and the uplift on a T1."""
    charts = {}
    if content.result.has_scores:
        peers = content.peers.by_axis if content.peers else None
        charts["radar"] = roadmap_radar(content.result, peers)
    if content.comparison:
        charts["uplift"] = uplift_figure(content.comparison.rows)
    return charts


def svgs(charts: Mapping[str, Drawing]) -> dict[str, bytes]:
    """Each chart's shapes as an SVG file (its words are in the HTML)."""
    return {name: drawing.svg.encode() for name, drawing in charts.items()}


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


def _stylesheet(name: str) -> weasyprint.CSS:
    """A print stylesheet, parsed once per process (again only if the file changes)."""
    path = finders.find(name)
    if not path or isinstance(path, list):
        raise RenderError(f"the stylesheet {name} is missing")
    return _parse_stylesheet(path, Path(path).stat().st_mtime)


@functools.lru_cache(maxsize=4)
def _parse_stylesheet(path: str, mtime: float) -> weasyprint.CSS:
    return weasyprint.CSS(filename=path, font_config=_font_config())
