"""Who may read, enter and approve S&E data: the one place it is decided (django-rules)."""

import rules

from assessments.models import Cluster
from assessments.rules import (
    Viewer,
    is_cluster_staff,
    is_consultant,
    is_coordinator,
    staffs_cluster,
)


@rules.predicate
def is_cluster(user: Viewer, cluster: Cluster | None) -> bool:
    return cluster is not None


se_can_view = is_cluster_staff | is_coordinator | is_consultant
"""The S&E pages; what each sees is scoped by ``se_clusters_visible_to``."""

se_in_navigation = is_cluster_staff | is_coordinator
"""The navbar links to the dashboard for those who work the S&E; consultants reach it from
their PMEs."""

se_can_approve = is_coordinator
"""Approving, returning and re-approving values, locking periods: never the value's author's
cluster."""

se_can_enter = is_coordinator | (is_cluster_staff & is_cluster & staffs_cluster)
"""Cluster staff enter their own cluster's data; the coordinator enters anything."""

PERMISSIONS = {
    "reports.view_se": se_can_view,
    "reports.approve_se": se_can_approve,
    "reports.enter_se": se_can_enter,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
