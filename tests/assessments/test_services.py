from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Answer, Assessment, AxisScore
from assessments.roles import Role
from diagnostics.models import Question
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(company, consultant, small_version):
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


def answer(assessment, consultant, code: str, level: int | None = None, na: bool = False) -> Answer:
    question = Question.objects.get(axis__framework_version=assessment.framework_version, code=code)
    return services.answer_record(
        assessment=assessment,
        question=question,
        by=consultant,
        level=level,
        not_applicable=na,
        comment="Aucune ligne concernée sur ce site." if na else None,
    )


def answer_all(assessment, consultant) -> None:
    answer(assessment, consultant, "A1", 1)
    answer(assessment, consultant, "A2", 5)
    answer(assessment, consultant, "B1", na=True)


def test_a_new_diagnostic_is_a_draft_with_a_target_per_axis(assessment) -> None:
    assert assessment.status == Assessment.Status.DRAFT
    assert sorted(t.axis.code for t in assessment.targets.all()) == ["A", "B"]
    assert all(t.level == Decimal(3) for t in assessment.targets.all())


def test_answering_twice_keeps_one_answer_with_the_last_level(assessment, consultant) -> None:
    answer(assessment, consultant, "A1", 2)
    answer(assessment, consultant, "A1", 4)
    assert [a.level for a in assessment.answers.all()] == [4]


def test_not_applicable_clears_the_level(assessment, consultant) -> None:
    answer(assessment, consultant, "A1", 2)
    saved = answer(assessment, consultant, "A1", 3, na=True)
    assert (saved.level, saved.not_applicable) == (None, True)


def test_a_level_out_of_range_is_refused(assessment, consultant) -> None:
    with pytest.raises(ValidationError):
        answer(assessment, consultant, "A1", 6)


def test_a_question_of_another_framework_is_refused(assessment, consultant, default_version):
    foreign = Question.objects.filter(axis__framework_version=default_version).first()
    with pytest.raises(ValidationError):
        services.answer_record(assessment=assessment, question=foreign, by=consultant, level=1)


def test_submitting_with_unanswered_questions_lists_them(assessment, consultant) -> None:
    answer(assessment, consultant, "A1", 1)
    with pytest.raises(ValidationError) as caught:
        services.assessment_submit(assessment=assessment, by=consultant)
    assert "A2, B1" in caught.value.messages[0]
    assert [q.code for q in caught.value.params["missing"]] == ["A2", "B1"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_a_question_of_another_sector_is_not_required(assessment, consultant) -> None:
    answer_all(assessment, consultant)  # B2 is for agri-food PMEs only
    services.assessment_submit(assessment=assessment, by=consultant)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.SUBMITTED


def test_submitting_stores_the_scores(assessment, consultant) -> None:
    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    assessment.refresh_from_db()
    # Axis A: (1×1 + 5×3) / 4 = 4; axis B: all N/A, no score; overall = A.
    assert assessment.overall_score == Decimal("4.00")
    scores = {s.axis.code: s.score for s in AxisScore.objects.filter(assessment=assessment)}
    assert scores == {"A": Decimal("4.00"), "B": None}


def test_a_submitted_diagnostic_is_read_only(assessment, consultant) -> None:
    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    with pytest.raises(ValidationError, match="Reopen it first"):
        answer(assessment, consultant, "A1", 0)
    with pytest.raises(ValidationError):
        services.targets_set(assessment=assessment, levels={})


def test_validating_locks_and_reopening_is_recorded(assessment, consultant, cluster) -> None:
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    services.assessment_validate(assessment=assessment, by=staff)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.VALIDATED
    with pytest.raises(ValidationError):
        answer(assessment, consultant, "A1", 0)
    with pytest.raises(ValidationError, match="Say why"):
        services.assessment_reopen(assessment=assessment, by=staff, reason="  ")
    services.assessment_reopen(assessment=assessment, by=staff, reason="Erreur sur l'axe A")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.overall_score is None
    last = assessment.events.last()
    assert (last.from_status, last.to_status, last.reason, last.by) == (
        "validated",
        "draft",
        "Erreur sur l'axe A",
        staff,
    )
    answer(assessment, consultant, "A1", 0)


def test_only_a_submitted_diagnostic_can_be_validated(assessment, consultant) -> None:
    with pytest.raises(ValidationError):
        services.assessment_validate(assessment=assessment, by=consultant)


def test_targets_must_stay_between_zero_and_five(assessment) -> None:
    axis_id = assessment.targets.first().axis_id
    with pytest.raises(ValidationError):
        services.targets_set(assessment=assessment, levels={axis_id: Decimal(7)})
    services.targets_set(assessment=assessment, levels={axis_id: Decimal("4.5")})
    assert assessment.targets.get(axis_id=axis_id).level == Decimal("4.5")


def test_a_follow_up_needs_a_submitted_baseline(company, consultant, small_version) -> None:
    with pytest.raises(ValidationError, match="baseline"):
        services.assessment_start(
            company=company, consultant=consultant, visit_date=VISIT, kind="T1"
        )


def test_a_follow_up_reuses_the_baseline_version_and_targets(assessment, consultant) -> None:
    target = assessment.targets.first()
    services.targets_set(assessment=assessment, levels={target.axis_id: Decimal(5)})
    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    follow_up = services.assessment_start(
        company=assessment.company, consultant=consultant, visit_date=VISIT, kind="T1"
    )
    assert follow_up.baseline == assessment
    assert follow_up.framework_version == assessment.framework_version
    assert follow_up.targets.get(axis_id=target.axis_id).level == Decimal(5)


def test_company_create_assigns_the_consultant_who_registers_it(consultant, company) -> None:
    cluster = company.cluster  # a consultant registers PMEs where they already work
    company = services.company_create(
        by=consultant,
        cluster=cluster,
        name="Nouvelle PME",
        ice="123456789012345",
        sector="agrifood",
        region="FMK",
        city="Fès",
        headcount="10-49",
    )
    assert list(company.consultants.all()) == [consultant]


def test_company_create_refuses_a_bad_ice(consultant, company) -> None:
    cluster = company.cluster  # a consultant registers PMEs where they already work
    with pytest.raises(ValidationError) as caught:
        services.company_create(
            by=consultant,
            cluster=cluster,
            name="X",
            ice="12345",
            sector="agrifood",
            region="FMK",
            city="Fès",
            headcount="10-49",
        )
    assert "ice" in caught.value.message_dict


def test_company_create_refuses_a_duplicate_ice(consultant, cluster, company) -> None:
    with pytest.raises(ValidationError):
        services.company_create(
            by=consultant,
            cluster=cluster,
            name="Doublon",
            ice=company.ice,
            sector="agrifood",
            region="FMK",
            city="Fès",
            headcount="10-49",
        )
    assert CompanyFactory._meta.model.objects.filter(name="Doublon").count() == 0


def revise(assessment, user, code: str, level: int, **kwargs) -> Answer:
    question = Question.objects.get(axis__framework_version=assessment.framework_version, code=code)
    return services.answer_record(
        assessment=assessment, question=question, by=user, level=level, **kwargs
    )


def test_a_stale_save_over_the_users_own_newer_revisions_is_no_conflict_on_the_questionnaire(
    assessment, consultant
) -> None:
    revise(assessment, consultant, "A1", 1)
    revise(assessment, consultant, "A1", 2, expected_revision=1)
    saved = revise(assessment, consultant, "A1", 4, expected_revision=1, own_changes_conflict=False)
    assert (saved.level, saved.revision) == (4, 3)
    assert Answer.objects.get().level == 4


def test_a_colleagues_revision_in_between_is_a_conflict_even_among_the_users_own(
    assessment, consultant, other_consultant
) -> None:
    revise(assessment, consultant, "A1", 1)
    revise(assessment, other_consultant, "A1", 3, expected_revision=1)
    revise(assessment, consultant, "A1", 2, expected_revision=2)
    with pytest.raises(services.AnswerConflict) as conflict:
        revise(assessment, consultant, "A1", 4, expected_revision=1, own_changes_conflict=False)
    assert conflict.value.answer.level == 2
    assert Answer.objects.get().level == 2


def test_a_revision_the_user_never_saw_is_a_conflict(assessment, consultant) -> None:
    revise(assessment, consultant, "A1", 1)
    with pytest.raises(services.AnswerConflict):
        revise(assessment, consultant, "A1", 4, expected_revision=7, own_changes_conflict=False)


def test_by_default_any_newer_revision_is_a_conflict_as_the_api_documents(
    assessment, consultant
) -> None:
    revise(assessment, consultant, "A1", 1)
    revise(assessment, consultant, "A1", 2, expected_revision=1)
    with pytest.raises(services.AnswerConflict):
        revise(assessment, consultant, "A1", 4, expected_revision=1)


def test_a_not_applicable_answer_without_a_reason_cannot_be_submitted(
    assessment, consultant
) -> None:
    answer_all(assessment, consultant)
    question = Question.objects.get(axis__framework_version=assessment.framework_version, code="B1")
    services.answer_record(
        assessment=assessment, question=question, by=consultant, not_applicable=True, comment=" "
    )
    with pytest.raises(ValidationError, match="B1"):
        services.assessment_submit(assessment=assessment, by=consultant)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT
    assert Answer.objects.get(assessment=assessment, question=question).not_applicable


def test_a_follow_up_shows_what_became_not_applicable_since_the_baseline(
    assessment, consultant, company
) -> None:
    from assessments.selectors import not_applicable_since_baseline

    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    follow_up = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, kind="T1", baseline=assessment
    )
    answer(follow_up, consultant, "A1", na=True)  # answered 1 at T0
    answer(follow_up, consultant, "A2", 5)
    answer(follow_up, consultant, "B1", na=True)  # already N/A at T0: no change
    changes = not_applicable_since_baseline(follow_up)
    assert [(c.question.code, c.baseline_level) for c in changes] == [("A1", 1)]
    assert changes[0].reason == "Aucune ligne concernée sur ce site."


def test_a_save_through_a_stale_draft_is_refused_once_submitted_elsewhere(
    assessment, consultant
) -> None:
    """The status is read again under the lock, whether the answer exists or not."""
    stale = Assessment.objects.get(pk=assessment.pk)
    answer_all(assessment, consultant)
    services.assessment_submit(assessment=assessment, by=consultant)
    assert stale.status == Assessment.Status.DRAFT
    with pytest.raises(ValidationError, match="Reopen it first"):
        answer(stale, consultant, "A1", 0)  # stored: read with its answer, in one query
    Answer.objects.filter(assessment=assessment, question__code="A1").delete()
    stale.status = Assessment.Status.DRAFT
    with pytest.raises(ValidationError, match="Reopen it first"):
        answer(stale, consultant, "A1", 0)  # none stored: the diagnostic alone
    assert not Answer.objects.filter(assessment=assessment, question__code="A1").exists()


def test_a_stored_answer_saved_again_keeps_its_diagnostic_and_history(
    assessment, consultant
) -> None:
    first = answer(assessment, consultant, "A1", 1)
    again = answer(assessment, consultant, "A1", 4)
    assert (again.pk, again.revision, again.level) == (first.pk, 2, 4)
    assert again.assessment is assessment
    assert list(again.history.order_by("history_id").values_list("revision", "level")) == [
        (0, None),
        (1, 1),
        (2, 4),
    ]
