from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import services
from assessments.access import (
    AuthedRequest,
    get_assessment_for_user,
    get_company_for_user,
    require,
)
from assessments.charts import radar_data
from assessments.forms import AssessmentStartForm, ReopenForm, TargetsForm
from assessments.models import Assessment
from assessments.rules import can_answer, can_reopen, can_run_diagnostics, can_validate
from assessments.selectors import (
    assessment_dma,
    assessment_history,
    assessment_pack_results,
    assessment_progress,
    assessment_result,
    missing_questions,
    not_applicable_since_baseline,
)
from assessments.selfassessment.selectors import self_view_for_reader


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: AuthedRequest, code: UUID) -> HttpResponse:
    company = get_company_for_user(request, code)
    require(can_run_diagnostics(request.user, company))
    initial = {"visit_date": timezone.localdate(), "kind": request.GET.get("kind", "T0")}
    form = AssessmentStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                company=company, consultant=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("assessments:assessment_resume", code=assessment.code)
    return render(request, "assessments/assessment_start.html", {"form": form, "company": company})


def _detail_context(request: AuthedRequest, assessment: Assessment) -> dict[str, object]:
    user = request.user
    return {
        "assessment": assessment,
        "company": assessment.company,
        "progress": assessment_progress(assessment),
        "targets_form": TargetsForm(assessment=assessment),
        "reopen_form": ReopenForm(),
        "events": assessment.events.select_related("by"),
        "changes": assessment_history(assessment, request.user),
        "can_answer": can_answer(user, assessment) and assessment.is_editable,
        "can_validate": can_validate(user, assessment)
        and assessment.status == Assessment.Status.SUBMITTED,
        "can_reopen": can_reopen(user, assessment) and assessment.status != Assessment.Status.DRAFT,
    }


@login_required
def assessment_detail(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    return render(
        request, "assessments/assessment_detail.html", _detail_context(request, assessment)
    )


@login_required
@require_POST
def targets_save(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    form = TargetsForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            services.targets_set(assessment=assessment, levels=form.levels())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Targets saved."))
            return redirect(assessment)
    context = _detail_context(request, assessment) | {"targets_form": form}
    return render(request, "assessments/assessment_detail.html", context, status=400)


@login_required
@require_POST
def assessment_submit(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as exc:
        context = _detail_context(request, assessment) | {
            "missing": missing_questions(assessment),
            "submit_error": " ".join(exc.messages),
            "submit_code": exc.code,
        }
        return render(request, "assessments/assessment_detail.html", context, status=400)
    messages.success(request, _("The diagnostic is submitted. Here are the PME's scores."))
    return redirect("assessments:results", code=assessment.code)


@login_required
@require_POST
def assessment_validate(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_validate(request.user, assessment))
    try:
        services.assessment_validate(assessment=assessment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The diagnostic is validated and locked."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_reopen(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_reopen(request.user, assessment))
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_reopen(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The diagnostic is a draft again."))
            return redirect(assessment)
    context = _detail_context(request, assessment) | {"reopen_form": form}
    return render(request, "assessments/assessment_detail.html", context, status=400)


@login_required
def assessment_results(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    result = assessment_result(assessment)
    context = {
        "assessment": assessment,
        "company": assessment.company,
        "result": result,
        # The page's card is narrower than the report's: room for the wrapped axis names.
        "radar": radar_data(result, margin=120) if result.has_scores else None,
        "not_applicable_changes": not_applicable_since_baseline(assessment),
        "dma": assessment_dma(assessment),
        "pack_results": assessment_pack_results(assessment),
        "self_view": self_view_for_reader(request.user, assessment, result),
    }
    return render(request, "assessments/results.html", context)
