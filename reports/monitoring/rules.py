"""Who may read, enter and approve S&E data: the one place it is decided (django-rules)."""

import rules

from assessments.models import Cluster
from assessments.roles import Role, roles_of
from assessments.rules import (
    Viewer,
    follows_company,
    is_cluster_staff,
    is_consultant,
    is_coordinator,
    staffs_cluster,
    staffs_company,
)
from assessments.selectors import clusters_worked_in
from reports.monitoring.models import (
    Activity,
    BriefNarrative,
    IndicatorValue,
    Measurement,
    Period,
    Programme,
)


@rules.predicate
def is_cluster(user: Viewer, cluster: Cluster | None) -> bool:
    return cluster is not None


se_can_view = is_cluster_staff | is_coordinator | is_consultant
"""The S&E pages; what each sees is scoped by ``se_clusters_visible_to``."""


@rules.predicate
def is_admin(user: Viewer) -> bool:
    return Role.ADMIN in roles_of(user)


@rules.predicate
def coordinates_programme(user: Viewer, programme: Programme) -> bool:
    if programme.open_to_all:
        return True
    return user.pk is not None and programme.coordinators.filter(pk=user.pk).exists()


@rules.predicate
def works_in_programme(user: Viewer, programme: Programme) -> bool:
    """One of the clusters the user works in takes part in the programme."""
    if programme.open_to_all:
        return True
    return programme.clusters.filter(pk__in=clusters_worked_in(user).values("pk")).exists()


can_view_programme = (
    is_admin
    | (is_coordinator & coordinates_programme)
    | ((is_cluster_staff | is_consultant) & works_in_programme)
)
"""A programme's S&E (anything else of it is 404): a coordinator sees the programmes they
coordinate, cluster staff and consultants those their clusters take part in (limited to their
clusters), administrators all (``selectors.programmes.programmes_visible_to``)."""

se_in_navigation = is_cluster_staff | is_coordinator
"""The navbar links to the dashboard for those who work the S&E; consultants reach it from
their PMEs."""

se_can_approve = is_coordinator
"""Approving, returning and re-approving values, locking periods: never the value's author's
cluster."""

se_can_enter = is_coordinator | (is_cluster_staff & is_cluster & staffs_cluster)
"""Cluster staff enter their own cluster's data; the coordinator enters anything."""

can_record_activity = se_can_enter
"""An activity of the programme (no cluster: a national day, a shared webinar) is recorded by
the coordinator; a cluster's own, by its staff (or the coordinator)."""

can_enter_measurement = (
    is_coordinator | (is_cluster_staff & staffs_company) | (is_consultant & follows_company)
)
"""A PME's baseline and follow-up figures: its consultant, its cluster's staff, the
coordinator."""

can_validate_measurements_of = is_coordinator | (is_cluster_staff & staffs_company)
"""The unit that validates a PME's figures: its cluster's staff, or the coordinator."""


@rules.predicate
def is_measurement_author(user: Viewer, measurement: Measurement) -> bool:
    return user.pk is not None and user.pk == measurement.entered_by_id


@rules.predicate
def is_measurement_validated(user: Viewer, measurement: Measurement) -> bool:
    return measurement.status == Measurement.Status.VALIDATED


@rules.predicate
def may_enter_its_pme(user: Viewer, measurement: Measurement) -> bool:
    return bool(can_enter_measurement(user, measurement.company))


@rules.predicate
def validates_its_pme(user: Viewer, measurement: Measurement) -> bool:
    return bool(can_validate_measurements_of(user, measurement.company))


can_change_measurement = may_enter_its_pme & ~is_measurement_validated
"""Until it is validated; a validated measurement is corrected by a new one."""

can_validate_measurement = validates_its_pme & ~is_measurement_validated & ~is_measurement_author
"""Four eyes: who entered the figures never validates them."""


@rules.predicate
def is_value_author(user: Viewer, value: IndicatorValue) -> bool:
    """Entered it, or submitted it last."""
    submitted_by = (
        value.changes.filter(action="submitted").order_by("-at", "-id").values_list("by", flat=True)
    ).first()
    return user.pk is not None and user.pk in {value.entered_by_id, submitted_by}


can_approve_value = se_can_approve & ~is_value_author
"""Four eyes: who entered or submitted a value never approves it."""


@rules.predicate
def is_narrative_author(user: Viewer, narrative: BriefNarrative) -> bool:
    """Wrote it, or submitted it."""
    return user.pk is not None and user.pk in {narrative.written_by_id, narrative.submitted_by_id}


@rules.predicate
def is_in_open_period(user: Viewer, activity: Activity) -> bool:
    """An activity dated in a locked period of its programme is frozen with it."""
    return not Period.objects.filter(
        programme=activity.programme_id,
        locked=True,
        start__lte=activity.date,
        end__gte=activity.date,
    ).exists()


@rules.predicate
def enters_activity_cluster(user: Viewer, activity: Activity) -> bool:
    return bool(se_can_enter(user, activity.cluster))


can_edit_activity = enters_activity_cluster & is_in_open_period
"""Change an activity and its participants: its cluster's enterers, while its period is open."""

se_can_write_narrative = is_cluster_staff & is_cluster & staffs_cluster
"""The brief's narrative is written by the cluster's own staff."""

can_approve_narrative = se_can_approve & ~is_narrative_author
"""Four eyes, as for values: who wrote or submitted a narrative never approves it."""

PERMISSIONS = {
    "reports.view_se": se_can_view,
    "reports.view_programme": can_view_programme,
    "reports.approve_se": se_can_approve,
    "reports.approve_value": can_approve_value,
    "reports.enter_se": se_can_enter,
    "reports.change_activity": can_edit_activity,
    "reports.write_narrative": se_can_write_narrative,
    "reports.approve_narrative": can_approve_narrative,
    "reports.record_activity": can_record_activity,
    "reports.enter_measurement": can_enter_measurement,
    "reports.change_measurement": can_change_measurement,
    "reports.validate_measurement": can_validate_measurement,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
