"""Activities (webinars, bootcamp, mentoring, events, S&E trainings) and their evidence."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.forms import BaseFormSet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import evidence_files
from assessments.access import AuthedRequest
from reports.monitoring.forms import ActivityForm, ParticipantFormSet, participant_rows
from reports.monitoring.models import Activity
from reports.monitoring.rules import can_edit_activity, can_record_activity
from reports.monitoring.selectors.indicators import (
    activities_visible_to,
    locked_period_on,
    se_clusters_enterable_by,
)
from reports.monitoring.services import activities as services_activities
from reports.monitoring.views.access import get_activity_for_user, get_programme


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    programme = get_programme(request)
    activities = activities_visible_to(request.user, programme).annotate(
        people_count=Coalesce(Sum("participants__count"), 0)
    )
    enterable = se_clusters_enterable_by(request.user, programme)
    context = {"activities": activities, "can_add": enterable.exists()}
    return render(request, "reports/monitoring/activities.html", context)


def _save(
    request: AuthedRequest,
    form: ActivityForm,
    people: BaseFormSet,
    activity: Activity | None,
) -> Activity | None:
    data = dict(form.cleaned_data)
    evidence = data.pop("evidence_file", None)
    try:
        if activity is None:
            return services_activities.activity_create(
                by=request.user,
                programme=get_programme(request),
                evidence=evidence,
                participants=participant_rows(people),
                **data,
            )
        return services_activities.activity_update(
            activity=activity,
            by=request.user,
            evidence=evidence,
            participants=participant_rows(people),
            **data,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthedRequest, code: UUID | None = None) -> HttpResponse:
    activity = get_activity_for_user(request, code) if code else None
    if activity is not None and not can_edit_activity(request.user, activity):
        return _read_only(request, activity)
    clusters = se_clusters_enterable_by(request.user, get_programme(request))
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        instance=activity,
        clusters=clusters,
        programme=can_record_activity(request.user, None),
    )
    initial = [_initial(p) for p in activity.participants.all()] if activity else None
    people = ParticipantFormSet(request.POST or None, initial=initial, prefix="people")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        saved = _save(request, form, people, activity)
        if saved is not None:
            messages.success(request, _("The activity is saved."))
            return redirect("reports:se_activity", code=saved.code)
    context = {
        "form": form,
        "people": people,
        "activity": activity,
        "editable": True,
    }
    return render(
        request,
        "reports/monitoring/activity_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _read_only(request: AuthedRequest, activity: Activity) -> HttpResponse:
    """An activity this user may not change (another cluster's, or frozen in a locked
    period) opens as a record, never as a form; a write is refused with the reason."""
    locked = locked_period_on(activity.date, activity.programme)
    refused = request.method == "POST"
    if refused:
        if locked is not None:
            messages.error(
                request,
                _("%(period)s is locked: this activity and its participants cannot change.")
                % {"period": locked.name},
            )
        else:
            messages.error(request, _("You cannot change activities of this cluster."))
    context = {
        "activity": activity,
        "editable": False,
        "locked": locked,
        "participants": activity.participants.all(),
    }
    template = "reports/monitoring/activity_form.html"
    return render(request, template, context, status=403 if refused else 200)


def _initial(participant: object) -> dict[str, object]:
    fields = ["name", "email", "sex", "role", "organisation", "cluster", "count"]
    return {name: getattr(participant, name) for name in fields}


@login_required
def activity_evidence(request: AuthedRequest, code: UUID) -> FileResponse:
    activity = get_activity_for_user(request, code)
    return evidence_files.file_response(activity.evidence, activity.evidence_name)
