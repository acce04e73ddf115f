"""Which actions make the bank, for whom, filtered and summed: a recount by hand."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.bank.selectors import BankFilters, bank_projects, bank_totals
from tests.factories import CompanyFactory
from tests.reports.bank.cohort import Bank, diagnostic, project

pytestmark = pytest.mark.django_db


def titles(bank: Bank, who: str, **filters: object) -> list[str]:
    found = bank_projects(bank.users[who], BankFilters(**filters))  # type: ignore[arg-type]
    return sorted(item.display_title for item in found)


def test_only_the_latest_validated_roadmap_counts_and_nothing_removed_or_dropped(bank) -> None:
    assert titles(bank, "coordinator") == [
        "Action A1",
        "Ligne automatisée",
        "MES atelier",
        "Traçabilité",
    ]


def test_the_totals_are_the_sums_of_the_cost_ranges(bank) -> None:
    totals = bank_totals(bank_projects(bank.users["coordinator"], BankFilters()))
    assert (totals.projects, totals.pmes) == (4, 3)
    # Low: 100,000 (library) + 80,000 + 1,000,000 + 200,000; high: 300,000 instead of 100,000.
    assert totals.cost_low == Decimal(1_380_000)
    assert totals.cost_high == Decimal(1_580_000)
    assert totals.by_status == {"planned": 3, "in_progress": 1}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ce3m", ["Action A1", "Ligne automatisée", "MES atelier"]),
        ("agro", ["Traçabilité"]),
        ("consultant", ["Action A1", "MES atelier"]),
        ("manager", []),
    ],
)
def test_each_sees_their_own_scope(bank, who: str, expected: list[str]) -> None:
    assert titles(bank, who) == expected


def test_filters(bank) -> None:
    assert titles(bank, "coordinator", funding=("bank_credit",)) == ["Action A1"]
    assert titles(bank, "coordinator", sectors=("agrifood",)) == ["Ligne automatisée"]
    assert titles(bank, "coordinator", axes=("B",)) == ["Ligne automatisée"]
    assert titles(bank, "coordinator", horizons=("long",)) == ["Ligne automatisée"]
    assert titles(bank, "coordinator", statuses=("in_progress",)) == ["Ligne automatisée"]
    assert titles(bank, "coordinator", clusters=("agro",)) == ["Traçabilité"]
    # A cost band keeps the projects whose range meets it.
    assert titles(bank, "coordinator", cost_min=Decimal(250_000)) == [
        "Action A1",
        "Ligne automatisée",
    ]
    assert titles(bank, "coordinator", cost_max=Decimal(90_000)) == ["MES atelier"]


def test_a_cluster_filter_cannot_widen_the_scope(bank) -> None:
    assert titles(bank, "ce3m", clusters=("agro",)) == []


def test_sorting_by_cost(bank) -> None:
    found = bank_projects(bank.users["coordinator"], BankFilters(sort="cost_desc"))
    assert [item.display_title for item in found][:2] == ["Ligne automatisée", "Action A1"]


def _queries(bank: Bank) -> int:
    with CaptureQueriesContext(connection) as captured:
        found = bank_projects(bank.users["coordinator"], BankFilters())
        for item in found:
            assert item.roadmap.assessment.company.cluster.name
            assert item.axis.name
        bank_totals(found)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_pmes(bank) -> None:
    _queries(bank)  # the user's roles, read once per user
    before = _queries(bank)
    for n in range(5):
        company = CompanyFactory(
            cluster=bank.agro, sector="textile", consultants=[bank.users["other"]]
        )
        project(diagnostic(company, bank.version), bank.version, title=f"X{n}", budget=1)
    assert _queries(bank) == before
