"""A consultant writes day 1's agenda, invites the PME's people, marks who came, signs the day
off with the PME's representative and prints the day sheet; all by visible labels, in French."""

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.accompaniment import services as plan_services
from assessments.accompaniment.models import Plan, PlanDay
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agreed_plan(default_version, groups) -> Plan:
    consultant = UserFactory(username="amina", role=Role.CONSULTANT)
    company = CompanyFactory(cluster=ClusterFactory(), consultants=[consultant])
    assessment: Assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=1)
    services.assessment_submit(assessment=assessment, by=consultant)
    return plan_services.plan_agree(plan=plan_services.plan_propose(assessment=assessment))


def test_a_consultant_prepares_runs_and_signs_off_a_day(
    page: Page, log_in, agreed_plan: Plan, tmp_path: Path
) -> None:
    log_in(agreed_plan.assessment.consultant)
    page.goto(agreed_plan.get_absolute_url())
    page.get_by_role("link", name="Ouvrir le jour 1").click()

    page.get_by_label("Programme du matin").fill("Lancement avec la direction ; visite d'atelier")
    page.get_by_label("Programme de l'après-midi").fill("Cartographie des flux avec les chefs")
    page.get_by_label("Préparation demandée à la PME").fill("Ordres de fabrication du mois")
    page.get_by_role("button", name="Enregistrer la journée").click()
    expect(page.get_by_text("Journée enregistrée.")).to_be_visible()

    for name, role in (("Salma Bennani", "DG"), ("Youssef Amrani", "Production")):
        page.get_by_label("Nom du participant").fill(name)
        page.get_by_label("Fonction dans la PME").fill(role)
        page.get_by_role("button", name="Inviter").click()
        expect(page.get_by_text(f"{name} est invité.")).to_be_visible()

    # Signing before saying who came is refused, and the name typed stays.
    page.get_by_label("Représentant de la PME qui signe").fill("Salma Bennani")
    page.get_by_role("button", name="Signer la journée").click()
    expect(page.get_by_text("Indiquez qui, parmi les invités, est venu")).to_be_visible()
    expect(page.get_by_label("Représentant de la PME qui signe")).to_have_value("Salma Bennani")

    page.get_by_label("Salma Bennani (DG)").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    page.get_by_label("Représentant de la PME qui signe").fill("Salma Bennani")
    page.get_by_role("button", name="Signer la journée").click()
    expect(page.get_by_role("status").filter(has_text="Signée le")).to_be_visible()
    expect(page.get_by_role("button", name="Inviter")).to_have_count(0)

    day = PlanDay.objects.get(plan=agreed_plan, number=1)
    assert day.signed_by == agreed_plan.assessment.consultant
    assert day.pme_signatory == "Salma Bennani"
    assert [(p.name, p.present) for p in day.participants.order_by("id")] == [
        ("Salma Bennani", True),
        ("Youssef Amrani", False),
    ]

    sheet = page.get_by_role("link", name="Imprimer la feuille de la journée")
    response = page.request.get(sheet.get_attribute("href") or "")
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("Feuille d'émargement", "Salma Bennani", "Youssef Amrani", "Signature"):
        assert expected in text
    assert page.js_errors == []  # type: ignore[attr-defined]
