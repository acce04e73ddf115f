"""Targets proposed from the scores, changed until validation, every change recorded."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from assessments import services as assessment_services
from assessments.accompaniment import services
from assessments.accompaniment.selectors import target_changes
from assessments.models import Assessment, AxisScore
from assessments.roles import Role
from tests.assessments.accompaniment.test_plans import fill, submitted  # noqa: F401 (fixture)
from tests.factories import VISIT, UserFactory

pytestmark = pytest.mark.django_db


def scored(assessment: Assessment, scores: list[str]) -> dict[str, Decimal]:
    """Give the axes these scores, in axis order; returns the axis codes' scores."""
    rows = AxisScore.objects.filter(assessment=assessment).select_related("axis")
    rows = rows.order_by("axis__order")
    result = {}
    for row, score in zip(rows, scores, strict=False):
        row.score = Decimal(score)
        row.save(update_fields=["score"])
        result[row.axis.code] = Decimal(score)
    return result


def levels(assessment: Assessment) -> dict[str, Decimal]:
    return {t.axis.code: t.level for t in assessment.targets.select_related("axis")}


def test_targets_are_proposed_one_stage_above_the_scores(submitted, consultant) -> None:  # noqa: F811
    scores = scored(submitted, ["2.4", "4.6", "5", "0.5"])
    services.targets_propose(assessment=submitted, by=consultant)
    proposed = levels(submitted)
    expected = {"2.4": 3, "4.6": 5, "5": 5, "0.5": 1}
    for code, score in scores.items():
        assert proposed[code] == expected[str(score)]
    changes = target_changes(submitted)
    assert changes
    assert all(c.proposed for c in changes)


def draft(company, consultant, default_version, **kwargs) -> Assessment:
    assessment = assessment_services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=VISIT,
        framework_version=default_version,
        **kwargs,
    )
    return assessment


def test_submitting_proposes_each_axis_one_stage_above_its_score(
    company, consultant, default_version
) -> None:
    assessment = draft(company, consultant, default_version)
    fill(assessment, consultant, level_of=lambda q: 1)
    assessment_services.assessment_submit(assessment=assessment, by=consultant)
    assert set(levels(assessment).values()) == {Decimal(2)}
    scores = {s.axis.code: s.score for s in assessment.axis_scores.select_related("axis")}
    assert set(scores.values()) == {Decimal(1)}
    changes = target_changes(assessment)
    assert len(changes) == len(scores)
    assert all(c.proposed and (c.before, c.after) == (Decimal(3), Decimal(2)) for c in changes)


def test_submitting_keeps_a_target_a_person_typed(company, consultant, default_version) -> None:
    assessment = draft(company, consultant, default_version)
    typed = assessment.targets.select_related("axis").order_by("axis__order").first()
    services.target_change(target=typed, level=Decimal("4.5"), by=consultant)
    fill(assessment, consultant, level_of=lambda q: 1)
    assessment_services.assessment_submit(assessment=assessment, by=consultant)
    proposed = levels(assessment)
    assert proposed.pop(typed.axis.code) == Decimal("4.5")
    assert set(proposed.values()) == {Decimal(2)}


def test_submitting_again_reproposes_only_what_nobody_changed(submitted, consultant) -> None:  # noqa: F811
    first, second = submitted.targets.select_related("axis").order_by("axis__order")[:2]
    services.target_change(target=first, level=Decimal(5), by=consultant)
    assessment_services.assessment_reopen(assessment=submitted, by=consultant, reason="Revu")
    answer = submitted.answers.filter(question__axis=second.axis).first()
    assessment_services.answer_record(
        assessment=submitted, question=answer.question, by=consultant, level=5
    )
    assessment_services.assessment_submit(assessment=submitted, by=consultant)
    first.refresh_from_db()
    second.refresh_from_db()
    score = submitted.axis_scores.get(axis=second.axis).score
    assert first.level == Decimal(5)
    assert score > 1
    assert second.level == Decimal(int(score) + 1)


def test_a_follow_up_keeps_the_targets_of_its_baseline(submitted, consultant) -> None:  # noqa: F811
    target = submitted.targets.select_related("axis").order_by("axis__order").first()
    services.target_change(target=target, level=Decimal("3.5"), by=consultant)
    baseline_levels = levels(submitted)
    follow_up = assessment_services.assessment_start(
        company=submitted.company,
        consultant=consultant,
        visit_date=VISIT,
        kind=Assessment.Kind.FOLLOW_UP,
        baseline=submitted,
    )
    fill(follow_up, consultant, level_of=lambda q: 4)
    assessment_services.assessment_submit(assessment=follow_up, by=consultant)
    assert levels(follow_up) == baseline_levels
    services.targets_propose(assessment=follow_up, by=consultant)  # asked for: all of them
    assert set(levels(follow_up).values()) == {Decimal(5)}


def test_a_changed_target_records_who_when_and_from_what(submitted, consultant) -> None:  # noqa: F811
    target = submitted.targets.select_related("axis").first()
    before = target.level
    services.target_change(target=target, level=Decimal("4.5"), by=consultant)
    change = target_changes(submitted)[0]
    assert (change.axis, change.before, change.after) == (
        target.axis.name,
        before,
        Decimal("4.5"),
    )
    assert change.by == (consultant.get_full_name() or consultant.username)
    assert not change.proposed


def test_targets_are_frozen_once_the_diagnostic_is_validated(submitted, consultant) -> None:  # noqa: F811
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    submitted.company.cluster.staff.add(staff)
    assessment_services.assessment_validate(assessment=submitted, by=staff)
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="validated"):
        services.targets_propose(assessment=submitted, by=consultant)
    with pytest.raises(ValidationError, match="validated"):
        services.target_change(target=submitted.targets.first(), level=Decimal(4), by=consultant)


def test_a_target_outside_0_to_5_is_refused(submitted, consultant) -> None:  # noqa: F811
    with pytest.raises(ValidationError, match="between 0 and 5"):
        services.target_change(target=submitted.targets.first(), level=Decimal(6), by=consultant)


def test_another_consultant_changes_no_target(submitted, other_consultant) -> None:  # noqa: F811
    with pytest.raises(PermissionDenied):
        services.targets_propose(assessment=submitted, by=other_consultant)


def url(assessment: Assessment) -> str:
    return reverse("assessments:roadmap_targets", args=[assessment.code])


def test_the_page_keeps_a_refused_level_and_says_why(
    client: Client,
    submitted,  # noqa: F811
    consultant,
) -> None:
    client.force_login(consultant)
    target = submitted.targets.order_by("axis__order").first()
    before = target.level
    response = client.post(url(submitted), {f"axis_{target.axis_id}": "7,5", "save": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="7,5"' in page
    assert "inférieure ou égale à 5" in page
    target.refresh_from_db()
    assert target.level == before
    response = client.post(url(submitted), {f"axis_{target.axis_id}": "3,5", "save": "1"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.level == Decimal("3.5")


def test_other_clusters_and_managers_write_no_target(
    client: Client,
    submitted,  # noqa: F811
    other_company,
    other_consultant,
) -> None:
    before = levels(submitted)
    client.force_login(other_consultant)
    assert client.post(url(submitted), {"propose": "1"}).status_code == 404
    manager = UserFactory(role=Role.PME_MANAGER)
    submitted.company.managers.add(manager)
    client.force_login(manager)
    assert client.post(url(submitted), {"propose": "1"}).status_code == 403
    assert levels(submitted) == before
