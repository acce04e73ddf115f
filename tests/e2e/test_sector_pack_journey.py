"""A consultant answers a question of the agri-food sector pack and reads the pack's score.

Driven by what the consultant sees: the axis link, the question's legend, the level's text.
"""

import re
from typing import cast

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Answer, Company
from assessments.roles import Role
from diagnostics.framework_io import parse_framework
from diagnostics.services import framework_import, packs_import_shipped
from tests.conftest import DEFAULT_FRAMEWORK
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PACK = "Agroalimentaire (HACCP / ISO 22000)"
AXIS = "Sécurité des aliments et traçabilité"
LEVEL_3 = "Températures et temps des CCP enregistrés automatiquement"


def test_a_consultant_answers_a_haccp_question_of_the_agrifood_pack(page: Page, log_in) -> None:
    version, _created = framework_import(spec=parse_framework(DEFAULT_FRAMEWORK.read_bytes()))
    packs_import_shipped(version=version)
    consultant = cast(User, UserFactory(username="consultante", role=Role.CONSULTANT))
    company = cast(
        Company,
        CompanyFactory(
            cluster=ClusterFactory(code="agro"), sector="agrifood", consultants=[consultant]
        ),
    )
    diagnostic = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    log_in(consultant)

    page.goto(f"/diagnostics/{diagnostic.code}/resume/")
    axes = page.get_by_role("navigation", name="Axes")
    axes.get_by_role("link", name=re.compile(AXIS)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AXIS)
    expect(page.get_by_text(f"Pack sectoriel : {PACK}")).to_be_visible()

    question = page.get_by_role("group", name=re.compile(r"points critiques \(CCP\)"))
    question.get_by_text(LEVEL_3).click()
    expect(question.get_by_label(re.compile(LEVEL_3))).to_be_checked()
    expect(question.get_by_role("status")).to_have_text(re.compile(r"^Enregistré"))
    answer = Answer.objects.get(assessment=diagnostic, question__code="AGRO-01")
    assert answer.level == 3

    page.goto(f"/diagnostics/{diagnostic.code}/results/")
    pack = page.get_by_role("region", name=f"Pack sectoriel : {PACK}")
    expect(pack).to_be_visible()
    expect(pack).to_contain_text("Score du pack : 3,0 / 5")
    expect(pack.get_by_role("row", name=re.compile(AXIS))).to_contain_text("3,0")
    assert not page.js_errors  # type: ignore[attr-defined]
