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
from tests.assessments.accompaniment.test_plans import submitted  # noqa: F401 (fixture)
from tests.factories import UserFactory

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
