"""A cluster's brief narrative for a period: written by its staff, approved by the
coordinator (four eyes), read-only once submitted, approved or locked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.access import AuthedRequest
from assessments.models import Cluster
from reports.monitoring.forms import NarrativeForm, ReasonForm
from reports.monitoring.models import BriefNarrative, Period
from reports.monitoring.rules import can_approve_narrative, se_can_approve, se_can_write_narrative
from reports.monitoring.selectors.indicators import narrative_of
from reports.monitoring.selectors.programmes import programmes_visible_to
from reports.monitoring.services import narratives as services_narratives
from reports.monitoring.views.access import get_period, get_scope_for_user, use_programme

WRITABLE = (BriefNarrative.Status.DRAFT, BriefNarrative.Status.RETURNED)


def _writable(request: AuthedRequest, period: Period, cluster: Cluster, narrative: object) -> bool:
    status = getattr(narrative, "status", BriefNarrative.Status.DRAFT)
    return bool(
        se_can_write_narrative(request.user, cluster) and not period.locked and status in WRITABLE
    )


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    if cluster is None:
        raise Http404  # the programme has no brief of its own
    the_period = get_period(request, period)
    narrative = narrative_of(the_period, cluster)
    writable = _writable(request, the_period, cluster, narrative)
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_narratives.narrative_save(
                    period=the_period,
                    cluster=cluster,
                    by=request.user,
                    submit="submit" in request.POST,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The narrative is saved."))
                return redirect("reports:se_narrative", period=the_period.code, scope=cluster.code)
    context = {
        "form": form,
        "narrative": narrative,
        "period": the_period,
        "cluster": cluster,
        "writable": writable,
        "can_review": narrative is not None
        and narrative.status == BriefNarrative.Status.SUBMITTED
        and not the_period.locked
        and se_can_approve(request.user),
        "four_eyes": narrative is not None and not can_approve_narrative(request.user, narrative),
        "reason_form": ReasonForm(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/monitoring/narrative.html", context, status=status)


@login_required
@require_POST
def narrative_review(request: AuthedRequest, code: str, action: str) -> HttpResponse:
    narrative = (
        BriefNarrative.objects.select_related("period__programme", "cluster")
        .filter(code=code, period__programme__in=programmes_visible_to(request.user))
        .first()
    )
    if narrative is None or action not in ("approve", "return"):
        raise Http404
    use_programme(request, narrative.period.programme)
    get_scope_for_user(request, narrative.cluster.code)
    if not se_can_approve(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    try:
        if action == "approve":
            services_narratives.narrative_approve(narrative=narrative, by=request.user)
        else:
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services_narratives.narrative_return(
                narrative=narrative, by=request.user, comment=reason
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect(
        "reports:se_narrative", period=narrative.period.code, scope=narrative.cluster.code
    )
