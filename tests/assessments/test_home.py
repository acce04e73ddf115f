"""The home page says what to do next, per role, through the user's scope."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import Plan
from assessments.accompaniment.selectors import work_for
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def started(company, consultant, version) -> Assessment:
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )


def submitted(company, consultant, version) -> Assessment:
    assessment = started(company, consultant, version)
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=2)
    return services.assessment_submit(assessment=assessment, by=consultant)


def page(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_a_consultant_sees_their_drafts_days_to_come_and_logs_missing(
    company, consultant, other_company, other_consultant, small_version
) -> None:
    draft = started(company, consultant, small_version)
    started(other_company, other_consultant, small_version)
    plan = accompaniment_services.plan_propose(
        assessment=submitted(
            CompanyFactory(cluster=company.cluster, consultants=[consultant]),
            consultant,
            small_version,
        )
    )
    today = timezone.localdate()
    for number, offset in ((1, -3), (2, 2), (3, 20)):
        accompaniment_services.plan_day_update(
            day=plan.days.get(number=number),
            date=today + datetime.timedelta(days=offset),
            objectives="",
            deliverables="",
        )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.AGREED)  # agreed with the PME
    work = work_for(consultant)
    assert [a.code for a in work.drafts.items] == [draft.code]
    assert [d.number for d in work.logs_missing.items] == [1]
    assert [d.number for d in work.days_ahead.items] == [2]
    html = page(consultant)
    assert 'id="todo-drafts"' in html
    assert 'id="todo-logs"' in html
    assert 'id="todo-days"' in html
    assert other_company.name not in html


def test_the_clusters_staff_see_what_waits_for_validation_in_their_cluster(
    company, consultant, other_company, other_consultant, small_version, groups
) -> None:
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    company.cluster.staff.add(staff)
    ours = submitted(company, consultant, small_version)
    submitted(other_company, other_consultant, small_version)
    assert [a.code for a in work_for(staff).to_validate.items] == [ours.code]
    html = page(staff)
    assert 'id="todo-validate"' in html
    assert other_company.name not in html


def test_a_pme_manager_sees_their_results_and_no_draft(
    company, consultant, small_version, groups
) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    started(company, consultant, small_version)
    done = submitted(
        CompanyFactory(cluster=company.cluster, managers=[manager], consultants=[consultant]),
        consultant,
        small_version,
    )
    work = work_for(manager)
    assert [a.code for a in work.finished.items] == [done.code]
    assert work.drafts.count == work.to_validate.count == 0


def test_the_home_page_costs_the_same_queries_for_two_or_ten_pmes(
    company, consultant, small_version
) -> None:
    def queries() -> int:
        client = Client()
        client.force_login(consultant)
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/").status_code == 200
        return len(seen)

    started(company, consultant, small_version)
    few = queries()
    for _n in range(8):
        started(
            CompanyFactory(cluster=company.cluster, consultants=[consultant]),
            consultant,
            small_version,
        )
    assert queries() == few


def grow(cluster, consultant, manager, version) -> None:
    """One more PME of each kind on the consultant's books: a draft, a submitted diagnostic,
    and a validated one whose agreed plan has a day to log and a day in the coming week."""
    started(CompanyFactory(cluster=cluster, consultants=[consultant]), consultant, version)
    submitted(CompanyFactory(cluster=cluster, consultants=[consultant]), consultant, version)
    company = CompanyFactory(cluster=cluster, consultants=[consultant], managers=[manager])
    done = submitted(company, consultant, version)
    plan = accompaniment_services.plan_propose(assessment=done)
    today = timezone.localdate()
    for number, offset in ((1, -2), (2, 3)):
        accompaniment_services.plan_day_update(
            day=plan.days.get(number=number),
            date=today + datetime.timedelta(days=offset),
            objectives="",
            deliverables="",
        )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.AGREED)
    Assessment.objects.filter(pk=done.pk).update(status=Assessment.Status.VALIDATED)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CLUSTER_STAFF, Role.COORDINATOR])
def test_each_roles_home_page_costs_the_same_queries_for_one_or_four_pmes_of_each_kind(
    role, company, consultant, small_version, groups
) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    people = {
        Role.CONSULTANT: consultant,
        Role.CLUSTER_STAFF: UserFactory(role=Role.CLUSTER_STAFF),
        Role.COORDINATOR: UserFactory(role=Role.COORDINATOR),
    }
    company.cluster.staff.add(people[Role.CLUSTER_STAFF])
    viewer = people[role]

    def queries(user) -> tuple[int, str]:
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as seen:
            response = client.get("/")
        assert response.status_code == 200
        return len(seen), response.content.decode()

    grow(company.cluster, consultant, manager, small_version)
    few, _html = queries(viewer)
    few_manager, _html = queries(manager)
    for _n in range(3):
        grow(company.cluster, consultant, manager, small_version)
    many, html = queries(viewer)
    assert many == few
    assert queries(manager)[0] == few_manager
    shown = {
        Role.CONSULTANT: ["todo-drafts", "todo-logs", "todo-days"],
        Role.CLUSTER_STAFF: ["todo-validate"],
        Role.COORDINATOR: [],
    }
    for heading in shown[role]:
        assert f'id="{heading}"' in html
