"""An install's logframe becomes its default programme when it migrates (0010, 0011)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import Assessment
from assessments.roles import Role
from reports.monitoring.models import Activity, CompletionRule, Indicator, Period, Programme
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

BEFORE = [("reports", "0009_recheck_marks")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():  # type: ignore[no-untyped-def]
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_an_installs_logframe_becomes_its_default_programme(small_version, groups) -> None:
    ce3m, agro = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    consultant = UserFactory(username="c", role=Role.CONSULTANT)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    diagnosed = CompanyFactory(cluster=ce3m, name="Diagnosed")
    CompanyFactory(cluster=agro, name="Not yet")
    Assessment.objects.create(
        company=diagnosed,
        framework_version=small_version,
        consultant=consultant,
        visit_date=datetime.date(2026, 3, 2),
    )
    try:
        old = migrate(BEFORE)
        OldPeriod = old.get_model("reports", "Period")
        OldPeriod.objects.create(
            code="TOTAL",
            kind="total",
            name_fr="Total",
            name_en="Total",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2027, 12, 31),
        )
        result = old.get_model("reports", "Result").objects.create(
            code="impact", level="impact", statement_fr="I", statement_en="I"
        )
        old.get_model("reports", "Indicator").objects.create(
            code="uplift-mean",
            result=result,
            kind="computed",
            name_fr="Gain",
            name_en="Uplift",
            unit="points",
            across_scopes="mean",
            across_periods="last",
        )
        old.get_model("reports", "Activity").objects.create(
            kind="webinar", title="W1", date=datetime.date(2026, 5, 1), cluster_id=ce3m.pk
        )
        old.get_model("reports", "CompletionRule").objects.create(
            code="trained", name_fr="Formé", name_en="Trained", role="consultant"
        )
    finally:
        migrate(latest())

    programme = Programme.objects.get()
    assert programme.open_to_all
    assert (programme.start, programme.end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2027, 12, 31),
    )
    for model in (Period, Indicator, Activity, CompletionRule):
        assert set(model.objects.values_list("programme", flat=True)) == {programme.pk}
    assert set(programme.clusters.all()) == {ce3m, agro}
    assert list(programme.coordinators.all()) == [coordinator]
    joined = programme.participations.get()
    assert (joined.company, joined.joined_on) == (diagnosed, datetime.date(2026, 3, 2))


@pytest.mark.django_db(transaction=True)
def test_an_install_without_a_logframe_gets_no_programme_from_the_migration() -> None:
    ClusterFactory(code="ce3m")
    try:
        migrate(BEFORE)
    finally:
        migrate(latest())
    assert not Programme.objects.exists()
