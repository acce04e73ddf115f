"""An auditor's recount of the results chain on a hand-built cohort: jobs by sex, turnover and
exports growth, energy, water, CO₂e from kWh × the factor valid at the date, investment; a
measurement awaiting validation counts nowhere."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import Assessment
from assessments.roles import Role
from reports.monitoring.indicators import Window, compute
from reports.monitoring.models import EmissionFactor
from reports.monitoring.selectors.indicators import indicator_frames
from reports.monitoring.services.measurements import measurement_create, measurement_validate
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db
TO_DATE = Window(None, datetime.date(2026, 12, 31))
BASE = (datetime.date(2024, 12, 1), datetime.date(2025, 11, 30))
FOLLOW = (datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
LINK = "https://example.org/factures"


@pytest.fixture
def cohort(groups):  # type: ignore[no-untyped-def]
    consultant = UserFactory(username="cons", role=Role.CONSULTANT)
    c1, c2 = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    staff = {c: UserFactory(username=f"staff-{c.code}", role=Role.CLUSTER_STAFF) for c in (c1, c2)}
    for cluster, user in staff.items():
        cluster.staff.add(user)
    p1 = CompanyFactory(cluster=c1, name="P1", women_led=True, consultants=[consultant])
    p2 = CompanyFactory(cluster=c1, name="P2", consultants=[consultant])
    p3 = CompanyFactory(cluster=c2, name="P3", consultants=[consultant])
    for carrier, start, factor, placeholder in (
        ("electricity", datetime.date(2020, 1, 1), "0.5", True),
        ("electricity", datetime.date(2026, 6, 1), "0.4", False),
        ("natural_gas", datetime.date(2006, 1, 1), "0.2", False),
    ):
        EmissionFactor.objects.create(
            carrier=carrier,
            valid_from=start,
            kg_co2e_per_kwh=Decimal(factor),
            source="test",
            placeholder=placeholder,
        )

    def measure(company, stage, months, validate=True, **figures):  # type: ignore[no-untyped-def]
        made = measurement_create(
            by=consultant,
            company=company,
            stage=stage,
            period_start=months[0],
            period_end=months[1],
            evidence_link=LINK,
            **figures,
        )
        if validate:
            measurement_validate(measurement=made, by=staff[company.cluster])
        return made

    energy_before = {"electricity": Decimal(100_000), "natural_gas": Decimal(50_000)}
    energy_after = {"electricity": Decimal(90_000), "natural_gas": Decimal(40_000)}
    measure(
        p1,
        "baseline",
        BASE,
        jobs_women=10,
        jobs_men=20,
        water_m3=1000,
        energy=energy_before,
        turnover_mad=Decimal(10_000_000),
        exports_mad=Decimal(2_000_000),
    )
    measure(
        p1,
        "follow_up",
        FOLLOW,
        jobs_women=13,
        jobs_men=18,
        water_m3=800,
        investment_mad=Decimal(500_000),
        energy=energy_after,
        turnover_mad=Decimal(11_000_000),
        exports_mad=Decimal(1_500_000),
    )
    measure(
        p2,
        "baseline",
        BASE,
        jobs_women=4,
        jobs_men=4,
        energy=energy_before,
        turnover_mad=Decimal(1_000_000),
        exports_mad=Decimal(100_000),
    )
    measure(
        p2,
        "follow_up",
        FOLLOW,
        validate=False,
        jobs_women=40,
        jobs_men=40,
        investment_mad=Decimal(1_000_000),
        energy={"electricity": Decimal(1)},
        turnover_mad=Decimal(9_000_000),
        exports_mad=Decimal(900_000),
    )
    measure(
        p3,
        "baseline",
        BASE,
        jobs_women=5,
        jobs_men=5,
        turnover_mad=Decimal(4_000_000),
        exports_mad=Decimal(0),
    )
    measure(
        p3,
        "follow_up",
        FOLLOW,
        jobs_women=7,
        jobs_men=5,
        turnover_mad=Decimal(5_000_000),
        exports_mad=Decimal(300_000),
    )
    return {"p1": p1, "p2": p2, "p3": p3, "c1": c1, "consultant": consultant}


def value(code: str, cluster=None, dims: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return compute(code, indicator_frames(cluster=cluster), TO_DATE, list(dims))


def by(outcome, dimension: str) -> dict[str, tuple[float | None, int]]:  # type: ignore[no-untyped-def]
    return {c.category: (c.value, c.n) for c in outcome.breakdown if c.dimension == dimension}


def test_jobs_created_by_sex(cohort) -> None:
    # P1: women 10 → 13 (+3), men 20 → 18 (none created); P3: women 5 → 7 (+2), men 5 → 5.
    # P2's follow-up awaits validation: P2 is not paired.
    created = value("jobs-created", dims=("sex", "cluster"))
    assert (created.value, created.n) == (5, 2)
    assert by(created, "sex") == {"F": (5, 2), "M": (0, 2)}
    assert by(created, "cluster") == {"agro": (2, 1), "ce3m": (3, 1)}


def test_jobs_maintained_by_sex(cohort) -> None:
    # P1: min(10, 13) + min(20, 18) = 28; P3: 5 + 5 = 10.
    kept = value("jobs-maintained", dims=("sex",))
    assert kept.value == 38
    assert by(kept, "sex") == {"F": (15, 2), "M": (23, 2)}


def test_a_measurement_awaiting_validation_counts_nowhere(cohort) -> None:
    assert value("investment-triggered").value == 500_000  # not P2's 1,000,000
    codes = {s["code"] for s in value("jobs-created").sources}
    p2_codes = {str(m.code) for m in cohort["p2"].measurements.all()}
    assert codes
    assert not codes & p2_codes


def test_energy_and_water_saved(cohort) -> None:
    # P1 only (P3 reported no energy): 150,000 → 130,000 kWh; water 1,000 → 800 m³.
    assert value("energy-saved-kwh").value == 20_000
    assert value("energy-saved-pct").value == pytest.approx(20_000 / 150_000 * 100, abs=1e-3)
    assert value("water-saved-m3").value == 200
    assert value("water-saved-pct").value == 20


def test_turnover_growth_is_the_mean_change_of_the_paired_pmes(cohort) -> None:
    # P1: 10 M → 11 M (+10 %); P3: 4 M → 5 M (+25 %); P2's follow-up awaits validation.
    growth = value("turnover-growth-pct", dims=("cluster",))
    assert (growth.value, growth.n) == (pytest.approx(17.5), 2)
    assert by(growth, "cluster") == {"agro": (25, 1), "ce3m": (10, 1)}


def test_exports_growth_counts_only_pmes_exporting_at_baseline(cohort) -> None:
    # P1: 2 M → 1.5 M (−25 %); P3 exported nothing at baseline: no percentage, not counted.
    growth = value("exports-growth-pct")
    assert (growth.value, growth.n) == (-25, 1)
    assert {s["code"] for s in growth.sources} == {
        str(m.code) for m in cohort["p1"].measurements.all()
    }


def test_co2e_is_kwh_times_the_factor_valid_at_the_date(cohort) -> None:
    # Baseline (ends 30 Nov 2025): 100,000 × 0.5 + 50,000 × 0.2 = 60,000 kg.
    # Follow-up (ends 30 Nov 2026, the grid factor 0.4 since 1 Jun 2026): 36,000 + 8,000.
    avoided = value("co2e-avoided")
    assert avoided.value == pytest.approx(16.0)
    assert avoided.n == 1


def test_a_carrier_without_a_factor_at_the_date_leaves_the_pme_out(cohort) -> None:
    EmissionFactor.objects.filter(carrier="natural_gas").update(
        valid_from=datetime.date(2026, 1, 1)
    )
    assert value("co2e-avoided").value == 0
    assert value("co2e-avoided").n == 0


def test_women_led_pmes_accompanied_have_a_validated_t0(cohort, small_version) -> None:
    assert value("women-led-pmes").value == 0
    for company, status in ((cohort["p1"], "validated"), (cohort["p2"], "validated")):
        Assessment.objects.create(
            company=company,
            framework_version=small_version,
            kind="T0",
            status=status,
            consultant=cohort["consultant"],
            visit_date=datetime.date(2026, 3, 1),
            validated_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC),
        )
    women_led = value("women-led-pmes", dims=("cluster",))
    assert (women_led.value, women_led.n) == (1, 1)
    assert by(women_led, "cluster") == {"ce3m": (1, 1)}


def test_a_cluster_counts_its_own_pmes(cohort) -> None:
    assert value("jobs-created", cluster=cohort["c1"]).value == 3


def test_a_mean_percentage_shows_no_numerator_over_n() -> None:
    from reports.monitoring.indicators import is_share
    from reports.monitoring.models import Indicator
    from reports.templatetags.se_tags import se_amount

    assert not is_share("turnover-growth-pct")
    assert not is_share("energy-saved-pct")
    assert is_share("pct-full-eight-days")
    growth = Indicator(code="turnover-growth-pct", unit="percent", min_n=5)
    share = Indicator(code="pct-full-eight-days", unit="percent", min_n=5)
    assert "/" not in se_amount(6.5, growth, 8)  # not "6,5 % (1/8)"
    assert "(5/8)" in se_amount(62.5, share, 8)
