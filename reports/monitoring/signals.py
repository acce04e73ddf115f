"""When the data behind the S&E indicators changes, the values already reported are rechecked.

A submitted or approved computed value is never overwritten; once the transaction that
changed its data commits, its cluster and the programme are marked for a recheck
(``services.rechecks``), which flags it stale if it no longer matches. One recheck per scope
for a burst of changes, never in the request that made them.
"""

import threading
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save

from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.models import Assessment, AxisScore, Company
from reports.monitoring.models import Activity, EnergyUse, Measurement, Participant
from reports.monitoring.services.rechecks import recheck_mark

# Where each model finds its cluster id.
CLUSTER_OF: dict[type[Model], str] = {
    Company: "cluster_id",
    Assessment: "company.cluster_id",
    AxisScore: "assessment.company.cluster_id",
    Plan: "assessment.company.cluster_id",
    PlanDay: "plan.assessment.company.cluster_id",
    PlanSlot: "day.plan.assessment.company.cluster_id",
    Roadmap: "assessment.company.cluster_id",
    RoadmapItem: "roadmap.assessment.company.cluster_id",
    Activity: "cluster_id",
    Participant: "cluster_id",  # the cluster it counts for (a programme event's too)
    Measurement: "company.cluster_id",
    EnergyUse: "measurement.company.cluster_id",
}

_pending = threading.local()


def _cluster_id(instance: Model) -> int | None:
    found: Any = instance
    try:
        for name in CLUSTER_OF[type(instance)].split("."):
            found = getattr(found, name)
    except Exception:  # a parent deleted in the same cascade: the programme is still rechecked
        return None
    return found if isinstance(found, int) else None


def schedule_recheck(cluster_id: int | None) -> None:
    clusters: set[int | None] | None = getattr(_pending, "clusters", None)
    if clusters is None or not _flush_registered():
        # No flush waits for a commit: what the set holds came from a transaction that was
        # rolled back (its clusters may not even exist), so it starts again empty.
        clusters = _pending.clusters = set()
    clusters.add(cluster_id)
    # Registered on every change; the first to run sends the whole set, the others find it
    # empty. Robust: a broker that cannot be reached is logged, never the user's error; the
    # next recomputation (compute_indicators --save, the dashboard button) flags it anyway.
    transaction.on_commit(_flush, robust=True)


def _flush_registered() -> bool:
    """Whether a ``_flush`` waits for the current transaction's commit (Django drops the
    callbacks of a transaction that rolls back)."""
    waiting = transaction.get_connection().run_on_commit
    return any(entry[1] is _flush for entry in waiting)


def _flush() -> None:
    from reports.monitoring.tasks import indicators_recheck

    clusters: set[int | None] = getattr(_pending, "clusters", None) or set()
    _pending.clusters = set()
    if not clusters:
        return
    # Each changed cluster and the programme are marked; a task goes only with a scope's
    # first mark, after a short delay, and never runs in this request (services.rechecks).
    workers = not current_app.conf.task_always_eager
    for cluster_id in sorted(c for c in clusters if c is not None) + [None]:
        if recheck_mark(cluster_id=cluster_id) and workers:
            indicators_recheck.apply_async(
                kwargs={"cluster_id": cluster_id}, countdown=settings.SE_RECHECK_DELAY
            )


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures and archive imports: recompute afterwards
        return
    schedule_recheck(_cluster_id(instance))


def _company_moving(sender: type[Model], instance: Company, **kwargs: Any) -> None:
    """A PME moving to another cluster changes its old cluster's values too."""
    if kwargs.get("raw") or instance.pk is None:
        return
    old = Company.objects.filter(pk=instance.pk).values_list("cluster_id", flat=True).first()
    if old is not None and old != instance.cluster_id:
        schedule_recheck(old)


def _pdf_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A PDF roadmap that becomes ready (or goes) changes the roadmaps delivered."""
    if kwargs.get("raw") or instance.assessment_id is None:
        return
    schedule_recheck(instance.assessment.company.cluster_id)


def connect() -> None:
    for model in CLUSTER_OF:
        post_save.connect(_changed, sender=model, dispatch_uid=f"se-recheck-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"se-recheck-del-{model.__name__}")
    pre_save.connect(_company_moving, sender=Company, dispatch_uid="se-recheck-company-move")
    # By label: monitoring may not import reports.documents.
    post_save.connect(_pdf_changed, sender="reports.Report", dispatch_uid="se-recheck-pdf")
    post_delete.connect(_pdf_changed, sender="reports.Report", dispatch_uid="se-recheck-del-pdf")
