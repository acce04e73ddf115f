"""PME measurements in the app: forms in French and English ("1,5" and "1 250 000,50"),
four-eyes validation, the CO₂e shown with its factor and source, 404 outside the scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from assessments.forms import normalise_number as normalise_quantity
from assessments.roles import Role
from reports.monitoring.forms import MeasurementForm
from reports.monitoring.models import EmissionFactor, Measurement
from reports.monitoring.services.measurements import (
    measurement_create,
    measurement_update,
    measurement_validate,
)
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

LINK = "https://example.org/factures"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("1 250 000,50", "1250000.50"),
        ("1\u202f250\u202f000", "1250000"),
        ("1.250.000,5", "1250000.5"),
        ("1,250,000.5", "1250000.5"),
    ],
)
def test_quantities_are_read_the_way_people_type_them(typed: str, read: str) -> None:
    assert normalise_quantity(typed) == read


@pytest.fixture
def pme(groups):  # type: ignore[no-untyped-def]
    consultant = UserFactory(username="cons", role=Role.CONSULTANT)
    staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    cluster = ClusterFactory(code="ce3m")
    cluster.staff.add(staff)
    company = CompanyFactory(cluster=cluster, consultants=[consultant])
    return {"company": company, "consultant": consultant, "staff": staff}


def enter(pme, **changes):  # type: ignore[no-untyped-def]
    arguments = {
        "by": pme["consultant"],
        "company": pme["company"],
        "stage": "baseline",
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "evidence_link": LINK,
        "energy": {"electricity": Decimal(1000)},
        **changes,
    }
    return measurement_create(**arguments)


@pytest.mark.django_db
def test_it_refuses_figures_without_evidence(pme) -> None:
    with pytest.raises(ValidationError, match="evidence"):
        enter(pme, evidence_link="")


@pytest.mark.django_db
def test_it_refuses_someone_outside_the_pme(pme) -> None:
    other = UserFactory(username="other-staff", role=Role.CLUSTER_STAFF)
    ClusterFactory(code="agro").staff.add(other)
    with pytest.raises(ValidationError):
        enter(pme, by=other)


@pytest.mark.django_db
def test_four_eyes_then_frozen(pme) -> None:
    entered = enter(pme)
    with pytest.raises(ValidationError):
        measurement_validate(measurement=entered, by=pme["consultant"])
    validated = measurement_validate(measurement=entered, by=pme["staff"])
    assert validated.is_validated
    with pytest.raises(ValidationError):
        measurement_update(measurement=validated, by=pme["staff"], jobs_men=3)


@pytest.mark.django_db
def test_a_diagnostic_of_another_pme_is_refused(pme, small_version) -> None:
    from assessments.models import Assessment

    elsewhere = Assessment.objects.create(
        company=CompanyFactory(),
        framework_version=small_version,
        consultant=pme["consultant"],
        visit_date=datetime.date(2026, 1, 5),
    )
    with pytest.raises(ValidationError, match="another PME"):
        enter(pme, assessment=elsewhere)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_form_reads_french_decimals_in_both_languages(pme, language: str) -> None:
    data = {
        "stage": "follow_up",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "jobs_women": "12",
        "turnover_mad": "1 250 000,50",
        "water_m3": "1,5",
        "kwh_electricity": "120 000",
        "evidence_link": LINK,
    }
    with translation.override(language):
        form = MeasurementForm(data, company=pme["company"])
        assert form.is_valid(), form.errors
    arguments = form.service_arguments()
    assert arguments["turnover_mad"] == Decimal("1250000.50")
    assert arguments["water_m3"] == Decimal("1.5")
    assert arguments["energy"]["electricity"] == Decimal(120000)
    assert arguments["energy"]["lpg"] is None


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_page_enters_then_another_person_validates(pme) -> None:
    company = pme["company"]
    page = login(pme["consultant"]).post(
        f"/reports/se/pmes/{company.code}/measurements/new/",
        {
            "stage": "baseline",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "jobs_women": "4",
            "kwh_electricity": "1 000",
            "evidence_link": LINK,
        },
    )
    assert page.status_code == 302
    measurement = Measurement.objects.get()
    EmissionFactor.objects.create(
        carrier="electricity",
        valid_from=datetime.date(2020, 1, 1),
        kg_co2e_per_kwh=Decimal("0.7"),
        source="Grid factor to confirm",
        placeholder=True,
    )
    shown = login(pme["staff"]).get(f"/reports/se/measurements/{measurement.code}/")
    text = shown.content.decode()
    assert "validate-measurement" in text
    assert "Grid factor to confirm" in text
    assert "700" in text  # 1,000 kWh × 0.7 kg
    validate = f"/reports/se/measurements/{measurement.code}/validate/"
    assert login(pme["consultant"]).post(validate).status_code == 403
    assert login(pme["staff"]).post(validate).status_code == 302
    measurement.refresh_from_db()
    assert measurement.is_validated


@pytest.mark.django_db
def test_a_bad_form_keeps_what_was_typed_and_says_why_in_french(pme) -> None:
    client = login(pme["consultant"])
    client.cookies["django_language"] = "fr"
    page = client.post(
        f"/reports/se/pmes/{pme['company'].code}/measurements/new/",
        {
            "stage": "baseline",
            "period_start": "2025-12-31",
            "period_end": "2025-01-01",
            "jobs_women": "4",
            "evidence_link": LINK,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert 'value="4"' in text
    assert "reports_measurement" not in text


@pytest.mark.django_db
def test_outside_the_scope_the_pages_are_404(pme) -> None:
    measurement = enter(pme)
    other = UserFactory(username="other-cons", role=Role.CONSULTANT)
    client = login(other)
    assert client.get(f"/reports/se/measurements/{measurement.code}/").status_code == 404
    url = f"/reports/se/pmes/{pme['company'].code}/measurements/"
    assert client.get(url).status_code == 404
