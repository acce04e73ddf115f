"""A PME's measurements (the results chain): entered with evidence, validated by another."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import evidence_files
from assessments.access import AuthedRequest, get_company_for_user
from assessments.models import Company
from reports.monitoring.forms import MeasurementForm
from reports.monitoring.models import Measurement
from reports.monitoring.rules import (
    can_change_measurement,
    can_enter_measurement,
    can_validate_measurement,
)
from reports.monitoring.selectors.measurements import measurement_footprint
from reports.monitoring.services import measurements as services
from reports.monitoring.views.access import get_measurement_for_user, require_se


@login_required
def measurement_list(request: AuthedRequest, company: UUID) -> HttpResponse:
    require_se(request)
    pme = get_company_for_user(request, company)
    rows = [
        (m, measurement_footprint(m))
        for m in pme.measurements.select_related("entered_by", "validated_by").prefetch_related(
            "energy"
        )
    ]
    context = {
        "company": pme,
        "rows": rows,
        "can_add": can_enter_measurement(request.user, pme),
    }
    return render(request, "reports/monitoring/measurements.html", context)


def _save(
    request: AuthedRequest, form: MeasurementForm, company: Company, stored: Measurement | None
) -> Measurement | None:
    arguments = form.service_arguments()
    try:
        if stored is None:
            return services.measurement_create(by=request.user, company=company, **arguments)
        return services.measurement_update(measurement=stored, by=request.user, **arguments)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def measurement_edit(
    request: AuthedRequest, company: UUID | None = None, code: UUID | None = None
) -> HttpResponse:
    stored = get_measurement_for_user(request, code) if code else None
    pme = stored.company if stored else get_company_for_user(request, company)  # type: ignore[arg-type]
    require_se(request)
    editable = (
        can_change_measurement(request.user, stored)
        if stored
        else can_enter_measurement(request.user, pme)
    )
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = MeasurementForm(
        request.POST or None, request.FILES or None, instance=stored, company=pme
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, pme, stored)
        if saved is not None:
            messages.success(request, _("The figures are saved; another person validates them."))
            return redirect("reports:se_measurement", code=saved.code)
    context = {
        "form": form,
        "company": pme,
        "measurement": stored,
        "editable": editable,
        "footprint": measurement_footprint(stored) if stored else None,
        "can_validate": bool(stored and can_validate_measurement(request.user, stored)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/monitoring/measurement_form.html", context, status=status)


@login_required
@require_POST
def measurement_validate(request: AuthedRequest, code: UUID) -> HttpResponse:
    stored = get_measurement_for_user(request, code)
    if not can_validate_measurement(request.user, stored):
        raise PermissionDenied
    services.measurement_validate(measurement=stored, by=request.user)
    messages.success(request, _("The figures are validated: they now count in the indicators."))
    return redirect("reports:se_measurement", code=stored.code)


@login_required
def measurement_evidence(request: AuthedRequest, code: UUID) -> FileResponse:
    stored = get_measurement_for_user(request, code)
    return evidence_files.file_response(stored.evidence, stored.evidence_name)
