"""Render a cluster's quarterly S&E brief to PDF: the dashboard's table and charts, in print."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.models import Cluster
from assessments.selectors import User
from reports.documents.pdf.drawing import Drawing
from reports.documents.pdf.figures import days_figure, mean_uplift_figure
from reports.documents.pdf.render import RenderedPdf, layout, svgs
from reports.documents.pdf.typography import french_html
from reports.monitoring.models import Period
from reports.monitoring.selectors.dashboard import Dashboard, se_dashboard
from reports.monitoring.selectors.indicators import narrative_of

__all__ = ["render_brief"]

TEMPLATE = "reports/documents/pdf/brief.html"


def render_brief(
    cluster: Cluster,
    period: Period,
    *,
    language: str,
    viewer: User | None,
    today: datetime.date | None = None,
) -> RenderedPdf:
    """The brief as ``viewer`` may see it: their small-n suppression applies."""
    today = today or timezone.localdate()
    with translation.override(language):
        data = se_dashboard(
            period=period, cluster=cluster, viewer=viewer or AnonymousUser(), today=today
        )
        charts = brief_charts(data)
        context = {
            "cluster": cluster,
            "period": period,
            "data": data,
            "table": data.table,
            "today": today,
            "charts": charts,
            "narrative": narrative_of(period, cluster),
        }
        html: str = render_to_string(TEMPLATE, context)
        if language == "fr":
            html = french_html(html)
    pdf, pages = layout(html, rtl=translation.get_language_info(language)["bidi"])
    return RenderedPdf(data=pdf, pages=pages, html=html, charts=svgs(charts))


def brief_charts(data: Dashboard) -> dict[str, Drawing]:
    """The dashboard's uplift and days charts, when there is something to draw."""
    charts = {}
    if data.uplift:
        charts["uplift"] = mean_uplift_figure(data.uplift)
    if data.timeline.months:
        charts["days"] = days_figure(data.timeline, data.days_target)
    return charts
