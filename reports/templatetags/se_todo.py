"""The S&E part of a home page: values waiting for this user, periods to lock."""

from typing import Any

from django import template
from django.utils import timezone

from reports.monitoring.models import IndicatorValue, Period
from reports.monitoring.rules import se_can_approve
from reports.monitoring.selectors.indicators import (
    se_clusters_enterable_by,
    values_awaiting_approval,
)

register = template.Library()


@register.inclusion_tag("reports/monitoring/_todo.html", takes_context=True)
def se_todo(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    approver = bool(se_can_approve(user))
    returned = IndicatorValue.objects.filter(
        status=IndicatorValue.Status.RETURNED, cluster__in=se_clusters_enterable_by(user)
    ).select_related("indicator", "period", "cluster")
    return {
        "to_approve": values_awaiting_approval(user).count() if approver else 0,
        "returned": list(returned.order_by("period__start", "indicator__code")[:10]),
        "to_lock": list(
            Period.objects.filter(locked=False, end__lt=timezone.localdate()).order_by("start")
        )
        if approver
        else [],
    }
