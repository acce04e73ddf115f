"""The project bank page and its exports (Excel, CSV), for those ``rules`` lets in."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from assessments.access import AuthedRequest
from reports.bank.exports import XLSX, bank_csv, bank_workbook
from reports.bank.forms import BankFilterForm
from reports.bank.rules import can_view_project_bank
from reports.bank.selectors import (
    BankFilters,
    bank_clusters_visible_to,
    bank_projects,
    bank_totals,
)

PER_PAGE = 25


def _form(request: AuthedRequest) -> BankFilterForm:
    if not can_view_project_bank(request.user):
        raise PermissionDenied
    clusters = list(bank_clusters_visible_to(request.user))
    return BankFilterForm(request.GET or None, clusters=clusters)


@require_safe
@login_required
def project_bank(request: AuthedRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, object] = {"form": form, "query": request.GET.urlencode()}
    if form.is_bound and not form.is_valid():
        return render(request, "reports/bank/bank.html", context, status=400)
    projects = bank_projects(request.user, form.filters() if form.is_bound else _default())
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context.update(totals=bank_totals(projects), page=page, query=params.urlencode())
    return render(request, "reports/bank/bank.html", context)


def _default() -> BankFilters:
    return BankFilters()


def _download(request: AuthedRequest, suffix: str) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/bank/bank.html", {"form": form}, status=400)
    filters = form.filters() if form.is_bound else _default()
    shown = form.described() if form.is_bound else []
    projects = bank_projects(request.user, filters)
    if suffix == "xlsx":
        response = HttpResponse(bank_workbook(projects, shown), content_type=XLSX)
    else:
        response = HttpResponse(bank_csv(projects, shown), content_type="text/csv; charset=utf-8")
    name = f"project-bank-{timezone.localdate():%Y-%m-%d}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def project_bank_xlsx(request: AuthedRequest) -> HttpResponse:
    return _download(request, "xlsx")


@require_safe
@login_required
def project_bank_csv(request: AuthedRequest) -> HttpResponse:
    return _download(request, "csv")
