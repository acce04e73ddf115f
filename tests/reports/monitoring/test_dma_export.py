"""The funder workbook's EU DMA sheet (reports/monitoring/exports/dma.py), read back."""

import pytest
import yaml

from assessments.models import Answer, Assessment
from diagnostics.framework_io import parse_framework
from diagnostics.models import Question
from diagnostics.services import framework_import
from tests.conftest import SMALL_FRAMEWORK
from tests.reports.monitoring.test_exports import by_header, workbook
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db

CROSSWALK = {"automation_ai": {"A1": 1, "A2": 3}, "green_digitalisation": {"B1": 1}}


@pytest.fixture
def dataset(small_version, staff_and_coordinator):  # type: ignore[no-untyped-def]
    data = se_dataset(small_version)
    source = yaml.safe_load(SMALL_FRAMEWORK) | {"dma": CROSSWALK}
    framework_import(spec=parse_framework(yaml.safe_dump(source)))  # the crosswalk, loaded
    t0 = Assessment.objects.get(company__name="P1", kind="T0")
    for code, level, na in [("A1", 2, False), ("A2", 4, False), ("B1", None, True)]:
        question = Question.objects.get(code=code, axis__framework_version=small_version)
        Answer.objects.create(assessment=t0, question=question, level=level, not_applicable=na)
    data["c1"].staff.add(staff_and_coordinator[0])
    return data


@pytest.fixture
def staff_and_coordinator(groups):  # type: ignore[no-untyped-def]
    from assessments.roles import Role
    from tests.factories import UserFactory

    staff = UserFactory(username="staff-dma", role=Role.CLUSTER_STAFF)
    return staff, UserFactory(username="coord-dma", role=Role.COORDINATOR)


def dma_rows(user, scope: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    sheet = workbook(user, f"/reports/se/TOTAL/{scope}/logframe.xlsx")["EU DMA"]
    return by_header(sheet)


def test_each_validated_diagnostic_of_the_scope_has_its_dma_scores(
    dataset, staff_and_coordinator
) -> None:
    rows = dma_rows(staff_and_coordinator[0], "ce3m")
    p1 = next(r for r in rows if r["PME"] == "P1" and r["Diagnostic"] == "Baseline (T0)")
    assert p1["Automation and artificial intelligence"] == 70  # (40 + 3 × 80) / 4
    assert p1["Green digitalisation"] == "not covered"  # its one question is N/A, not 0
    assert p1["Digital business strategy"] == "not covered"
    assert p1["DMA overall"] == 70
    assert p1["Dimensions covered"] == 1


def test_the_sheet_keeps_to_the_scope_and_to_validated_consultant_diagnostics(
    dataset, staff_and_coordinator
) -> None:
    staff, coordinator = staff_and_coordinator
    names = {r["PME"] for r in dma_rows(staff, "ce3m") if r["Cluster"]}
    assert names == {"P1", "P2", "P3"}  # P4 is only submitted, P5 in the other cluster
    everyone = {r["PME"] for r in dma_rows(coordinator, "programme") if r["Cluster"]}
    assert everyone == {"P1", "P2", "P3", "P5"}


def test_the_means_count_the_diagnostics_and_skip_the_uncovered(
    dataset, staff_and_coordinator
) -> None:
    rows = dma_rows(staff_and_coordinator[0], "ce3m")
    means = {r["PME"]: r for r in rows if str(r["PME"]).startswith("Mean")}
    baseline = means["Mean, Baseline (T0) (n = 3)"]
    assert baseline["Automation and artificial intelligence"] == 70
    assert baseline["Green digitalisation"] is None


def test_the_sheet_reads_the_same_number_of_queries_for_more_diagnostics(
    dataset, staff_and_coordinator, small_version
) -> None:
    """At national scale the sheet must not ask the database once per diagnostic."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.monitoring.models import Period
    from reports.monitoring.selectors.dma import dma_lines
    from tests.factories import CompanyFactory
    from tests.reports.monitoring.test_indicators_computed import assessment, at, day

    total, coordinator = Period.objects.get(code="TOTAL"), staff_and_coordinator[1]

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            lines = dma_lines(period=total, cluster=None, viewer=coordinator)
        assert lines
        return len(context.captured_queries)

    queries()  # the viewer's roles, read once and kept
    before = queries()
    p1_t0 = Assessment.objects.select_related("company").get(company__name="P1", kind="T0")
    consultant, p1 = p1_t0.consultant, p1_t0.company
    for number in range(3):
        # Questions are read once per framework version and sector: P1's sector here.
        company = CompanyFactory(cluster=dataset["c1"], name=f"Extra {number}", sector=p1.sector)
        t0 = assessment(
            company,
            consultant,
            small_version,
            "T0",
            Assessment.Status.VALIDATED,
            day(7, 10 + number),
            "2.0",
            {},
            validated=at(7, 12 + number),
        )
        question = Question.objects.get(code="A1", axis__framework_version=small_version)
        Answer.objects.create(assessment=t0, question=question, level=3)
    assert queries() == before
