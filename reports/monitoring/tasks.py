"""Celery tasks of the S&E system: thin interfaces over services, ids as keyword arguments."""

from celery import shared_task

from reports.monitoring.services import indicators, rechecks


# The task keeps the name it had before the layout moved: queued messages still find it.
@shared_task(name="reports.tasks.indicators_recheck", acks_late=True)
def indicators_recheck(*, cluster_id: int | None) -> int:
    """Flag the reported S&E values of a scope marked changed (a cluster's, or with no
    cluster the programme's) that no longer match their data; once for a burst of changes."""
    return len(rechecks.marked_recheck(cluster_id=cluster_id))


# A programme's every open period, for the programme and each cluster: more than the
# default two minutes once the PMEs number in thousands.
@shared_task(
    name="reports.monitoring.tasks.indicator_tables_refresh",
    acks_late=True,
    soft_time_limit=15 * 60,
    time_limit=16 * 60,
)
def indicator_tables_refresh() -> int:
    """Recompute and store the indicator values of the open periods (Celery beat, nightly)."""
    return len(indicators.indicator_tables_refresh())


@shared_task(name="reports.monitoring.tasks.reported_values_recheck_all", acks_late=True)
def reported_values_recheck_all() -> int:
    """Flag, or clear, the reported values whose data changed (Celery beat)."""
    return len(indicators.reported_values_recheck_all())
