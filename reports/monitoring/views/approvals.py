"""The approvers' queue: every submitted value waiting for a second person, across scopes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from assessments.access import AuthedRequest
from reports.monitoring.forms import ReasonForm
from reports.monitoring.rules import is_value_author, se_can_approve
from reports.monitoring.selectors.indicators import values_awaiting_approval
from reports.monitoring.views.access import require_se


@login_required
def approval_queue(request: AuthedRequest) -> HttpResponse:
    require_se(request)
    if not se_can_approve(request.user):
        raise PermissionDenied
    rows = [
        (v, not is_value_author(request.user, v)) for v in values_awaiting_approval(request.user)
    ]
    context = {"rows": rows, "reason_form": ReasonForm()}
    return render(request, "reports/monitoring/approvals.html", context)
