"""The PDF panels: a diagnostic's reports (its results, the PME's page) and a cluster's
quarterly briefs (the S&E dashboard)."""

from django import template
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from assessments.models import Assessment, Cluster, Company
from assessments.selectors import assessments_visible_to
from reports.documents.models import Report
from reports.documents.rules import can_request_brief, can_request_report
from reports.documents.selectors import briefs_of, report_is_stuck, reports_of
from reports.monitoring.models import Period

register = template.Library()

PANEL = "reports/documents/panel.html#panel"
VERSIONS_SHOWN = 10
BRIEFS = "reports/documents/briefs.html"
BRIEFS_SHOWN = 5


def render_panel(request: HttpRequest, assessment: Assessment, *, on_company_page: bool) -> str:
    if not isinstance(request.user, User):
        return ""
    can_request = can_request_report(request.user, assessment)
    reports = list(reports_of(assessment)[:VERSIONS_SHOWN])
    if not reports and assessment.status == Assessment.Status.DRAFT:
        return ""
    context = {
        "assessment": assessment,
        "rows": [
            (r, can_request and (r.status == Report.Status.FAILED or report_is_stuck(r)))
            for r in reports
        ],
        "pending": any(r.is_pending for r in reports),
        "can_request": can_request,
        "languages": Report.Language.choices,
        "editions": Report.Edition.choices,
        "exports": can_request,
        "language": (translation.get_language() or "fr").split("-")[0],
        "on_company_page": on_company_page,
        "next": request.GET.get("next") or request.get_full_path(),
    }
    return render_to_string(PANEL, context, request=request)


@register.simple_tag(takes_context=True)
def report_panel(context: template.Context, assessment: Assessment) -> SafeString:
    return SafeString(render_panel(context["request"], assessment, on_company_page=False))


@register.simple_tag(takes_context=True)
def company_report_panels(context: template.Context, company: Company) -> SafeString:
    request = context["request"]
    finished = (
        assessments_visible_to(request.user)
        .filter(company=company)
        .exclude(status=Assessment.Status.DRAFT)
    )
    return SafeString("".join(render_panel(request, a, on_company_page=True) for a in finished))


@register.simple_tag(takes_context=True)
def brief_panel(
    context: template.Context, period: Period, cluster: Cluster | None, sector: str, scope: str
) -> SafeString:
    """The cluster's quarterly briefs for the period, when one cluster is shown unfiltered."""
    request = context["request"]
    if not isinstance(cluster, Cluster) or sector or not can_request_brief(request.user, cluster):
        return SafeString("")  # briefs are for the cluster's staff (no small-n suppression)
    panel = {
        "briefs": list(briefs_of(cluster=cluster, period=period)[:BRIEFS_SHOWN]),
        "can_request_brief": True,
        "brief_languages": Report.Language.choices,
        "period": period,
        "scope": scope,
    }
    return SafeString(render_to_string(BRIEFS, panel, request=request))
