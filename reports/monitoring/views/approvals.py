"""The approvers' queue: every submitted value (and brief narrative) waiting for a second
person, across scopes; approve or return one, or several after one confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assessments.access import AuthedRequest
from reports.monitoring.forms import BulkReviewForm, QueueFilterForm, ReasonForm
from reports.monitoring.models import Programme
from reports.monitoring.rules import is_value_author, se_can_approve
from reports.monitoring.selectors.indicators import (
    narratives_awaiting_approval,
    se_clusters_visible_to,
    values_awaiting_approval,
)
from reports.monitoring.services import indicators as services_indicators
from reports.monitoring.services import rechecks
from reports.monitoring.views.access import get_programme


def _approver(request: AuthedRequest) -> Programme:
    programme = get_programme(request)
    if not se_can_approve(request.user):
        raise PermissionDenied
    return programme


def _filters(request: AuthedRequest, programme: Programme, data: object = None) -> QueueFilterForm:
    return QueueFilterForm(
        data,
        clusters=se_clusters_visible_to(request.user, programme),
        periods=programme.periods.all(),
    )


@login_required
def approval_queue(request: AuthedRequest) -> HttpResponse:
    programme = _approver(request)
    rechecks.rechecks_catch_up()
    data = {k: v for k, v in request.GET.items() if k != "programme"}
    filters = _filters(request, programme, data or None)
    values = values_awaiting_approval(request.user, programme)
    if filters.is_valid():
        values = filters.narrow(values)
    return _queue(request, filters, values, BulkReviewForm())


def _queue(
    request: AuthedRequest, filters: QueueFilterForm, values: object, bulk: BulkReviewForm
) -> HttpResponse:
    rows = [(v, not is_value_author(request.user, v)) for v in values]  # type: ignore[attr-defined]
    context = {
        "rows": rows,
        "filters": filters,
        "bulk": bulk,
        "reason_form": ReasonForm(),
        "narratives": narratives_awaiting_approval(request.user, get_programme(request)),
        "selected": set(request.POST.getlist("values")),
    }
    return render(
        request, "reports/monitoring/approvals.html", context, status=400 if bulk.is_bound else 200
    )


@login_required
@require_POST
def approvals_review(request: AuthedRequest) -> HttpResponse:
    """First post: what will be done and what will be skipped (four eyes); second: do it."""
    programme = _approver(request)
    form = BulkReviewForm(request.POST)
    queue = values_awaiting_approval(request.user, programme)
    if not form.is_valid():
        return _queue(request, _filters(request, programme), queue, form)
    chosen = list(queue.filter(code__in=form.cleaned_data["values"]))
    if not form.cleaned_data["confirm"]:
        context = {
            "form": form,
            "action": form.cleaned_data["action"],
            "will": [v for v in chosen if not is_value_author(request.user, v)],
            "skipped": [v for v in chosen if is_value_author(request.user, v)],
            "comment": form.cleaned_data["comment"],
        }
        return render(request, "reports/monitoring/approvals_confirm.html", context)
    done = services_indicators.indicator_values_review(
        values=chosen,
        by=request.user,
        action=form.cleaned_data["action"],
        comment=form.cleaned_data["comment"],
    )
    _report(request, form.cleaned_data["action"], done)
    return redirect("reports:se_approvals")


def _report(request: AuthedRequest, action: str, done: services_indicators.Reviewed) -> None:
    count = len(done.done)
    if action == "approve":
        text = ngettext("%(count)s value approved.", "%(count)s values approved.", count)
    else:
        text = ngettext("%(count)s value returned.", "%(count)s values returned.", count)
    messages.success(request, text % {"count": count})
    for value, reason in done.skipped:
        messages.warning(
            request,
            _("Skipped: %(indicator)s (%(period)s). %(reason)s")
            % {"indicator": value.indicator.name, "period": value.period.name, "reason": reason},
        )
