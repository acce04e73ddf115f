"""Funder exports of the indicator table: the logframe as Excel, the tidy data as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from assessments.access import AuthedRequest
from reports.monitoring.exports import XLSX, logframe_workbook, tidy_csv
from reports.monitoring.rules import se_can_enter
from reports.monitoring.selectors.indicators import IndicatorTable, indicator_table
from reports.monitoring.views.access import get_period, get_scope_for_user, scope_code


def _table(request: AuthedRequest, period: str, scope: str) -> IndicatorTable:
    cluster = get_scope_for_user(request, scope)
    return indicator_table(period=get_period(period), cluster=cluster, viewer=request.user)


def _filename(table: IndicatorTable, suffix: str) -> str:
    return f"se-{scope_code(table.cluster)}-{table.period.code}.{suffix}"


@login_required
def export_logframe(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    table = _table(request, period, scope)
    response = HttpResponse(logframe_workbook(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


@login_required
def export_tidy(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    table = _table(request, period, scope)
    insider = se_can_enter(request.user, table.cluster)
    response = HttpResponse(
        tidy_csv(table, insider=insider), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response
