"""The PME manager's self-assessment, and the consultant's notes where the two views diverge."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.access import AuthedRequest, get_assessment_for_user, get_company_for_user, require
from assessments.models import Assessment, Company
from assessments.rules import can_answer, can_read_self_assessment, can_self_assess
from assessments.selfassessment import services
from assessments.selfassessment.models import SelfAssessment
from assessments.selfassessment.selectors import (
    Beside,
    SelfView,
    form_axes,
    form_questions,
    self_answers_by_question,
    self_assessment_current,
    self_view,
)


def _choice(data: QueryDict, code: str) -> tuple[int | None, bool] | None:
    """The level and N/A flag chosen for a question; None when nothing (valid) was chosen."""
    raw = data.get(code, "")
    if raw == "na":
        return None, True
    if raw.isdigit() and 0 <= int(raw) <= 5:
        return int(raw), False
    return None


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_page(request: AuthedRequest, code: UUID) -> HttpResponse:
    company = get_company_for_user(request, code)
    require(can_read_self_assessment(request.user, company))
    if request.method == "POST":
        require(can_self_assess(request.user, company))
        return _post(request, company)
    current = self_assessment_current(company, request.user)
    may_answer = bool(can_self_assess(request.user, company))
    context: dict[str, object] = {
        "company": company,
        "self_assessment": current,
        "may_answer": may_answer,
        "editable": current is not None and current.is_editable and may_answer,
    }
    if current is not None:
        context |= _form_context(current)
    return render(request, "assessments/selfassessment/page.html", context)


def _form_context(current: SelfAssessment) -> dict[str, object]:
    answers = self_answers_by_question(current)
    axes = [
        (axis, [(q, answers.get(q.id)) for q in questions])
        for axis, questions in form_axes(current.framework_version, current.company.sector)
    ]
    items = [answer for _axis, rows in axes for _q, answer in rows]
    return {
        "axes": axes,
        "answered": sum(1 for a in items if a is not None and a.is_answered),
        "total": len(items),
    }


def _post(request: AuthedRequest, company: Company) -> HttpResponse:
    try:
        if "start" in request.POST:
            services.self_assessment_start(company=company, by=request.user)
        else:
            _save_all(request, _draft(request, company))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessments:self_assessment", code=company.code)


def _draft(request: AuthedRequest, company: Company) -> SelfAssessment:
    current = self_assessment_current(company, request.user)
    if current is None or not current.is_editable:
        raise ValidationError(_("This self-assessment is submitted: it can no longer change."))
    return current


def _save_all(request: AuthedRequest, draft: SelfAssessment) -> None:
    """The no-JavaScript path, and the submit button: save every choice, then submit if asked."""
    for question in form_questions(draft):
        choice = _choice(request.POST, question.code)
        if choice is not None:
            services.self_answer_record(
                self_assessment=draft,
                question=question,
                by=request.user,
                level=choice[0],
                not_applicable=choice[1],
            )
    if "submit" in request.POST:
        services.self_assessment_submit(self_assessment=draft, by=request.user)
        messages.success(request, _("Your self-assessment is submitted. Thank you."))
    else:
        messages.success(request, _("Your answers are saved."))


@login_required
@require_POST
def self_answer_save(request: AuthedRequest, code: UUID, question: str) -> JsonResponse:
    """Autosave of one answer as the manager chooses it."""
    company = get_company_for_user(request, code)
    require(can_self_assess(request.user, company))
    try:
        draft = _draft(request, company)
        item = next((q for q in form_questions(draft) if q.code == question), None)
        if item is None:
            raise Http404
        choice = _choice(request.POST, question)
        if choice is None:
            refusal = {"saved": False, "error": _("This answer is not valid.")}
            return JsonResponse(refusal, status=400)
        services.self_answer_record(
            self_assessment=draft,
            question=item,
            by=request.user,
            level=choice[0],
            not_applicable=choice[1],
        )
    except ValidationError as exc:
        return JsonResponse({"saved": False, "error": " ".join(exc.messages)}, status=409)
    return JsonResponse({"saved": True})


@login_required
@require_http_methods(["GET", "POST"])
def divergences(request: AuthedRequest, code: UUID) -> HttpResponse:
    """Where the manager's view and the consultant's are two levels or more apart."""
    assessment = get_assessment_for_user(request, code)
    require(can_read_self_assessment(request.user, assessment.company))
    editable = assessment.is_editable and can_answer(request.user, assessment)
    view = self_view(assessment)
    if request.method == "POST" and view is not None:
        require(editable)
        try:
            for row in view.divergences:
                services.divergence_note_record(
                    assessment=assessment,
                    question=row.question,
                    note=request.POST.get(f"{row.question.code}-note", ""),
                    by=request.user,
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _divergence_page(request, assessment, view, editable, keep=request.POST)
        messages.success(request, _("The notes are saved."))
        return redirect("assessments:divergences", code=assessment.code)
    return _divergence_page(request, assessment, view, editable)


def _divergence_page(
    request: AuthedRequest,
    assessment: Assessment,
    view: SelfView | None,
    editable: bool,
    keep: QueryDict | None = None,
) -> HttpResponse:
    """The page; after a refusal, the notes as typed (nothing typed is lost)."""
    rows = [
        (
            row,
            keep.get(f"{row.question.code}-note", "")
            if keep
            else (row.note.note if row.note else ""),
        )
        for row in (view.divergences if view else [])
    ]
    context = {"assessment": assessment, "view": view, "rows": rows, "editable": editable}
    return render(request, "assessments/selfassessment/divergences.html", context)


def _typed(row: Beside, keep: QueryDict | None) -> str:
    if keep is not None:
        return keep.get(f"{row.question.code}-note", "")
    return row.note.note if row.note else ""
