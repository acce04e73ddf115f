"""Who may ask for, read and retry PDF documents: the one place it is decided (django-rules)."""

import rules

from assessments.models import Assessment
from assessments.rules import (
    Viewer,
    can_answer,
    can_validate,
    is_pme_manager,
    manages_assessment,
)
from reports.documents.models import Report
from reports.documents.selectors import report_is_stuck
from reports.monitoring.rules import se_can_enter


@rules.predicate
def is_submitted(user: Viewer, assessment: Assessment) -> bool:
    return assessment.status != Assessment.Status.DRAFT


can_request_brief = se_can_enter
"""A brief shows its cluster unsuppressed: the cluster's own staff and the coordinator."""

can_request_report = is_submitted & (
    can_answer | can_validate | (is_pme_manager & manages_assessment)
)
"""The PME's consultants and managers, its cluster's staff and the coordinator, once it is
submitted: a PME's manager asks for a fresh report of their own diagnostic."""


@rules.predicate
def can_retry_report(user: Viewer, report: Report) -> bool:
    if report.assessment is None:
        allowed = report.cluster is not None and can_request_brief(user, report.cluster)
    else:
        allowed = can_request_report(user, report.assessment)
    return bool(allowed) and (report.status == Report.Status.FAILED or report_is_stuck(report))


PERMISSIONS = {
    "reports.request_brief": can_request_brief,
    "reports.request_report": can_request_report,
    "reports.retry_report": can_retry_report,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
