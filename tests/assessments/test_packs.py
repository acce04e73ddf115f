"""A diagnostic with a sector pack: the pack's questions are asked, scored apart, and never
move the core scores that PMEs of every sector are compared on."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, AxisScore
from assessments.selectors import (
    applicable_questions,
    assessment_pack_results,
    assessment_result,
    missing_questions,
)
from diagnostics.models import Question
from diagnostics.packs import parse_pack
from diagnostics.services import pack_import, packs_import_shipped
from reports.monitoring.selectors.indicators import indicator_frames
from tests.factories import VISIT, CompanyFactory

pytestmark = pytest.mark.django_db


def _text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


# Extends the small framework of tests/conftest.py (axes A and B) for agri-food PMEs.
SMALL_PACK = yaml.safe_dump(
    {
        "pack": {
            "code": "pack-petit",
            "version": "1",
            "name": _text("Pack agro d'essai", "Test agri-food pack"),
            "sectors": ["agrifood"],
            "extends": {"framework": "small", "version": "1"},
        },
        "axes": [
            {
                "code": "P",
                "name": _text("Axe du pack", "Pack axis"),
                "questions": [
                    {
                        "code": code,
                        "weight": weight,
                        "text": _text(f"Question {code} ?", f"Question {code}?"),
                        "levels": {n: _text(f"{code} n{n}", f"{code} l{n}") for n in range(6)},
                    }
                    for code, weight in (("P1", 18), ("P2", 4))
                ],
            }
        ],
    },
    allow_unicode=True,
)
CORE = {"A1": 1, "A2": 2, "B1": 4, "B2": 0}


@pytest.fixture
def agrifood(company):
    company.sector = "agrifood"
    company.save(update_fields=["sector"])
    return company


def start(company, consultant, version) -> Assessment:
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )


def answer(assessment: Assessment, consultant, levels: dict[str, int]) -> None:
    for code, level in levels.items():
        question = next(q for q in applicable_questions(assessment) if q.code == code)
        services.answer_record(assessment=assessment, question=question, by=consultant, level=level)


def core_scores(assessment: Assessment) -> tuple:
    result = assessment_result(assessment)
    return tuple((row.axis.code, row.score) for row in result.rows), result.overall


def test_an_agrifood_diagnostic_asks_haccp_and_a_mechanical_one_does_not(
    client, default_version, consultant, cluster
) -> None:
    packs_import_shipped(version=default_version)
    food = CompanyFactory(cluster=cluster, sector="agrifood", consultants=[consultant])
    metal = CompanyFactory(cluster=cluster, sector="metalworking", consultants=[consultant])
    food_diag = start(food, consultant, default_version)
    metal_diag = start(metal, consultant, default_version)
    food_codes = {q.code for q in applicable_questions(food_diag)}
    metal_codes = {q.code for q in applicable_questions(metal_diag)}
    assert {"AGRO-01", "AGRO-02", "AGRO-03", "AGRO-04"} <= food_codes
    assert not any(code.startswith("AGRO-") for code in metal_codes)
    assert {"MACH-01", "MACH-04"} <= metal_codes
    assert "STRAT-01" in food_codes & metal_codes

    client.force_login(consultant)
    page = client.get(reverse("assessments:axis_page", args=[food_diag.code, "AGRO"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "points critiques (CCP) du plan HACCP" in html
    assert "Agroalimentaire (HACCP / ISO 22000)" in html  # the axis is marked as the pack
    assert (
        client.get(reverse("assessments:axis_page", args=[metal_diag.code, "AGRO"])).status_code
        == 404
    )
    refused = client.post(
        reverse("assessments:answer_save", args=[metal_diag.code, "AGRO-01"]),
        {"AGRO-01-choice": "3"},
    )
    assert refused.status_code == 404


def test_same_core_answers_with_and_without_the_pack_give_the_same_core_scores(
    agrifood, consultant, small_version
) -> None:
    diagnostic = start(agrifood, consultant, small_version)
    answer(diagnostic, consultant, CORE)
    without_pack = core_scores(diagnostic)
    assert without_pack[1] is not None

    pack, _created = pack_import(spec=parse_pack(SMALL_PACK))
    assert {"P1", "P2"} <= {q.code for q in missing_questions(diagnostic)}
    answer(diagnostic, consultant, {"P1": 5, "P2": 5})
    assert core_scores(diagnostic) == without_pack

    [pack_result] = assessment_pack_results(diagnostic)
    assert pack_result.pack == pack
    assert pack_result.result.overall == 5
    assert [row.axis.code for row in pack_result.result.rows] == ["P"]


def test_a_submitted_diagnostic_stores_and_reports_the_core_score_only(
    agrifood, consultant, small_version
) -> None:
    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(agrifood, consultant, small_version)
    answer(diagnostic, consultant, CORE)
    with pytest.raises(ValidationError, match="P1"):
        services.assessment_submit(assessment=diagnostic, by=consultant)
    # A pack score whose inclusion would move the overall by less than the indicators'
    # rounding tolerance: counted by mistake, it would pass for the exact core score.
    answer(diagnostic, consultant, {"P1": 2, "P2": 1})
    core = core_scores(diagnostic)
    services.assessment_submit(assessment=diagnostic, by=consultant)

    diagnostic.refresh_from_db()
    assert diagnostic.overall_score is not None
    assert float(diagnostic.overall_score) == pytest.approx(core[1])
    assert set(AxisScore.objects.values_list("axis__code", flat=True)) == {"A", "B"}
    frames = indicator_frames()
    [overall] = frames.assessments.loc[
        frames.assessments["assessment_id"] == diagnostic.id, "overall"
    ]
    assert overall == pytest.approx(core[1])
    assert set(frames.axis_scores["axis"]) == {"A", "B"}


def test_the_results_page_shows_the_pack_score_apart(
    client, agrifood, consultant, small_version
) -> None:
    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(agrifood, consultant, small_version)
    answer(diagnostic, consultant, {**CORE, "P1": 2, "P2": 4})
    client.force_login(consultant)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("assessments:results", args=[diagnostic.code])).content.decode()
    assert "Sector pack: Test agri-food pack" in html
    assert "Pack score" in html
    assert "2.4 / 5" in html  # (2×18 + 4×4) / 22


def test_a_pack_question_is_refused_to_a_pme_of_another_sector(
    company, consultant, small_version
) -> None:
    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(company, consultant, small_version)  # electronics
    question = Question.objects.get(code="P1")
    with pytest.raises(ValidationError, match="not part of this diagnostic"):
        services.answer_record(assessment=diagnostic, question=question, by=consultant, level=3)
    assert assessment_pack_results(diagnostic) == []


def test_another_clusters_consultant_gets_404_on_a_pack_axis(
    client, agrifood, consultant, other_consultant, small_version
) -> None:
    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(agrifood, consultant, small_version)
    client.force_login(other_consultant)
    assert (
        client.get(reverse("assessments:axis_page", args=[diagnostic.code, "P"])).status_code == 404
    )
    response = client.post(
        reverse("assessments:answer_save", args=[diagnostic.code, "P1"]), {"P1-choice": "3"}
    )
    assert response.status_code == 404
    assert not diagnostic.answers.exists()


def test_the_roadmap_proposes_the_packs_actions_for_its_weak_questions(
    agrifood, consultant, default_version
) -> None:
    from assessments.accompaniment.services import roadmap_propose

    packs_import_shipped(version=default_version)
    agrifood.exposures = ["regulated_food"]  # AGRO-A1 is for ONSSA-approved sites
    agrifood.save(update_fields=["exposures"])
    diagnostic = start(agrifood, consultant, default_version)
    weak = {"AGRO-02": 1, "AGRO-03": 1}
    for question in applicable_questions(diagnostic):
        services.answer_record(
            assessment=diagnostic,
            question=question,
            by=consultant,
            level=weak.get(question.code, 3),
        )
    services.assessment_submit(assessment=diagnostic, by=consultant)
    roadmap = roadmap_propose(assessment=diagnostic)
    proposed = {item.action.code for item in roadmap.items.all() if item.action}
    assert {"AGRO-A1", "AGRO-A2"} <= proposed
    assert not any(code.startswith(("MACH-", "AERO-")) for code in proposed)


def test_the_api_answers_a_pack_question_and_sets_its_target(
    agrifood, consultant, small_version
) -> None:
    from tests.api.conftest import client_for

    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(agrifood, consultant, small_version)
    client = client_for(consultant)
    base = f"/api/v1/diagnostics/{diagnostic.code}/"
    assert client.put(f"{base}answers/P1/", {"level": 4}).status_code == 200
    response = client.put(
        f"{base}targets/", {"targets": [{"axis": "P", "level": "4.5"}]}, format="json"
    )
    assert response.status_code == 200
    assert diagnostic.answers.get(question__code="P1").level == 4
    assert float(diagnostic.targets.get(axis__code="P").level) == 4.5
    scores = client.get(base).json()["scores"]
    assert [a["axis"] for a in scores["axes"]] == ["A", "B"]  # the core's only
