"""Render a cluster's quarterly S&E brief to PDF: the dashboard's table and charts, in print."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.models import Cluster
from assessments.selectors import User
from reports.documents.pdf.fetcher import chart_url
from reports.documents.pdf.render import Charts, RenderedPdf, layout
from reports.documents.pdf.typography import french_html
from reports.monitoring import charts as web_charts
from reports.monitoring.models import Period
from reports.monitoring.selectors.dashboard import Dashboard, se_dashboard
from reports.monitoring.selectors.indicators import narrative_of

__all__ = ["render_brief"]

TEMPLATE = "reports/documents/pdf/brief.html"
CHART_WIDTH = 720


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
        charts = _submit_charts(data)
        context = {
            "cluster": cluster,
            "period": period,
            "data": data,
            "table": data.table,
            "today": today,
            "charts": {name: chart_url(name) for name in charts.names},
            "narrative": narrative_of(period, cluster),
        }
        html: str = render_to_string(TEMPLATE, context)
        if language == "fr":
            html = french_html(html)
    pdf, pages = layout(html, charts.getters(), rtl=translation.get_language_info(language)["bidi"])
    return RenderedPdf(data=pdf, pages=pages, html=html, charts=charts.all())


def _submit_charts(data: Dashboard) -> Charts:
    charts = Charts()
    figures = {
        "uplift": web_charts.uplift_figure(data.uplift) if data.uplift else None,
        "days": web_charts.days_figure(data.timeline, data.days_target)
        if data.timeline.months
        else None,
    }
    for name, figure in figures.items():
        if figure is not None:
            charts.submit(name, figure, (CHART_WIDTH, int(figure.layout.height)))
    return charts
