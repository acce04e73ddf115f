"""The S&E part of a home page: values waiting for this user, periods to lock, per programme."""

from typing import Any

from django import template
from django.db.models import Count
from django.utils import timezone

from reports.monitoring.models import IndicatorValue, Period
from reports.monitoring.rules import se_can_approve
from reports.monitoring.selectors.indicators import (
    se_clusters_enterable_by,
    values_awaiting_approval,
    values_visible_to,
)
from reports.monitoring.selectors.programmes import programmes_visible_to

register = template.Library()


@register.inclusion_tag("reports/monitoring/_todo.html", takes_context=True)
def se_todo(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    approver = bool(se_can_approve(user))
    returned = values_visible_to(user).filter(
        status=IndicatorValue.Status.RETURNED, cluster__in=se_clusters_enterable_by(user)
    )
    to_approve = (
        values_awaiting_approval(user)
        .order_by()
        .values("period__programme__code", "period__programme__name_fr")
        .annotate(n=Count("id"))
        .order_by("period__programme__name_fr")
        if approver
        else []
    )
    return {
        "se_programmes": context.get("se_programmes", list),
        "to_approve": [
            {"code": row["period__programme__code"], "n": row["n"]} for row in to_approve
        ],
        "to_approve_total": sum(row["n"] for row in to_approve),
        "returned": list(
            returned.select_related("period__programme").order_by(
                "period__start", "indicator__code"
            )[:10]
        ),
        "to_lock": list(
            Period.objects.filter(
                programme__in=programmes_visible_to(user),
                locked=False,
                end__lt=timezone.localdate(),
            )
            .select_related("programme")
            .order_by("programme_id", "start")
        )
        if approver
        else [],
    }
