"""Rechecks coalesce: a burst of changes marks each scope once, one recheck clears it, and
the request that changed the data never runs it."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.roles import Role
from config.celery import app as celery_app
from reports.monitoring import tasks
from reports.monitoring.models import IndicatorValue, RecheckMark
from reports.monitoring.services import rechecks
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset
from tests.reports.monitoring.test_staleness import approved, p3_baseline

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


@pytest.fixture
def workers(monkeypatch) -> Iterator[list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """Celery workers (REDIS_URL set): the tasks sent are recorded, not run."""
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.indicators_recheck, "apply_async", lambda **options: sent.append(options)
    )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield sent
    celery_app.conf.task_always_eager = eager


def marks() -> set[str]:
    return set(RecheckMark.objects.values_list("scope", flat=True))


def change_cities(companies, capture) -> None:  # type: ignore[no-untyped-def]
    """One transaction per change, as when several users save one after another."""
    for company in companies:
        with capture(execute=True):
            company.city = f"{company.city}·"
            company.save()


def test_a_burst_of_changes_sends_one_delayed_recheck_per_scope(
    dataset, workers, django_capture_on_commit_callbacks, settings
) -> None:
    c1, c2 = dataset["c1"], dataset["c2"]
    firsts = list(c1.companies.all()) * 3 + list(c2.companies.all()) * 2

    change_cities(firsts, django_capture_on_commit_callbacks)

    assert sorted((s["kwargs"]["cluster_id"] or 0) for s in workers) == sorted([c1.pk, c2.pk, 0])
    assert {s["countdown"] for s in workers} == {settings.SE_RECHECK_DELAY}
    assert marks() == {f"cluster-{c1.pk}", f"cluster-{c2.pk}", "programme"}


def test_the_request_that_changes_the_data_runs_no_recheck(
    dataset, workers, django_capture_on_commit_callbacks
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    mine = approved("pme-t0-validated", dataset["c1"], coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(
            assessment=p3_baseline(), by=coordinator, reason="Erreur"
        )

    mine.refresh_from_db()
    assert not mine.stale
    assert workers  # sent, for a worker to run
    assert tasks.indicators_recheck(cluster_id=dataset["c1"].pk) == 1
    mine.refresh_from_db()
    assert mine.stale


def test_the_recheck_runs_once_for_the_burst(
    dataset, workers, django_capture_on_commit_callbacks
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    approved("pme-t0-validated", dataset["c1"], coordinator)
    change_cities(list(dataset["c1"].companies.all()) * 4, django_capture_on_commit_callbacks)
    cluster_id = dataset["c1"].pk

    assert tasks.indicators_recheck(cluster_id=cluster_id) == 1
    assert tasks.indicators_recheck(cluster_id=cluster_id) == 0  # a duplicate finds no mark
    assert f"cluster-{cluster_id}" not in marks()
    assert "programme" in marks()  # a scope of its own, rechecked by its own task


def test_a_change_after_the_recheck_began_is_rechecked_again(
    dataset, workers, django_capture_on_commit_callbacks
) -> None:
    companies = list(dataset["c1"].companies.all())[:1]
    change_cities(companies, django_capture_on_commit_callbacks)
    assert rechecks.recheck_claim(cluster_id=dataset["c1"].pk)
    workers.clear()

    change_cities(companies, django_capture_on_commit_callbacks)

    assert [s["kwargs"]["cluster_id"] for s in workers] == [dataset["c1"].pk]


def test_a_mark_whose_task_was_lost_sends_it_again(dataset, workers, settings) -> None:
    RecheckMark.objects.create(
        scope="programme",
        marked_at=timezone.now() - datetime.timedelta(seconds=settings.SE_RECHECK_RESEND + 1),
    )

    assert rechecks.recheck_mark(cluster_id=None)
    assert not rechecks.recheck_mark(cluster_id=None)  # sent again once, not on every change


@pytest.mark.usefixtures("eager_tasks")
def test_without_workers_the_next_reader_of_the_dashboard_rechecks(
    dataset, client, django_capture_on_commit_callbacks
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    mine = approved("pme-t0-validated", dataset["c1"], coordinator)
    programme = approved("pme-t0-validated", None, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.assessment_reopen(
            assessment=p3_baseline(), by=coordinator, reason="Erreur"
        )
    mine.refresh_from_db()
    assert not mine.stale
    client.force_login(coordinator)

    page = client.get(f"/reports/se/?period=2026-Q4&scope={dataset['c1'].code}")

    assert page.status_code == 200
    values = IndicatorValue.objects.filter(pk__in=[mine.pk, programme.pk])
    assert all(v.stale for v in values)
    assert marks() == set()


def test_a_change_rolled_back_is_not_rechecked_with_the_next_transaction(
    dataset, django_capture_on_commit_callbacks
) -> None:
    """A transaction that rolls back leaves no cluster behind for the next one (its
    clusters may not even exist: the CI saw marks naming clusters of an earlier test)."""
    from django.db import transaction

    from reports.monitoring import signals

    c1, c2 = dataset["c1"], dataset["c2"]
    RecheckMark.objects.all().delete()
    transaction.get_connection().run_on_commit.clear()  # what a rollback does to callbacks
    signals._pending.clusters = {c1.pk}  # and what it leaves in the thread
    with django_capture_on_commit_callbacks(execute=True):
        signals.schedule_recheck(c2.pk)
    marked = set(RecheckMark.objects.exclude(cluster=None).values_list("cluster_id", flat=True))
    assert marked == {c2.pk}
