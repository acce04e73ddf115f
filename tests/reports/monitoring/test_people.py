"""Courses completed and certificates: for those who met the rule, in the viewer's scope."""

import datetime

import pytest
from django.test import Client

from assessments.roles import Role
from reports.monitoring.models import CompletionRule, Person
from reports.monitoring.services.activities import activity_create
from tests.factories import ClusterFactory, UserFactory, install_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(groups):  # type: ignore[no-untyped-def]
    CompletionRule.objects.create(
        programme=install_programme(),
        code="consultant-trained",
        name_fr="Consultant formé",
        name_en="Trained consultant",
        role="consultant",
        requirements=[{"kind": "bootcamp", "min": 1}, {"kind": "webinar", "min": 1}],
    )
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    c1, c2 = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    staff = UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF)
    c2.staff.add(staff)
    amina = {"name": "Amina B", "email": "amina@x.ma", "sex": "F", "role": "consultant"}
    sara = {"name": "Sara M", "email": "sara@x.ma", "sex": "F", "role": "consultant"}
    for kind, people in (("bootcamp", [amina, sara]), ("webinar", [amina])):
        activity_create(
            by=coordinator,
            cluster=None,
            kind=kind,
            title=kind,
            date=datetime.date(2026, 5, 1),
            evidence_link="https://example.org/l",
            participants=[{**p, "cluster": c1} for p in people],
        )
    return {"coordinator": coordinator, "staff": staff}


def as_user(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_certificate_is_for_who_met_the_rule(course) -> None:
    amina, sara = Person.objects.get(name="Amina B"), Person.objects.get(name="Sara M")
    client = as_user(course["coordinator"])
    page = client.get(f"/reports/se/people/{amina.code}/certificates/consultant-trained/")
    assert page.status_code == 200
    assert "Amina B" in page.content.decode()
    partial = client.get(f"/reports/se/people/{sara.code}/certificates/consultant-trained/")
    assert partial.status_code == 404
    listed = client.get("/reports/se/completions/").content.decode()
    assert "Amina B" in listed
    assert "Sara M" not in listed


def test_another_clusters_staff_do_not_see_the_person(course) -> None:
    amina = Person.objects.get(name="Amina B")
    client = as_user(course["staff"])
    page = client.get(f"/reports/se/people/{amina.code}/certificates/consultant-trained/")
    assert page.status_code == 404
    assert "Amina B" not in client.get("/reports/se/completions/").content.decode()
