from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import services
from assessments.access import AuthedRequest, get_company_for_user, require
from assessments.accompaniment.selectors import plan_view, plans_visible_to, work_for
from assessments.forms import ClusterFilterForm, CompanyForm, model_field
from assessments.models import Assessment
from assessments.rules import (
    can_assign_people,
    can_assign_people_somewhere,
    can_create_company,
    can_edit_company,
    can_move_company,
    can_run_diagnostics,
)
from assessments.selectors import (
    assessments_visible_to,
    clusters_importable_by,
    clusters_visible_to,
    clusters_worked_in,
    companies_visible_to,
    company_comparison,
    company_move_effect,
)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """What to do next, per role: the consultant's drafts, days and logs; the staff's
    diagnostics to validate; the manager's results (S&E to-dos come from a reports tag)."""
    return render(request, "assessments/home.html", {"work": work_for(request.user)})


@login_required
def company_list(request: AuthedRequest) -> HttpResponse:
    clusters = clusters_visible_to(request.user)
    filters = ClusterFilterForm(request.GET or None)
    model_field(filters, "cluster").queryset = clusters
    companies = companies_visible_to(request.user).annotate(
        diagnostics=Count("assessments", distinct=True),
        last_visit=Max("assessments__visit_date"),
    )
    if filters.is_valid():
        if filters.cleaned_data["cluster"]:
            companies = companies.filter(cluster=filters.cleaned_data["cluster"])
        if filters.cleaned_data["q"]:
            term = filters.cleaned_data["q"]
            companies = companies.filter(Q(name__icontains=term) | Q(city__icontains=term))
    context = {
        "companies": companies.order_by("name"),
        "filters": filters,
        "can_create": can_create_company(request.user),
        "can_import": clusters_importable_by(request.user).exists(),
    }
    return render(request, "assessments/company_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: AuthedRequest) -> HttpResponse:
    require(can_create_company(request.user))
    form = CompanyForm(
        request.POST or None,
        clusters=clusters_worked_in(request.user),
        may_assign=can_assign_people_somewhere(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The PME %(name)s is registered.") % {"name": company})
            return redirect(company)
    return render(request, "assessments/company_form.html", {"form": form, "company": None})


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthedRequest, code: UUID) -> HttpResponse:
    company = get_company_for_user(request, code)
    require(can_edit_company(request.user, company))
    form = CompanyForm(
        request.POST or None,
        instance=company,
        clusters=clusters_visible_to(request.user),
        may_assign=can_assign_people(request.user, company),
        may_move=can_move_company(request.user, company),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_move"}
        try:
            services.company_update(company=company, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(company)
    context = {"form": form, "company": company, "effect": company_move_effect(company)}
    return render(request, "assessments/company_form.html", context)


@login_required
def company_detail(request: AuthedRequest, code: UUID) -> HttpResponse:
    company = get_company_for_user(request, code)
    assessments = assessments_visible_to(request.user).filter(company=company)
    context = {
        "company": company,
        "assessments": assessments,
        "can_edit": can_edit_company(request.user, company),
        "can_start": can_run_diagnostics(request.user, company),
        "has_baseline": assessments.filter(kind=Assessment.Kind.BASELINE)
        .exclude(status=Assessment.Status.DRAFT)
        .exists(),
        "plans": [
            plan_view(p) for p in plans_visible_to(request.user).filter(assessment__company=company)
        ],
        "comparison": company_comparison(assessments),
    }
    return render(request, "assessments/company_detail.html", context)
