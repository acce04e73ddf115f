"""Which programmes a user sees, and what takes part in each: clusters and PMEs."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Q, QuerySet

from assessments.models import Cluster, Company
from assessments.roles import Role, roles_of
from assessments.selectors import clusters_worked_in
from reports.monitoring.models import Participation, Programme

User = UserModel | AnonymousUser


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    """As ``rules.can_view_programme``: administrators every programme; a coordinator those
    they coordinate; cluster staff and consultants those their clusters take part in; the
    install's own programme (open to all) everyone of them."""
    roles = roles_of(user)
    if Role.ADMIN in roles:
        return Programme.objects.all()
    scope = Q(pk__in=[])
    if Role.COORDINATOR in roles:
        scope |= Q(open_to_all=True) | Q(coordinators=user)
    if roles & {Role.CLUSTER_STAFF, Role.CONSULTANT}:
        scope |= Q(open_to_all=True) | Q(clusters__in=clusters_worked_in(user))
    return Programme.objects.filter(pk__in=Programme.objects.filter(scope).values("pk"))


def programme_clusters(programme: Programme) -> QuerySet[Cluster]:
    """The clusters taking part in the programme."""
    if programme.open_to_all:
        return Cluster.objects.all()
    return Cluster.objects.filter(programmes=programme)


def programme_companies(programme: Programme) -> QuerySet[Company]:
    """The programme's cohort: its participants in its clusters (every PME when it is open to
    the whole install). A PME in several programmes counts in each."""
    if programme.open_to_all:
        return Company.objects.all()
    return Company.objects.filter(
        cluster__programmes=programme, participations__programme=programme
    )


def programme_participations(programme: Programme) -> QuerySet[Participation]:
    return programme.participations.select_related("company", "company__cluster")


def programmes_of_company(company: Company) -> QuerySet[Programme]:
    return Programme.objects.filter(
        Q(open_to_all=True) | Q(participations__company=company, clusters=company.cluster_id)
    ).distinct()


def programme_default() -> Programme:
    """The install's own programme (open to all), else its only one: where a write that names
    no programme goes (commands, the single-programme install). Several and none open: an
    error, the caller must name one."""
    programmes = list(Programme.objects.order_by("-open_to_all", "pk")[:2])
    if programmes and (programmes[0].open_to_all or len(programmes) == 1):
        return programmes[0]
    raise Programme.DoesNotExist("Name the programme: this install runs several.")
