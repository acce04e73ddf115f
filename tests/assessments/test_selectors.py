import pytest

from assessments import services
from assessments.roles import Role
from assessments.rules import can_answer, can_validate
from assessments.selectors import (
    answer_counts,
    assessment_progress,
    assessment_result,
    assessments_visible_to,
    companies_visible_to,
)
from diagnostics.models import Question
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(company, consultant, small_version):
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


def test_a_consultant_sees_only_the_pmes_assigned_to_them(company, other_company, consultant):
    assert list(companies_visible_to(consultant)) == [company]


def test_a_manager_sees_only_their_company(company, other_company, groups):
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    assert list(companies_visible_to(manager)) == [company]


def test_cluster_staff_see_their_cluster_only(company, other_company, cluster, groups):
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    sibling = CompanyFactory(cluster=cluster, name="Sœur")
    assert set(companies_visible_to(staff)) == {company, sibling}


def test_the_coordinator_sees_every_pme(company, other_company, groups):
    coordinator = UserFactory(role=Role.COORDINATOR)
    assert set(companies_visible_to(coordinator)) == {company, other_company}


def test_a_user_without_a_role_sees_nothing(company, groups):
    assert not companies_visible_to(UserFactory()).exists()


def test_being_named_manager_without_the_role_gives_nothing(company, groups):
    user = UserFactory()
    company.managers.add(user)
    assert not companies_visible_to(user).exists()


def test_a_manager_does_not_see_the_consultants_drafts(draft, company, groups):
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    assert not assessments_visible_to(manager).exists()


def test_only_the_assigned_consultant_may_answer(draft, other_consultant, consultant, groups):
    assert can_answer(consultant, draft)
    assert not can_answer(other_consultant, draft)
    assert not can_answer(UserFactory(role=Role.CLUSTER_STAFF), draft)


def test_cluster_staff_validate_in_their_cluster_only(draft, cluster, other_cluster, groups):
    staff, outsider = UserFactory(role=Role.CLUSTER_STAFF), UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    other_cluster.staff.add(outsider)
    assert can_validate(staff, draft)
    assert not can_validate(outsider, draft)


def test_progress_counts_only_the_questions_of_the_pme_sector(draft, consultant):
    progress = assessment_progress(draft)
    assert (progress.answered, progress.total) == (0, 3)
    question = Question.objects.get(code="A1", axis__framework_version=draft.framework_version)
    services.answer_record(assessment=draft, question=question, by=consultant, level=2)
    progress = assessment_progress(draft)
    assert (progress.answered, progress.percent, progress.next_axis.code) == (1, 33, "A")


def test_the_answer_counts_are_the_progress_in_numbers(draft, consultant, company):
    """What an autosave answers with: the same counts as the progress the pages show, the
    sector's questions only, "not applicable" answered, a comment alone not."""
    company.sector = "agrifood"  # B2 is asked of agri-food PMEs only
    company.save(update_fields=["sector"])
    draft.company.sector = "agrifood"
    version = draft.framework_version
    for code, level, na, comment in (("A1", 2, False, None), ("B2", None, True, "Sans objet")):
        services.answer_record(
            assessment=draft,
            question=Question.objects.get(code=code, axis__framework_version=version),
            by=consultant,
            level=level,
            not_applicable=na,
            comment=comment,
        )
    services.answer_record(
        assessment=draft,
        question=Question.objects.get(code="A2", axis__framework_version=version),
        by=consultant,
        comment="À revoir",
    )
    progress, counts = assessment_progress(draft), answer_counts(draft)
    assert counts.axes == {row.axis.id: (row.total, row.answered) for row in progress.axes}
    assert (counts.answered, counts.total, counts.percent) == (2, 4, 50)
    assert (progress.answered, progress.total, progress.percent) == (2, 4, 50)


def test_the_result_has_score_target_gap_and_stage_per_axis(draft, consultant):
    for code, level in (("A1", 1), ("A2", 3), ("B1", 4)):
        question = Question.objects.get(code=code, axis__framework_version=draft.framework_version)
        services.answer_record(assessment=draft, question=question, by=consultant, level=level)
    result = assessment_result(draft)
    row_a, row_b = result.rows
    assert (row_a.score, row_a.percent, row_a.stage.level, row_a.gap) == (2.5, 50, 2, 0.5)
    assert (row_b.score, row_b.target, row_b.gap, row_b.stage.name_fr) == (4, 3, 0, "Niveau 4")
    # Overall: (2.5 × 2 + 4 × 1) / 3 = 3.
    assert result.overall == pytest.approx(3.0)
    assert result.overall_stage.level == 3
