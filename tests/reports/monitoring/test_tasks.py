"""The S&E tasks Celery beat sends: the nightly indicator values, the recheck of reported ones."""

import datetime

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.roles import Role
from reports.monitoring import tasks
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.services import indicators as services
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset
from tests.reports.monitoring.test_staleness import approved, p3_baseline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


def stored() -> set[tuple[str, str]]:
    return set(
        IndicatorValue.objects.exclude(computed_at=None).values_list(
            "period__code", "cluster__code"
        )
    )


def test_the_nightly_refresh_stores_every_begun_open_period_for_every_scope(dataset) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    services.period_lock(period=Period.objects.get(code="2026-Q1"), by=coordinator)

    refreshed = services.indicator_tables_refresh(today=datetime.date(2026, 8, 15))

    begun_open = {"2026-Q2", "2026-Q3", "MID-TERM", "TOTAL"}
    scopes = {None, "ce3m", "agro"}
    assert stored() == {(period, scope) for period in begun_open for scope in scopes}
    computed = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED).count()
    assert len(refreshed) == computed * len(begun_open) * len(scopes)
    q3 = IndicatorValue.objects.get(
        indicator__code="pme-t0-validated", period__code="2026-Q3", cluster=None
    )
    assert (q3.value, q3.status) == (3, IndicatorValue.Status.DRAFT)


def test_the_nightly_task_refreshes_the_periods_begun_by_today(dataset) -> None:
    today = timezone.localdate()
    begun = Period.objects.filter(start__lte=today)

    count = tasks.indicator_tables_refresh.delay().get()

    assert {period for period, _scope in stored()} == set(begun.values_list("code", flat=True))
    assert count == IndicatorValue.objects.exclude(computed_at=None).count()


def test_the_recheck_catches_a_change_whose_own_recheck_never_ran(dataset) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    mine = approved("pme-t0-validated", dataset["c1"], coordinator)
    programme = approved("pme-t0-validated", None, coordinator)
    other_cluster = approved("pme-t0-validated", dataset["c2"], coordinator)
    # The change's own recheck waits for a commit that never comes here: as if its
    # message had been lost.
    assessment_services.assessment_reopen(
        assessment=p3_baseline(), by=coordinator, reason="Erreur de saisie"
    )
    mine.refresh_from_db()
    assert not mine.stale

    assert tasks.reported_values_recheck_all.delay().get() == 3

    for value in (mine, programme, other_cluster):
        value.refresh_from_db()
    assert (mine.stale, programme.stale, other_cluster.stale) == (True, True, False)
    assert mine.status == IndicatorValue.Status.APPROVED
