"""Coalesced rechecks of reported S&E values: a change marks its scopes, a recheck clears them.

Every change to the data behind the indicators marks its cluster and the programme
(``RecheckMark``, one row per scope). With Celery workers (``REDIS_URL``) the first mark of a
scope sends one delayed task (``tasks.indicators_recheck``); the changes that follow within
the delay only find the mark there, and the task rechecks once for all of them. Without
workers (tasks in-process) nothing is rechecked in the request that changed the data: the
marks wait for the next reader of the values (the dashboard, the approval queue) or for
``compute_indicators``.
"""

import datetime

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Cluster
from reports.monitoring.models import IndicatorValue, RecheckMark
from reports.monitoring.services.indicators import reported_values_recheck

PROGRAMME = "programme"


def scope_of(cluster_id: int | None) -> str:
    return PROGRAMME if cluster_id is None else f"cluster-{cluster_id}"


def recheck_mark(*, cluster_id: int | None) -> bool:
    """Mark a scope's values for a recheck; True when a task must be sent for it (the scope
    was not marked yet, or its mark is so old that its task must have been lost)."""
    scope = scope_of(cluster_id)
    now = timezone.now()
    mark = RecheckMark.objects.filter(scope=scope).first()
    if mark is not None:
        lost = now - mark.marked_at > datetime.timedelta(seconds=settings.SE_RECHECK_RESEND)
        if lost:
            RecheckMark.objects.filter(pk=mark.pk).update(marked_at=now)
        return lost
    try:
        with transaction.atomic():
            RecheckMark.objects.create(scope=scope, cluster_id=cluster_id, marked_at=now)
    except IntegrityError:  # marked meanwhile by another process: its task will run
        return False
    return True


def recheck_claim(*, cluster_id: int | None) -> bool:
    """Take a scope's mark away before rechecking it: a change made during the recheck marks
    the scope again, and is rechecked after. False: no mark (another task took it)."""
    deleted, _by_model = RecheckMark.objects.filter(scope=scope_of(cluster_id)).delete()
    return deleted > 0


def marked_recheck(*, cluster_id: int | None) -> list[IndicatorValue]:
    """Recheck one marked scope's reported values (its own only: the programme is a scope of
    its own); nothing when the mark was already taken."""
    if not recheck_claim(cluster_id=cluster_id):
        return []
    cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
    if cluster_id and cluster is None:
        return []
    return reported_values_recheck(cluster=cluster, programme=cluster is None)


def pending_rechecks_run() -> list[IndicatorValue]:
    """Recheck every marked scope (without workers: called where the values are read)."""
    checked: list[IndicatorValue] = []
    for cluster_id in RecheckMark.objects.values_list("cluster_id", flat=True).order_by("id"):
        checked += marked_recheck(cluster_id=cluster_id)
    return checked


def rechecks_catch_up() -> list[IndicatorValue]:
    """Without workers, run the marked rechecks where reported values are about to be read;
    with workers, their tasks do it."""
    if not current_app.conf.task_always_eager:
        return []
    return pending_rechecks_run()
