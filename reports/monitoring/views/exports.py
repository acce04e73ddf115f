"""Funder exports of the indicator table: the logframe as Excel, the tidy data as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from assessments.access import AuthedRequest
from reports.monitoring.exports import XLSX, logframe_workbook, tidy_csv
from reports.monitoring.models import Programme
from reports.monitoring.rules import se_can_enter
from reports.monitoring.selectors.funder import funder_report
from reports.monitoring.selectors.indicators import indicator_table
from reports.monitoring.views.access import get_period, get_scope_for_user, scope_code


def _filename(programme: Programme, period: str, scope: str, suffix: str) -> str:
    return f"se-{programme.slug}-{scope}-{period}.{suffix}"


@login_required
def export_logframe(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    the_period = get_period(request, period)
    report = funder_report(period=the_period, cluster=cluster, viewer=request.user)
    insider = se_can_enter(request.user, cluster)
    response = HttpResponse(logframe_workbook(report, insider=insider), content_type=XLSX)
    period_ = report.table.period
    name = _filename(period_.programme, period_.code, scope_code(cluster), "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_tidy(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    table = indicator_table(
        period=get_period(request, period), cluster=cluster, viewer=request.user
    )
    insider = se_can_enter(request.user, cluster)
    response = HttpResponse(
        tidy_csv(table, insider=insider), content_type="text/csv; charset=utf-8"
    )
    name = _filename(table.period.programme, table.period.code, scope_code(cluster), "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
