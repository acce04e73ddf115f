"""The pages answer as the policy says: every role × its own PME, another PME of its cluster
and a PME of another cluster × each page that takes a PME or a diagnostic.

The expected answer is computed from the policy itself (the selectors' scope and the
registered permissions), not written by hand: outside the scope 404, inside it 200 where the
permission holds and 403 where it does not.
"""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Company
from assessments.roles import Role
from assessments.selectors import (
    applicable_questions,
    assessments_visible_to,
    companies_visible_to,
)
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.CONSULTANT, Role.PME_MANAGER, Role.CLUSTER_STAFF, Role.COORDINATOR, "nobody"]
# (URL name, what it takes, the permission it needs beyond seeing the object)
COMPANY_PAGES = [
    ("assessments:company_detail", None),
    ("assessments:company_edit", "assessments.change_company"),
    ("assessments:assessment_start", "assessments.run_diagnostics"),
]
ASSESSMENT_PAGES = [
    ("assessments:assessment_detail", None),
    ("assessments:results", None),
    ("assessments:roadmap", None),
]


@pytest.fixture
def world(groups, small_version) -> dict[str, object]:
    ours, theirs = ClusterFactory(code="ours"), ClusterFactory(code="theirs")
    users = {role: UserFactory(username=role, role=role) for role in ROLES if role != "nobody"}
    users["nobody"] = UserFactory(username="nobody")
    ours.staff.add(users[Role.CLUSTER_STAFF])
    companies = {
        "own": CompanyFactory(
            cluster=ours,
            consultants=[users[Role.CONSULTANT]],
            managers=[users[Role.PME_MANAGER]],
        ),
        "same cluster": CompanyFactory(cluster=ours),
        "other cluster": CompanyFactory(cluster=theirs),
    }
    assessments = {key: _submitted(company, small_version) for key, company in companies.items()}
    return {"users": users, "companies": companies, "assessments": assessments}


def _submitted(company: Company, version) -> Assessment:
    consultant = company.consultants.first() or UserFactory(role=Role.CONSULTANT)
    company.consultants.add(consultant)
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=2)
    return services.assessment_submit(assessment=assessment, by=consultant)


def _expected(user, obj: object, visible: bool, permission: str | None) -> int:
    if not visible:
        return 404
    if permission is None or user.has_perm(permission, obj):
        return 200
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_as_the_policy_says(world, role) -> None:
    user = world["users"][role]
    client = Client()
    client.force_login(user)
    answers, expected = {}, {}
    for which, company in world["companies"].items():
        visible = companies_visible_to(user).filter(pk=company.pk).exists()
        for name, permission in COMPANY_PAGES:
            url = reverse(name, args=[company.code])
            answers[(name, which)] = client.get(url).status_code
            expected[(name, which)] = _expected(user, company, visible, permission)
    for which, assessment in world["assessments"].items():
        visible = assessments_visible_to(user).filter(pk=assessment.pk).exists()
        for name, permission in ASSESSMENT_PAGES:
            url = reverse(name, args=[assessment.code])
            answers[(name, which)] = client.get(url).status_code
            expected[(name, which)] = _expected(user, assessment, visible, permission)
    assert answers == expected


def test_the_matrix_tells_the_roles_apart(world) -> None:
    """The policy itself: a consultant sees only their PME, the staff their cluster's."""
    seen = {
        role: sorted(
            which
            for which, company in world["companies"].items()
            if companies_visible_to(world["users"][role]).filter(pk=company.pk).exists()
        )
        for role in ROLES
    }
    assert seen == {
        Role.CONSULTANT: ["own"],
        Role.PME_MANAGER: ["own"],
        Role.CLUSTER_STAFF: ["own", "same cluster"],
        Role.COORDINATOR: ["other cluster", "own", "same cluster"],
        "nobody": [],
    }
