"""A reported S&E value is flagged stale once the data behind it changes: by the recheck
its change marked, before anyone reads it (tasks in-process, as here: on reading)."""

import pytest

from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.roles import Role
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.services import indicators as services
from reports.monitoring.services import rechecks
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


def approved(indicator: str, cluster, coordinator) -> IndicatorValue:  # type: ignore[no-untyped-def]
    value = services.indicator_value_submit(
        indicator=Indicator.objects.get(code=indicator),
        period=Period.objects.get(code="2026-Q4"),
        cluster=cluster,
        by=coordinator,
    )
    second = UserFactory(role=Role.COORDINATOR)  # four eyes: another person approves
    return services.indicator_value_approve(value=value, by=second)


def p3_baseline() -> Assessment:
    """P3 (ce3m): its T0, validated on 15 October, counts in 2026-Q4."""
    return Assessment.objects.get(company__name="P3", kind=Assessment.Kind.BASELINE)


def test_reopening_a_diagnostic_flags_the_approved_values_it_fed(
    dataset, django_capture_on_commit_callbacks
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    mine = approved("pme-t0-validated", dataset["c1"], coordinator)
    programme = approved("pme-t0-validated", None, coordinator)
    other_cluster = approved("pme-t0-validated", dataset["c2"], coordinator)
    assessment = p3_baseline()

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(
            assessment=assessment, by=coordinator, reason="Erreur de saisie"
        )
    mine.refresh_from_db()
    assert not mine.stale  # not in the request that changed the data
    rechecks.rechecks_catch_up()  # what reading the dashboard or the queue does first

    for value in (mine, programme, other_cluster):
        value.refresh_from_db()
    assert mine.stale
    assert programme.stale
    assert mine.recomputed_value == mine.value - 1
    assert mine.status == IndicatorValue.Status.APPROVED  # never overwritten
    assert mine.changes.filter(action="stale").exists()
    assert not other_cluster.stale


def test_a_change_that_leaves_the_value_as_it_was_flags_nothing(
    dataset, django_capture_on_commit_callbacks
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    value = approved("pme-t0-validated", dataset["c1"], coordinator)
    company = p3_baseline().company

    with django_capture_on_commit_callbacks(execute=True):
        company.city = "Kénitra"
        company.save()
    rechecks.rechecks_catch_up()

    value.refresh_from_db()
    assert not value.stale


def test_a_locked_period_is_left_alone(dataset, django_capture_on_commit_callbacks) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    value = approved("pme-t0-validated", dataset["c1"], coordinator)
    services.period_lock(period=value.period, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(
            assessment=p3_baseline(), by=coordinator, reason="Erreur"
        )
    rechecks.rechecks_catch_up()

    value.refresh_from_db()
    assert not value.stale
