"""The roadmap and the eight-day accompaniment plan."""

from collections.abc import Callable
from uuid import UUID

import weasyprint
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import services as assessment_services
from assessments.access import AuthedRequest, get_assessment_for_user, require
from assessments.accompaniment import services
from assessments.accompaniment.forms import (
    AttendanceForm,
    CustomActionForm,
    DayForm,
    DayLogForm,
    HorizonForm,
    InviteForm,
    LibraryActionForm,
    ReopenForm,
    ScheduleForm,
    SignOffForm,
    SlotAddForm,
    SlotMoveForm,
    SynthesisForm,
    TargetLevelsForm,
    TrackingForm,
)
from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, RoadmapItem, Synthesis
from assessments.accompaniment.rules import can_edit_plan, can_reopen_plan
from assessments.accompaniment.selectors import (
    plan_history,
    plan_is_closed,
    plan_view,
    plans_visible_to,
    roadmap_changes,
    roadmap_groups,
    roadmap_library_left,
    target_changes,
)
from assessments.models import Assessment
from assessments.rules import can_answer, can_edit_roadmap, can_track_roadmap


def _get_plan_for_user(request: AuthedRequest, code: UUID) -> Plan:
    try:
        return plans_visible_to(request.user).get(code=code)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def _get_item_for_user(request: AuthedRequest, code: UUID) -> RoadmapItem:
    item = RoadmapItem.objects.select_related("roadmap__assessment").filter(code=code).first()
    if item is None:
        raise Http404
    get_assessment_for_user(request, item.roadmap.assessment.code)
    require(can_answer(request.user, item.roadmap.assessment))
    return item


def _attempt(request: AuthedRequest, action: Callable[[], object], success: str = "") -> bool:
    """Run a service; a refusal becomes a message the user reads, not an error page."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
def roadmap_detail(request: AuthedRequest, code: UUID) -> HttpResponse:
    return roadmap_detail_with(request, get_assessment_for_user(request, code))


def roadmap_detail_with(
    request: AuthedRequest, assessment: Assessment, targets_form: TargetLevelsForm | None = None
) -> HttpResponse:
    roadmap = getattr(assessment, "roadmap", None)
    editable = can_edit_roadmap(request.user, assessment) and assessment.status != "draft"
    context = {
        "trackable": can_track_roadmap(request.user, assessment),
        "changes": roadmap_changes(roadmap) if roadmap and editable else [],
        "synthesis": Synthesis.objects.filter(assessment=assessment).first(),
        "assessment": assessment,
        "roadmap": roadmap,
        "groups": roadmap_groups(roadmap) if roadmap else [],
        "removed": roadmap.items.filter(removed=True) if roadmap else [],
        "editable": editable,
        "plan": getattr(assessment, "plan", None),
    }
    if roadmap and editable:
        context["library_form"] = LibraryActionForm(actions=roadmap_library_left(roadmap))
        context["custom_form"] = CustomActionForm(assessment=assessment)
    context |= _targets(assessment, targets_form)
    status = 400 if targets_form is not None else 200
    return render(request, "assessments/accompaniment/roadmap.html", context, status=status)


def _targets(assessment: Assessment, form: TargetLevelsForm | None = None) -> dict[str, object]:
    return {
        "targets_open": assessment.status == Assessment.Status.SUBMITTED,
        "targets_form": form or TargetLevelsForm(assessment=assessment),
        "target_changes": target_changes(assessment),
    }


@login_required
@require_POST
def roadmap_targets(request: AuthedRequest, code: UUID) -> HttpResponse:
    """Propose the targets from the scores, or save the consultant's; a refused level comes
    back with what was typed."""
    assessment = get_assessment_for_user(request, code)
    require(can_edit_roadmap(request.user, assessment))
    if "propose" in request.POST:
        _attempt(
            request,
            lambda: services.targets_propose(assessment=assessment, by=request.user),
            _("Targets proposed from the scores: one stage above each axis's score."),
        )
        return redirect(reverse("assessments:roadmap", args=[code]) + "#targets")
    form = TargetLevelsForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            services.targets_change(assessment=assessment, levels=form.levels(), by=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return redirect(reverse("assessments:roadmap", args=[code]) + "#targets")
    return roadmap_detail_with(request, assessment, form)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_item_track(request: AuthedRequest, code: UUID) -> HttpResponse:
    """Owner, dates, budget, status and KPI of one action; a PME's manager, status and dates."""
    item = RoadmapItem.objects.select_related("roadmap__assessment", "action").filter(code=code)
    found = item.first()
    if found is None:
        raise Http404
    assessment = get_assessment_for_user(request, found.roadmap.assessment.code)
    require(can_track_roadmap(request.user, assessment))
    allowed = services.allowed_tracking_fields(request.user, assessment)
    require(not (set(request.POST) & (set(services.TRACKED_FIELDS) - allowed)))
    form = TrackingForm(request.POST or None, instance=found, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_item_track(item=found, by=request.user, changes=form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The action plan is updated."))
            return redirect(
                reverse("assessments:roadmap", args=[assessment.code]) + f"#item-{code}"
            )
    context = {"assessment": assessment, "item": found, "form": form}
    return render(request, "assessments/accompaniment/roadmap_item_track.html", context)


def _errors_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def synthesis_edit(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_edit_roadmap(request.user, assessment))
    synthesis = Synthesis.objects.filter(assessment=assessment).first()
    form = SynthesisForm(request.POST or None, instance=synthesis)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        if _attempt(
            request,
            lambda: services.synthesis_save(assessment=assessment, by=request.user, **data),
            _("The synthesis is saved."),
        ):
            return redirect("assessments:roadmap", code=assessment.code)
    context = {"assessment": assessment, "form": form}
    return render(request, "assessments/accompaniment/synthesis.html", context)


@login_required
@require_POST
def roadmap_propose(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    _attempt(
        request,
        lambda: services.roadmap_propose(assessment=assessment),
        _("The roadmap is up to date with the diagnostic; your changes are kept."),
    )
    return redirect("assessments:roadmap", code=assessment.code)


@login_required
@require_POST
def roadmap_add(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment) and hasattr(assessment, "roadmap"))
    roadmap = assessment.roadmap
    library = LibraryActionForm(request.POST, actions=roadmap_library_left(roadmap))
    custom = CustomActionForm(request.POST, assessment=assessment)
    if "action" in request.POST and library.is_valid():
        action = library.cleaned_data["action"]
        _attempt(
            request, lambda: services.roadmap_item_add_from_library(roadmap=roadmap, action=action)
        )
    elif "title" in request.POST and custom.is_valid():
        _attempt(
            request,
            lambda: services.roadmap_item_add_custom(roadmap=roadmap, **custom.cleaned_data),
        )
    else:
        errors = [e for form in (library, custom) for e in form.errors.values()]
        messages.error(request, " ".join(str(e[0]) for e in errors[:3]) or _("Nothing to add."))
    return redirect("assessments:roadmap", code=assessment.code)


@login_required
@require_POST
def roadmap_item_change(request: AuthedRequest, code: UUID, change: str) -> HttpResponse:
    item = _get_item_for_user(request, code)
    operations: dict[str, Callable[[], object]] = {
        "remove": lambda: services.roadmap_item_remove(item=item),
        "restore": lambda: services.roadmap_item_restore(item=item),
        "up": lambda: services.roadmap_item_move(item=item, offset=-1),
        "down": lambda: services.roadmap_item_move(item=item, offset=1),
        "done": lambda: services.roadmap_item_complete(item=item, done=item.completed_at is None),
    }
    if change == "horizon":
        form = HorizonForm(request.POST)
        if form.is_valid():
            horizon = form.cleaned_data["horizon"]
            operations["horizon"] = lambda: services.roadmap_item_set_horizon(
                item=item, horizon=horizon
            )
    if change not in operations:
        raise Http404
    _attempt(request, operations[change])
    url = reverse("assessments:roadmap", args=[item.roadmap.assessment.code])
    return redirect(f"{url}#item-{item.code}")


@login_required
@require_POST
def plan_propose(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_answer(request.user, assessment))
    try:
        plan = services.plan_propose(assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:roadmap", code=assessment.code)
    messages.success(
        request, _("Here is the proposed plan. Adjust it, then agree it with the PME.")
    )
    return redirect(plan)


@login_required
def plan_detail(request: AuthedRequest, code: UUID) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    editable = can_answer(request.user, plan.assessment)
    closed = plan_is_closed(plan)
    context = {
        "plan": plan,
        "assessment": plan.assessment,
        "view": plan_view(plan),
        "changes": plan_history(plan, request.user),
        "editable": editable,
        "add_form": SlotAddForm(plan=plan),
        "schedule_form": ScheduleForm(initial={"start": timezone.localdate()}),
        "move_form": SlotMoveForm(),
        "today": timezone.localdate(),
        "can_follow_up": editable
        and plan.status == Plan.Status.COMPLETED
        and not plan.assessment.follow_ups.exists(),
        "closed": closed,
        "can_reopen": closed and can_reopen_plan(request.user, plan.assessment),
        "reopenings": plan.reopenings.select_related("by"),
    }
    return render(request, "assessments/accompaniment/plan.html", context)


@login_required
@require_POST
def plan_schedule(request: AuthedRequest, code: UUID) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    else:
        _attempt(
            request,
            lambda: services.plan_schedule(
                plan=plan,
                start=form.cleaned_data["start"],
                cadence=form.cleaned_data["cadence"],
                working=frozenset(form.cleaned_data["working"]),
            ),
            _("The days are dated; change any of them below."),
        )
    return redirect(plan)


@login_required
@require_POST
def plan_slot_add(request: AuthedRequest, code: UUID) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    form = SlotAddForm(request.POST, plan=plan)
    if form.is_valid():
        day = plan.days.get(number=form.cleaned_data["day"])
        _attempt(
            request,
            lambda: services.plan_slot_add(
                plan=plan,
                item=form.cleaned_data["item"],
                day=day,
                half_days=form.cleaned_data["half_days"],
            ),
            _("Added to day %(day)s.") % {"day": day.number},
        )
    else:
        messages.error(request, _("Choose an action, a day and a number of half-days."))
    return redirect(plan)


def _get_slot(plan: Plan, slot_id: int) -> PlanSlot:
    slot = PlanSlot.objects.select_related("day__plan").filter(pk=slot_id, day__plan=plan).first()
    if slot is None:
        raise Http404
    return slot


@login_required
@require_POST
def plan_slot_move(request: AuthedRequest, code: UUID, slot_id: int) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    slot = _get_slot(plan, slot_id)
    form = SlotMoveForm(request.POST)
    if form.is_valid():
        day = plan.days.get(number=form.cleaned_data["day"])
        _attempt(
            request,
            lambda: services.plan_slot_move(slot=slot, day=day),
            _("Moved to day %(day)s.") % {"day": day.number},
        )
    return redirect(plan)


@login_required
@require_POST
def plan_slot_remove(request: AuthedRequest, code: UUID, slot_id: int) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    slot = _get_slot(plan, slot_id)
    _attempt(request, lambda: services.plan_slot_remove(slot=slot))
    return redirect(plan)


def _get_day(plan: Plan, number: int) -> PlanDay:
    day = plan.days.filter(number=number).first()
    if day is None:
        raise Http404
    return day


DAY_FORMS = ("day", "invite", "attendance", "sign")


@login_required
@require_http_methods(["GET", "POST"])
def plan_day_edit(request: AuthedRequest, code: UUID, number: int) -> HttpResponse:
    """The day's page: its agenda, who is invited and came, and its sign-off, each a form;
    a refused form comes back with what was typed and the reason."""
    plan = _get_plan_for_user(request, code)
    require(can_edit_plan(request.user, plan.assessment))
    day = _get_day(plan, number)
    which = request.POST.get("form", "day") if request.method == "POST" else None
    if which is not None and which not in DAY_FORMS:
        raise Http404
    forms_ = _day_forms(day, request.POST if which else None, which)
    if which and forms_[which].is_valid():
        saved = _save_day_form(request, day, which, forms_[which])
        if saved:
            messages.success(request, saved)
            return redirect(reverse("assessments:plan_day_edit", args=[code, number]))
    context = {"plan": plan, "day": day, **{f"{k}_form": f for k, f in forms_.items()}}
    context["participants"] = day.participants.all()
    context["reopen_form"] = ReopenForm()
    return render(request, "assessments/accompaniment/plan_day_form.html", context)


def _day_forms(
    day: PlanDay, data: QueryDict | None, which: str | None
) -> dict[str, forms.BaseForm]:
    def bound(name: str) -> QueryDict | None:
        return data if which == name else None

    return {
        "day": DayForm(bound("day"), instance=day),
        "invite": InviteForm(bound("invite")),
        "attendance": AttendanceForm(bound("attendance"), day=day),
        "sign": SignOffForm(bound("sign"), initial={"pme_signatory": day.pme_signatory}),
    }


def _save_day_form(request: AuthedRequest, day: PlanDay, which: str, form: forms.BaseForm) -> str:
    """Run the service of the form sent; its refusal goes on the form. Returns the message."""
    data = form.cleaned_data
    actions: dict[str, tuple[Callable[[], object], str]] = {
        "day": (lambda: services.plan_day_update(day=day, **data), _("Day saved.")),
        "invite": (
            lambda: services.plan_day_invite(day=day, **data),
            _("%(name)s is invited.") % {"name": data.get("name", "")},
        ),
        "attendance": (
            lambda: services.plan_day_attendance(day=day, present=set(data.get("present", []))),
            _("Attendance saved."),
        ),
        "sign": (
            lambda: services.plan_day_sign(day=day, by=request.user, **data),
            _("Day %(day)s is signed off.") % {"day": day.number},
        ),
    }
    action, success = actions[which]
    try:
        action()
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return ""
    return success


@login_required
@require_POST
def plan_participant_remove(
    request: AuthedRequest, code: UUID, number: int, participant_id: int
) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_edit_plan(request.user, plan.assessment))
    participant = _get_day(plan, number).participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    _attempt(request, lambda: services.plan_participant_remove(participant=participant))
    return redirect(reverse("assessments:plan_day_edit", args=[code, number]))


@login_required
@require_POST
def plan_reopen(request: AuthedRequest, code: UUID) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_reopen_plan(request.user, plan.assessment))
    form = ReopenForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        _attempt(
            request,
            lambda: services.plan_reopen(plan=plan, by=request.user, reason=reason),
            _("The plan is reopened; sign the closing review again once it is done."),
        )
    else:
        messages.error(request, _("Say why the plan is reopened."))
    return redirect(plan)


@login_required
def plan_print(request: AuthedRequest, code: UUID) -> HttpResponse:
    """The plan for the PME, as a PDF: each day's date, agenda, preparation and deliverables."""
    plan = _get_plan_for_user(request, code)
    context = {"plan": plan, "assessment": plan.assessment, "view": plan_view(plan)}
    return _pdf(request, "assessments/accompaniment/plan_print.html", context, "plan")


@login_required
def plan_day_sheet(request: AuthedRequest, code: UUID, number: int) -> HttpResponse:
    """The day's attendance sheet that participants sign, as a PDF."""
    plan = _get_plan_for_user(request, code)
    day = _get_day(plan, number)
    context = {
        "plan": plan,
        "assessment": plan.assessment,
        "day": day,
        "slots": day.slots.select_related("item__action").order_by("order", "id"),
        "participants": day.participants.all(),
        "blank_rows": range(max(2, 7 - day.participants.count())),
    }
    return _pdf(request, "assessments/accompaniment/day_sheet.html", context, f"day-{number}")


def _pdf(
    request: AuthedRequest, template: str, context: dict[str, object], name: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    pdf = weasyprint.HTML(string=html).write_pdf()  # self-contained: nothing to fetch
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_day_log(request: AuthedRequest, code: UUID, number: int) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    day = _get_day(plan, number)
    initial = {"outcome": day.outcome if day.outcome != "planned" else "done", "hours": day.hours}
    form = DayLogForm(request.POST or None, day=day, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: services.plan_day_log(day=day, by=request.user, **data),
            _("Day %(day)s logged.") % {"day": day.number},
        ):
            return redirect(plan)
    context = {
        "plan": plan,
        "day": day,
        "form": form,
        "slots": day.slots.select_related("item__action"),
    }
    return render(request, "assessments/accompaniment/plan_day_log.html", context)


@login_required
@require_POST
def plan_transition(request: AuthedRequest, code: UUID, transition: str) -> HttpResponse:
    plan = _get_plan_for_user(request, code)
    require(can_answer(request.user, plan.assessment))
    if transition == "agree":
        _attempt(
            request, lambda: services.plan_agree(plan=plan), _("The plan is agreed with the PME.")
        )
    elif transition == "complete":
        _attempt(
            request, lambda: services.plan_complete(plan=plan), _("The accompaniment is completed.")
        )
    elif transition == "follow-up":
        return _start_follow_up(request, plan)
    else:
        raise Http404
    return redirect(plan)


def _start_follow_up(request: AuthedRequest, plan: Plan) -> HttpResponse:
    try:
        follow_up = assessment_services.assessment_start(
            company=plan.assessment.company,
            consultant=request.user,
            visit_date=timezone.localdate(),
            kind=Assessment.Kind.FOLLOW_UP,
            baseline=plan.assessment,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    return redirect("assessments:assessment_resume", code=follow_up.code)
