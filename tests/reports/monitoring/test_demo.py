"""The S&E demo: programme activities recorded once, measurements entered and validated."""

import datetime

import pytest

from assessments.roles import Role
from reports.monitoring.demo import demo_activities_load, demo_measurements_load
from reports.monitoring.models import Activity, Measurement, Person
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.django_db
def test_programme_activities_are_created_once_for_all_clusters(groups) -> None:
    UserFactory(username="coordinateur", role=Role.COORDINATOR)
    for code in ("agro", "aero"):
        cluster = ClusterFactory(code=code)
        cluster.staff.add(UserFactory(username=f"staff-{code}", role=Role.CLUSTER_STAFF))
    created = demo_activities_load(today=TODAY, clusters=["agro", "aero"])
    # 12 webinars, the bootcamp, 3 events; per cluster: 1 S&E training and 2 mentoring.
    assert created == 16 + 2 * 3
    assert demo_activities_load(today=TODAY, clusters=["agro", "aero"]) == 0
    assert Activity.objects.filter(cluster__isnull=True).count() == 16
    assert Activity.objects.filter(date__gt=TODAY).count() == 0
    consultants = Person.objects.filter(role="consultant")
    assert consultants.count() == 12
    assert set(consultants.values_list("cluster__code", flat=True)) == {"agro", "aero"}
    assert set(consultants.values_list("sex", flat=True)) == {"F", "M"}


@pytest.mark.django_db
def test_measurements_are_entered_by_the_consultant_and_validated_by_staff(
    groups, small_version
) -> None:
    from assessments.models import Assessment

    consultant = UserFactory(username="c1", role=Role.CONSULTANT)
    staff = UserFactory(username="s1", role=Role.CLUSTER_STAFF)
    cluster = ClusterFactory(code="agro")
    cluster.staff.add(staff)
    company = CompanyFactory(cluster=cluster, consultants=[consultant])
    t0 = Assessment.objects.create(
        company=company,
        framework_version=small_version,
        consultant=consultant,
        visit_date=datetime.date(2026, 3, 10),
        status="validated",
        validated_at=datetime.datetime(2026, 3, 12, tzinfo=datetime.UTC),
    )
    Assessment.objects.create(
        company=company,
        framework_version=small_version,
        consultant=consultant,
        kind="T1",
        baseline=t0,
        visit_date=datetime.date(2026, 7, 10),
        status="submitted",
    )
    assert demo_measurements_load(clusters=["agro"]) == 2
    assert demo_measurements_load(clusters=["agro"]) == 0
    baseline = Measurement.objects.get(stage="baseline")
    assert (baseline.period_start, baseline.period_end) == (
        datetime.date(2025, 3, 1),
        datetime.date(2026, 2, 28),
    )
    assert baseline.is_validated
    assert baseline.entered_by == consultant
    assert baseline.validated_by == staff
    assert baseline.energy.count() == 3
