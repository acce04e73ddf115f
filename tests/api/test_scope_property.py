"""No sequence of calls the API allows widens what a user may read (hypothesis)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from assessments.models import Company
from assessments.roles import Role
from assessments.selectors import assessments_visible_to, companies_visible_to
from reports.monitoring.selectors.indicators import se_clusters_visible_to
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

CLUSTERS = ("c0", "c1", "c2")
ROLES = (Role.CONSULTANT, Role.CLUSTER_STAFF, Role.PME_MANAGER)

worlds = st.fixed_dictionaries(
    {
        "role": st.sampled_from(ROLES),
        # which PMEs (two per cluster) the user follows, staffs or manages
        "own": st.sets(st.integers(min_value=0, max_value=5), max_size=3),
        "staffs": st.sets(st.sampled_from(CLUSTERS), max_size=1),
    }
)
calls = st.lists(
    st.tuples(
        st.sampled_from(["register", "move", "assign", "assign_manager"]),
        st.integers(min_value=0, max_value=5),  # a PME
        st.sampled_from(CLUSTERS),
    ),
    min_size=1,
    max_size=6,
)


def _scope(user) -> tuple[set[int], set[str]]:
    return (
        set(companies_visible_to(user).values_list("pk", flat=True))
        | set(assessments_visible_to(user).values_list("company_id", flat=True)),
        set(se_clusters_visible_to(user).values_list("code", flat=True)),
    )


def _call(client: APIClient, user, kind: str, company: Company, cluster: str) -> None:
    url = f"/api/v1/pmes/{company.code}/"
    if kind == "register":
        body = {
            "name": f"New {cluster}",
            "ice": f"{abs(hash((cluster, company.pk))) % 10**15:015d}",
            "cluster": cluster,
            "sector": "textile",
            "region": "CSE",
            "city": "Casablanca",
            "headcount": "10-49",
            "consultants": [user.username] if user.groups.filter(name=Role.CONSULTANT) else [],
        }
        client.post("/api/v1/pmes/", body, format="json")
    elif kind == "move":
        client.patch(url, {"cluster": cluster, "reason": "test"}, format="json")
    elif kind == "assign":
        client.patch(url, {"consultants": [user.username]}, format="json")
    else:
        client.patch(url, {"managers": [user.username]}, format="json")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds, sequence=calls)
def test_no_allowed_call_widens_what_a_user_reads(groups, world, sequence) -> None:
    with transaction.atomic():
        clusters = {code: ClusterFactory(code=code, name=code) for code in CLUSTERS}
        companies = [CompanyFactory(cluster=clusters[CLUSTERS[i // 2]]) for i in range(6)]
        user = UserFactory(role=world["role"])
        for index in world["own"]:
            if world["role"] == Role.CONSULTANT:
                companies[index].consultants.add(user)
            elif world["role"] == Role.PME_MANAGER:
                companies[index].managers.add(user)
        if world["role"] == Role.CLUSTER_STAFF:
            for code in world["staffs"]:
                clusters[code].staff.add(user)
        client = APIClient()
        client.force_authenticate(user)
        pmes_before, se_before = _scope(user)
        for kind, index, cluster in sequence:
            _call(client, user, kind, companies[index], cluster)
            pmes_after, se_after = _scope(user)
            created = set(
                Company.objects.filter(name__startswith="New ").values_list("pk", flat=True)
            )
            assert pmes_after - created <= pmes_before, (kind, index, cluster)
            assert se_after <= se_before, (kind, index, cluster)
        transaction.set_rollback(True)
