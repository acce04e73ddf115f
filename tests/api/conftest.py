"""Two clusters seen through the API: ours (every role has a part in it) and theirs."""

from dataclasses import dataclass

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import Plan
from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role
from assessments.selectors import applicable_questions
from diagnostics.models import FrameworkVersion
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory


def submitted_with_plan(company: Company, consultant, version: FrameworkVersion) -> Assessment:
    """A submitted diagnostic with its roadmap and a draft eight-day plan."""
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=1)
    services.assessment_submit(assessment=assessment, by=consultant)
    accompaniment_services.plan_propose(assessment=assessment)
    return Assessment.objects.get(pk=assessment.pk)


@dataclass
class World:
    cluster: Cluster
    company: Company
    draft: Assessment
    submitted: Assessment
    plan: Plan
    other_cluster: Cluster
    other_company: Company
    other_draft: Assessment
    other_submitted: Assessment
    other_plan: Plan
    users: dict[str, object]


@pytest.fixture
def world(groups, small_version) -> World:
    consultant = UserFactory(username="consultant", role=Role.CONSULTANT)
    manager = UserFactory(username="manager", role=Role.PME_MANAGER)
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    coordinator = UserFactory(username="coordinator", role=Role.COORDINATOR)
    other_consultant = UserFactory(username="other-consultant", role=Role.CONSULTANT)
    cluster = ClusterFactory(code="ce3m", name="Cluster CE3M")
    cluster.staff.add(staff)
    other_cluster = ClusterFactory(code="agro", name="Cluster Agro")
    company = CompanyFactory(
        cluster=cluster,
        name="Atlas Circuits",
        ice="001234567000011",
        consultants=[consultant],
        managers=[manager],
    )
    other_company = CompanyFactory(
        cluster=other_cluster,
        name="Huilerie Zitoun",
        ice="009876543000022",
        sector="agrifood",
        consultants=[other_consultant],
    )
    submitted = submitted_with_plan(company, consultant, small_version)
    other_submitted = submitted_with_plan(other_company, other_consultant, small_version)

    def draft(company: Company, consultant) -> Assessment:
        return services.assessment_start(
            company=company,
            consultant=consultant,
            visit_date=VISIT,
            framework_version=small_version,
        )

    return World(
        cluster=cluster,
        company=company,
        draft=draft(company, consultant),
        submitted=submitted,
        plan=submitted.plan,
        other_cluster=other_cluster,
        other_company=other_company,
        other_draft=draft(other_company, other_consultant),
        other_submitted=other_submitted,
        other_plan=other_submitted.plan,
        users={
            "consultant": consultant,
            "manager": manager,
            "staff": staff,
            "coordinator": coordinator,
            "other_consultant": other_consultant,
        },
    )


def client_for(user) -> APIClient:
    """A script's client: the user's token, no session."""
    client = APIClient()
    _token, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api(world):
    """``api("consultant")``: a token-authenticated client for one of the world's users."""
    return lambda name: client_for(world.users[name])


@pytest.fixture
def users(world: World) -> dict[str, object]:
    """The world's users, another cluster's staff member and a user with no role."""
    other_staff = UserFactory(username="other-staff", role=Role.CLUSTER_STAFF)
    world.other_cluster.staff.add(other_staff)
    world.users["other_staff"] = other_staff
    world.users["nobody"] = UserFactory(username="nobody")
    return world.users
