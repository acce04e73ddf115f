"""The S&E's kind of e-mail: a value submitted for approval, to those who may approve it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.notifications.kinds import Kind, Mailing, Recipient, register
from reports.monitoring.models import IndicatorValue
from reports.monitoring.rules import se_can_approve
from reports.monitoring.selectors.indicators import value_approvers, values_visible_to


def value_submitted(value_id: int) -> Mailing | None:
    value = (
        IndicatorValue.objects.select_related("indicator", "period", "cluster", "entered_by")
        .filter(pk=value_id, status=IndicatorValue.Status.SUBMITTED)
        .first()
    )
    if value is None or value.submitted_at is None:
        return None  # approved or returned meanwhile
    return Mailing(
        key=f"{value.pk}:{value.submitted_at.isoformat()}",
        context={"value": value},
        path=reverse("reports:se_approvals"),
        recipients=[Recipient(address=u.email, user=u) for u in value_approvers(value)],
        sees=lambda user: values_visible_to(user).filter(pk=value.pk).exists(),
    )


register(
    Kind(
        key="value_submitted",
        label=_("An S&E value is submitted and waits for my approval"),
        concerns=se_can_approve,
        template="reports/monitoring/email/value_submitted",
        mailing=value_submitted,
        order=40,
    )
)
