"""The questionnaire: one page per axis, every answer saved as it is given."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from assessments import evidence_files, services
from assessments.access import (
    AuthedRequest,
    get_assessment_for_user,
    get_assessment_to_answer,
    get_evidence_for_user,
    require,
)
from assessments.forms import AnswerForm, EvidenceForm
from assessments.models import Answer, Assessment
from assessments.rules import can_answer
from assessments.selectors import (
    AxisProgress,
    answer_counts,
    answers_by_question,
    assessment_progress,
    diagnostic_axis,
    diagnostic_question,
)
from assessments.selfassessment.selectors import self_view
from diagnostics.models import Axis, Question


def _axis_of(assessment: Assessment, code: str) -> Axis:
    axis = diagnostic_axis(assessment, code)
    if axis is None:
        raise Http404
    return axis


def _question_of(assessment: Assessment, code: str) -> Question:
    question = diagnostic_question(assessment, code)
    if question is None:
        raise Http404
    return question


@login_required
def assessment_resume(request: AuthedRequest, code: UUID) -> HttpResponse:
    """Go back to where the consultant left: the first axis with unanswered questions."""
    assessment = get_assessment_for_user(request, code)
    progress = assessment_progress(assessment)
    axis = progress.next_axis
    if axis is None or not (can_answer(request.user, assessment) and assessment.is_editable):
        return redirect(assessment)
    return redirect("assessments:axis_page", code=assessment.code, axis=axis.code)


@login_required
@require_http_methods(["GET", "POST"])
def axis_page(request: AuthedRequest, code: UUID, axis: str) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    current = _axis_of(assessment, axis)
    questions = [
        q
        for q in current.questions.prefetch_related("descriptors").order_by("order")
        if q.applies_to(assessment.company.sector)
    ]
    if request.method == "POST" and assessment.is_editable:
        _save_page(request, assessment, questions)
        refused = _attach_files(request, assessment, questions)
        return _after_page(request, assessment, current, questions, refused)
    answers = answers_by_question(assessment)
    progress = assessment_progress(assessment)
    axes = [row.axis for row in progress.axes]
    index = next(i for i, a in enumerate(axes) if a.id == current.id)
    context = {
        "assessment": assessment,
        "axis": current,
        "items": [(q, answers.get(q.id)) for q in questions],
        "progress": progress,
        "axis_progress": progress.axes[index],
        "previous_axis": axes[index - 1] if index > 0 else None,
        "next_axis": axes[index + 1] if index + 1 < len(axes) else None,
        "next_unanswered_axis": _next_unanswered_axis(progress.axes, index),
        "evidence_form": EvidenceForm(),
        "offline_files_max_bytes": settings.OFFLINE_FILES_MAX_BYTES,
        "self_view": self_view(assessment),
    }
    return render(request, "assessments/axis_page.html", context)


def _next_unanswered_axis(rows: list[AxisProgress], index: int) -> Axis | None:
    """The first axis after this one (going round) that still has a question to answer."""
    following = rows[index + 1 :] + rows[:index]
    return next((row.axis for row in following if not row.complete), None)


def _save_page(request: AuthedRequest, assessment: Assessment, questions: list[Question]) -> None:
    """The no-JavaScript path: save every answer given on the page.

    An answer someone else changed meanwhile is not overwritten; the user is told.
    """
    conflicts = []
    for question in questions:
        form = AnswerForm(request.POST, question=question)
        if not form.is_valid() or f"{question.code}-choice" not in request.POST:
            continue
        try:
            services.answer_record(
                assessment=assessment,
                question=question,
                by=request.user,
                level=form.level,
                not_applicable=form.not_applicable,
                comment=form.cleaned_data["comment"],
                note=_note(request, question, form),
                expected_revision=form.cleaned_data["revision"],
                own_changes_conflict=False,
            )
        except services.AnswerConflict:
            conflicts.append(question.code)
    if conflicts:
        messages.warning(
            request,
            _("Someone else changed these answers meanwhile; yours were not saved: %(codes)s")
            % {"codes": ", ".join(conflicts)},
        )


def _attach_files(
    request: AuthedRequest, assessment: Assessment, questions: list[Question]
) -> list[str]:
    """Attach the evidence files chosen on the page; the codes of the questions refused."""
    refused, attached = [], 0
    for question in questions:
        upload = request.FILES.get(f"{question.code}-file")
        if upload is None:
            if request.POST.get("attach") == question.code:
                messages.error(request, _("Choose a file to upload."))
            continue
        try:
            answer = services.answer_for_evidence(assessment=assessment, question=question)
            services.evidence_add(answer=answer, upload=upload, by=request.user)
        except ValidationError as exc:
            refused.append(question.code)
            messages.error(
                request,
                _("The file for %(code)s was not attached: %(reason)s")
                % {"code": question.code, "reason": " ".join(exc.messages)},
            )
        else:
            attached += 1
    if attached:
        message = ngettext(
            "%(count)s evidence file attached.", "%(count)s evidence files attached.", attached
        )
        messages.success(request, message % {"count": attached})
    return refused


def _after_page(
    request: AuthedRequest,
    assessment: Assessment,
    current: Axis,
    questions: list[Question],
    refused: list[str],
) -> HttpResponse:
    """Go on to the next axis, or back to the question whose file was attached or refused."""
    messages.success(request, _("Answers saved."))
    codes = [q.code for q in questions]
    back_to = refused[0] if refused else request.POST.get("attach", "")
    if back_to in codes:
        url = reverse("assessments:axis_page", args=[assessment.code, current.code])
        return redirect(f"{url}#q-{back_to}")
    axes = [row.axis for row in assessment_progress(assessment).axes]
    index = next((i for i, a in enumerate(axes) if a.id == current.id), len(axes))
    following = axes[index + 1 :]
    if "next" in request.POST and following:
        return redirect("assessments:axis_page", code=assessment.code, axis=following[0].code)
    return redirect(assessment)


@login_required
@require_POST
def answer_save(request: AuthedRequest, code: UUID, question: str) -> JsonResponse:
    """Autosave of one answer; answers JSON with the new progress."""
    assessment = get_assessment_to_answer(request, code)
    require(can_answer(request.user, assessment))
    item = _question_of(assessment, question)
    form = AnswerForm(request.POST, question=item)
    if not form.is_valid():
        return JsonResponse({"saved": False, "error": _("This answer is not valid.")}, status=400)
    try:
        answer = services.answer_record(
            assessment=assessment,
            question=item,
            by=request.user,
            level=form.level,
            not_applicable=form.not_applicable,
            comment=form.cleaned_data["comment"],
            note=_note(request, item, form),
            expected_revision=form.cleaned_data["revision"],
            own_changes_conflict=False,
        )
    except services.AnswerConflict as conflict:
        return JsonResponse(_conflict(conflict.answer), status=409)
    except ValidationError as exc:
        return JsonResponse({"saved": False, "error": " ".join(exc.messages)}, status=409)
    counts = answer_counts(assessment)
    axis_total, axis_answered = counts.axes[item.axis_id]
    return JsonResponse(
        {
            "saved": True,
            "answered": counts.answered,
            "total": counts.total,
            "percent": counts.percent,
            "axis_answered": axis_answered,
            "axis_total": axis_total,
            "revision": answer.revision,
        }
    )


def _conflict(answer: Answer) -> dict[str, object]:
    """What the other person saved, for the user to keep theirs or their own."""
    choice = "na" if answer.not_applicable else ("" if answer.level is None else str(answer.level))
    user = answer.updated_by
    by = (user.get_full_name() or user.username) if user else ""
    return {
        "saved": False,
        "conflict": True,
        "error": _("%(who)s changed this answer at %(time)s.")
        % {"who": by or _("Someone"), "time": formats.time_format(localtime(answer.updated_at))},
        "theirs": {
            "choice": choice,
            "comment": answer.comment,
            "note": answer.note,
            "revision": answer.revision,
        },
    }


@login_required
@require_POST
def evidence_upload(request: AuthedRequest, code: UUID, question: str) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    item = _question_of(assessment, question)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            answer = services.answer_for_evidence(assessment=assessment, question=item)
            services.evidence_add(answer=answer, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evidence file added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    url = reverse("assessments:axis_page", args=[assessment.code, item.axis.code])
    return redirect(f"{url}#q-{item.code}")


@login_required
@require_POST
def evidence_send(request: AuthedRequest, code: UUID, question: str) -> JsonResponse:
    """An evidence file kept on the device while offline, sent when the connection returns.

    The same checks as "Attach" (who may answer, the file's content and size); the answer is
    JSON so that the page can say, in the user's language, why a file was refused.
    """
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    item = _question_of(assessment, question)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"attached": False, "error": _("Choose a file to upload.")}, status=400)
    try:
        answer = services.answer_for_evidence(assessment=assessment, question=item)
        evidence = services.evidence_add(
            answer=answer, upload=form.cleaned_data["file"], by=request.user
        )
    except ValidationError as exc:
        return JsonResponse({"attached": False, "error": " ".join(exc.messages)}, status=400)
    return JsonResponse(
        {
            "attached": True,
            "code": str(evidence.code),
            "name": evidence.original_name,
            "size": evidence.size,
            "url": reverse("assessments:evidence_download", args=[evidence.code]),
            "delete_url": reverse("assessments:evidence_delete", args=[evidence.code]),
        },
        status=201,
    )


@login_required
def evidence_download(request: AuthedRequest, code: UUID) -> FileResponse:
    return evidence_files.answer_evidence_response(get_evidence_for_user(request, code))


@login_required
@require_POST
def evidence_delete(request: AuthedRequest, code: UUID) -> HttpResponse:
    evidence = get_evidence_for_user(request, code)
    assessment = evidence.answer.assessment
    require(can_answer(request.user, assessment))
    try:
        services.evidence_delete(evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        "assessments:axis_page",
        code=assessment.code,
        axis=evidence.answer.question.axis.code,
    )


def _note(request: HttpRequest, question: Question, form: AnswerForm) -> str | None:
    """The internal note when the page sent one; None keeps the stored note."""
    sent = f"{question.code}-note" in request.POST
    return form.cleaned_data["note"] if sent else None
