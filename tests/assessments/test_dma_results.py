"""The EU DMA reading of a diagnostic: the selector, the results page, the API, the scope."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Assessment
from assessments.selectors import assessment_dma
from diagnostics.framework_io import parse_framework
from diagnostics.models import Question
from diagnostics.services import framework_import
from tests.conftest import SMALL_FRAMEWORK
from tests.factories import VISIT

pytestmark = pytest.mark.django_db

CROSSWALK = {"automation_ai": {"A1": 1, "A2": 3}, "green_digitalisation": {"B1": 1, "B2": 1}}


@pytest.fixture
def version(db):  # type: ignore[no-untyped-def]
    source = yaml.safe_load(SMALL_FRAMEWORK) | {"dma": CROSSWALK}
    return framework_import(spec=parse_framework(yaml.safe_dump(source)))[0]


@pytest.fixture
def draft(company, consultant, version):  # type: ignore[no-untyped-def]
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for code, level in [("A1", 2), ("A2", 4)]:
        question = Question.objects.get(code=code, axis__framework_version=version)
        services.answer_record(assessment=assessment, question=question, by=consultant, level=level)
    b1 = Question.objects.get(code="B1", axis__framework_version=version)
    services.answer_record(assessment=assessment, question=b1, by=consultant, not_applicable=True)
    return assessment


def test_the_reading_scores_answered_dimensions_and_leaves_the_rest_uncovered(draft) -> None:
    reading = assessment_dma(draft)
    rows = {row.dimension: row for row in reading.rows}
    assert rows["automation_ai"].score == 70  # (2 × 20 + 3 × 4 × 20) / 4
    assert [a.code for a in rows["automation_ai"].axes] == ["A"]
    assert rows["green_digitalisation"].score is None
    # B2 is asked of agri-food PMEs only: it is not among this PME's questions.
    assert (rows["green_digitalisation"].answered, rows["green_digitalisation"].mapped) == (0, 1)
    assert rows["digital_readiness"].mapped == 0
    assert (reading.overall, reading.covered, reading.complete) == (70, 1, False)


def test_the_results_page_shows_the_dma_table(client, consultant, draft) -> None:
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assessments:results", args=[draft.code])).content.decode()
    assert "EU Digital Maturity Assessment (DMA)" in page
    assert "DMA overall: 70 / 100" in page
    assert "over 1 dimension of 6" in page
    assert "not covered" in page


def test_the_page_says_it_in_french(client, consultant, draft) -> None:
    client.force_login(consultant)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("assessments:results", args=[draft.code])).content.decode()
    assert "Automatisation et intelligence artificielle" in page
    assert "non couverte" in page


def test_a_version_without_crosswalk_shows_no_dma_section(
    client, consultant, company, small_version
) -> None:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    question = Question.objects.get(code="A1", axis__framework_version=small_version)
    services.answer_record(assessment=assessment, question=question, by=consultant, level=3)
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assessments:results", args=[assessment.code])).content.decode()
    assert "Maturity results" in page
    assert 'id="dma"' not in page


def test_another_clusters_consultant_cannot_read_it(client, other_consultant, draft) -> None:
    client.force_login(other_consultant)
    assert client.get(reverse("assessments:results", args=[draft.code])).status_code == 404
    api = APIClient()
    api.force_authenticate(other_consultant)
    assert api.get(f"/api/v1/diagnostics/{draft.code}/").status_code == 404


def test_the_api_gives_the_dma_reading(consultant, draft) -> None:
    api = APIClient()
    api.force_authenticate(consultant)
    body = api.get(f"/api/v1/diagnostics/{draft.code}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["dma"]["overall"] == 70
    assert body["dma"]["covered"] == 1
    automation = next(d for d in body["dma"]["dimensions"] if d["dimension"] == "automation_ai")
    assert automation == {
        "dimension": "automation_ai",
        "name": "Automation and artificial intelligence",
        "score": 70,
        "answered": 2,
        "questions": 2,
    }


def test_every_demo_result_has_its_dma_scores(default_version) -> None:
    call_command("load_demo")
    results = Assessment.objects.exclude(overall_score=None)
    assert results.exists()
    for assessment in results:
        reading = assessment_dma(assessment)
        assert reading.overall is not None
        assert reading.complete, assessment
