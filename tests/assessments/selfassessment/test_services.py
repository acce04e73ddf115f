"""The PME manager's self-assessment: who answers and reads it, how it meets the diagnostic."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services as diagnostic_services
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selfassessment import services
from assessments.selfassessment.models import DivergenceNote, SelfAssessment
from assessments.selfassessment.selectors import (
    form_questions,
    self_assessments_visible_to,
    self_view,
)
from tests.assessments.selfassessment.conftest import answer_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_manager_answers_and_submits_their_companys_self_assessment(
    company, manager, small_version
) -> None:
    mine = services.self_assessment_start(company=company, by=manager)
    assert services.self_assessment_start(company=company, by=manager) == mine  # one draft
    # An electronics PME: B2 (agri-food only) is not asked; none marked short: all others.
    assert [q.code for q in form_questions(mine)] == ["A1", "A2", "B1"]
    answer_all(mine, manager, {})
    services.self_assessment_submit(self_assessment=mine, by=manager)
    mine.refresh_from_db()
    assert mine.status == SelfAssessment.Status.SUBMITTED
    assert mine.submitted_at is not None


def test_it_refuses_to_submit_with_questions_unanswered_and_names_them(
    company, manager, small_version
) -> None:
    mine = services.self_assessment_start(company=company, by=manager)
    first = form_questions(mine)[0]
    services.self_answer_record(self_assessment=mine, question=first, by=manager, level=3)
    with pytest.raises(ValidationError, match="2 questions are not answered yet: A2, B1"):
        services.self_assessment_submit(self_assessment=mine, by=manager)
    mine.refresh_from_db()
    assert mine.is_editable
    assert mine.answers.get().level == 3  # what was answered stays


def test_a_submitted_self_assessment_no_longer_changes(submitted_self, manager) -> None:
    question = form_questions(submitted_self)[0]
    with pytest.raises(ValidationError, match="submitted"):
        services.self_answer_record(
            self_assessment=submitted_self, question=question, by=manager, level=5
        )


def test_only_the_companys_own_managers_answer_it(
    company, manager, other_manager, consultant, small_version
) -> None:
    with pytest.raises(PermissionDenied):
        services.self_assessment_start(company=company, by=other_manager)
    with pytest.raises(PermissionDenied):
        services.self_assessment_start(company=company, by=consultant)
    mine = services.self_assessment_start(company=company, by=manager)
    question = form_questions(mine)[0]
    for outsider in (other_manager, consultant):
        with pytest.raises(PermissionDenied):
            services.self_answer_record(
                self_assessment=mine, question=question, by=outsider, level=1
            )
        with pytest.raises(PermissionDenied):
            services.self_assessment_submit(self_assessment=mine, by=outsider)
    assert not mine.answers.exists()


def test_the_short_form_is_what_the_framework_marks(company, manager, small_version) -> None:
    small_version.axes.get(code="A").questions.filter(code="A2").update(short_form=True)
    mine = services.self_assessment_start(company=company, by=manager)
    assert [q.code for q in form_questions(mine)] == ["A2"]


def test_who_reads_the_self_assessment(
    company, submitted_self, manager, other_manager, consultant, other_consultant, cluster, groups
) -> None:
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    coordinator = UserFactory(role=Role.COORDINATOR)
    for reader in (manager, consultant, staff, coordinator):
        assert list(self_assessments_visible_to(reader)) == [submitted_self]
    for outsider in (other_manager, other_consultant):
        assert not self_assessments_visible_to(outsider).exists()


def test_the_consultant_does_not_read_the_managers_draft(
    company, manager, consultant, small_version
) -> None:
    draft = services.self_assessment_start(company=company, by=manager)
    assert list(self_assessments_visible_to(manager)) == [draft]
    assert not self_assessments_visible_to(consultant).exists()


def test_the_diagnostic_shows_the_managers_level_beside_and_flags_divergences(
    submitted_self, diagnostic
) -> None:
    view = self_view(diagnostic)
    assert view is not None
    pairs = {
        row.question.code: (row.pair.consultant, row.pair.manager)
        for row in view.by_question.values()
    }
    assert pairs == {"A1": (1, 4), "A2": (3, 2), "B1": (2, 0)}
    assert [row.question.code for row in view.divergences] == ["A1", "B1"]
    # Per axis: A = (1×1 + 3×3)/4 = 2.5 beside (4×1 + 2×3)/4 = 2.5; B = 2 beside 0.
    assert [(row.axis.code, row.consultant, row.manager) for row in view.axes] == [
        ("A", 2.5, 2.5),
        ("B", 2.0, 0.0),
    ]


def test_the_diagnostic_is_not_submitted_while_a_divergence_has_no_note(
    submitted_self, diagnostic, consultant
) -> None:
    with pytest.raises(ValidationError, match="A1, B1") as refused:
        diagnostic_services.assessment_submit(assessment=diagnostic, by=consultant)
    assert refused.value.code == "divergence_undiscussed"
    a1 = diagnostic.framework_version.axes.get(code="A").questions.get(code="A1")
    services.divergence_note_record(
        assessment=diagnostic, question=a1, note="Le MES n'est pas déployé", by=consultant
    )
    with pytest.raises(ValidationError, match="B1"):
        diagnostic_services.assessment_submit(assessment=diagnostic, by=consultant)
    b1 = diagnostic.framework_version.axes.get(code="B").questions.get(code="B1")
    services.divergence_note_record(
        assessment=diagnostic, question=b1, note="Vu ensemble", by=consultant
    )
    diagnostic_services.assessment_submit(assessment=diagnostic, by=consultant)
    diagnostic.refresh_from_db()
    assert diagnostic.status == Assessment.Status.SUBMITTED


def test_a_diagnostic_without_a_self_assessment_submits_as_before(diagnostic, consultant) -> None:
    assert self_view(diagnostic) is None
    diagnostic_services.assessment_submit(assessment=diagnostic, by=consultant)


def test_only_the_diagnostics_consultant_writes_a_divergence_note(
    submitted_self, diagnostic, manager, other_consultant
) -> None:
    a1 = diagnostic.framework_version.axes.get(code="A").questions.get(code="A1")
    for outsider in (manager, other_consultant):
        with pytest.raises(PermissionDenied):
            services.divergence_note_record(
                assessment=diagnostic, question=a1, note="Non", by=outsider
            )
    assert not DivergenceNote.objects.exists()


def test_an_emptied_note_is_removed(submitted_self, diagnostic, consultant) -> None:
    a1 = diagnostic.framework_version.axes.get(code="A").questions.get(code="A1")
    services.divergence_note_record(assessment=diagnostic, question=a1, note="Vu", by=consultant)
    services.divergence_note_record(assessment=diagnostic, question=a1, note="  ", by=consultant)
    assert not DivergenceNote.objects.exists()


def test_a_follow_up_is_set_beside_a_self_assessment_made_since_its_baseline(
    company, manager, consultant, submitted_self, diagnostic
) -> None:
    a1 = diagnostic.framework_version.axes.get(code="A").questions.get(code="A1")
    b1 = diagnostic.framework_version.axes.get(code="B").questions.get(code="B1")
    for question in (a1, b1):
        services.divergence_note_record(
            assessment=diagnostic, question=question, note="Vu", by=consultant
        )
    diagnostic_services.assessment_submit(assessment=diagnostic, by=consultant)
    follow_up = diagnostic_services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=diagnostic.visit_date,
        kind=Assessment.Kind.FOLLOW_UP,
        baseline=diagnostic,
    )
    assert self_view(follow_up) is None
    again = services.self_assessment_start(company=company, by=manager)
    answer_all(again, manager, {})
    services.self_assessment_submit(self_assessment=again, by=manager)
    view = self_view(follow_up)
    assert view is not None
    assert view.self_assessment == again
