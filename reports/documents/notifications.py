"""The reports' kind of e-mail: a PDF is ready, to whoever asked for it and the PME's
managers."""

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.notifications.kinds import Kind, Mailing, Recipient, register
from reports.documents.models import Report
from reports.documents.selectors import reports_visible_to


def report_ready(report_id: int) -> Mailing | None:
    report = (
        Report.objects.select_related("assessment__company", "cluster", "period", "requested_by")
        .filter(pk=report_id, status=Report.Status.READY)
        .first()
    )
    if report is None:
        return None
    people = [report.requested_by] if report.requested_by is not None else []
    if report.assessment is not None:
        people += list(report.assessment.company.managers.all())
    return Mailing(
        key=str(report.pk),
        context={"report": report, "company": report.assessment and report.assessment.company},
        path=reverse("reports:report_download", args=[report.code]),
        recipients=[Recipient(address=u.email, user=u) for u in people],
        sees=lambda user: reports_visible_to(user).filter(pk=report.pk).exists(),
    )


register(
    Kind(
        key="report_ready",
        label=_("A PDF report I asked for, or of my PME, is ready"),
        concerns=rules.is_authenticated,
        template="reports/documents/email/report_ready",
        mailing=report_ready,
        order=5,
    )
)
