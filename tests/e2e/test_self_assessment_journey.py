"""The PME's manager assesses the company before the visit; the consultant discusses the
divergences, notes them and submits. Driven by what the users read (French, the default)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Assessment, Company
from assessments.roles import Role
from assessments.selectors import applicable_questions
from assessments.selfassessment.models import DivergenceNote, SelfAssessment
from diagnostics.models import FrameworkVersion
from tests.factories import VISIT, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def choose(page: Page, code: str, label: str) -> None:
    """Click an option of a question and wait for its autosave."""
    question = page.get_by_role("group", name=re.compile(rf"^{code}\b"))
    with page.expect_response(lambda r: r.url.endswith(f"/self-assessment/answers/{code}/")):
        question.get_by_text(label, exact=True).click()
    expect(question.get_by_role("status")).to_have_text("Enregistré")


def consultants_draft(company: Company, consultant: User, version: FrameworkVersion) -> Assessment:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    levels = {"A1": 1, "A2": 3, "B1": 2}
    for question in applicable_questions(assessment):
        services.answer_record(
            assessment=assessment, question=question, by=consultant, level=levels[question.code]
        )
    return assessment


def test_the_manager_answers_and_the_consultant_discusses_the_divergences(
    page: Page, log_in, company, consultant, small_version, groups
) -> None:
    manager = UserFactory(username="gerant", role=Role.PME_MANAGER)
    company.managers.add(manager)

    log_in(manager)
    page.goto(f"/pme/{company.code}/")
    page.get_by_role("link", name="Auto-évaluation").click()
    page.get_by_role("button", name="Commencer l'auto-évaluation").click()
    choose(page, "A1", "A1 niveau 4")
    choose(page, "A2", "Sans objet pour notre entreprise")
    page.reload()  # what was chosen is saved, not only shown
    a1 = page.get_by_role("group", name=re.compile(r"^A1\b"))
    expect(a1.get_by_role("radio", name=re.compile("A1 niveau 4"))).to_be_checked()
    page.get_by_role("button", name="Soumettre l'auto-évaluation").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-danger"))).to_contain_text("B1")
    choose(page, "B1", "B1 niveau 0")
    page.get_by_role("button", name="Soumettre l'auto-évaluation").click()
    expect(page.get_by_text("Votre auto-évaluation est soumise. Merci.")).to_be_visible()
    assert SelfAssessment.objects.get(company=company).status == "submitted"

    assessment = consultants_draft(company, consultant, small_version)
    page.context.clear_cookies()
    log_in(consultant)
    page.goto(f"/diagnostics/{assessment.code}/axes/A/")
    a1 = page.get_by_role("group", name=re.compile(r"^A1\b"))
    expect(a1.get_by_text("Auto-évaluation du dirigeant : niveau 4")).to_be_visible()
    expect(a1.get_by_text("Écart : à discuter avec le dirigeant")).to_be_visible()
    a2 = page.get_by_role("group", name=re.compile(r"^A2\b"))
    expect(a2.get_by_text("Auto-évaluation du dirigeant : sans objet")).to_be_visible()

    page.get_by_role("link", name="Vue d’ensemble").first.click()
    page.get_by_role("button", name="Soumettre le diagnostic").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("A1, B1")
    refusal.get_by_role("link", name="Rédiger les notes d'écart").click()
    page.get_by_label("Note de discussion pour A1").fill("Le MES n'est installé que sur une ligne.")
    page.get_by_label("Note de discussion pour B1").fill("Vu ensemble en atelier.")
    page.get_by_role("button", name="Enregistrer les notes").click()
    expect(page.get_by_text("Les notes sont enregistrées.")).to_be_visible()
    assert DivergenceNote.objects.filter(assessment=assessment).count() == 2

    page.get_by_role("link", name="Vue d’ensemble").click()
    page.get_by_role("button", name="Soumettre le diagnostic").click()
    expect(page.get_by_role("heading", name="Résultats de maturité")).to_be_visible()
    table = page.get_by_role("table", name="Score du consultant et du dirigeant par axe")
    expect(table.get_by_role("row", name=re.compile("Axe A"))).to_contain_text("2,5")
    assert page.js_errors == []  # type: ignore[attr-defined]
