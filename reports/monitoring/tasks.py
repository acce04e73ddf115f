"""Celery tasks of the S&E system: thin interfaces over services, ids as keyword arguments."""

from celery import shared_task

from assessments.models import Cluster
from reports.monitoring.services import indicators


# The task keeps the name it had before the layout moved: queued messages still find it.
@shared_task(name="reports.tasks.indicators_recheck", acks_late=True)
def indicators_recheck(*, cluster_id: int | None) -> int:
    """Flag the reported S&E values a change of this cluster's data made stale."""
    cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
    if cluster_id and cluster is None:
        return 0
    return len(indicators.reported_values_recheck(cluster=cluster))
