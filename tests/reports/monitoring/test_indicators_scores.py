"""The unrounded scores the indicators use, from the answers summed in the database, are the
scores the questionnaire gives (``assessments.scoring``, one answer at a time)."""

import datetime
import random
from decimal import Decimal

import pytest

from assessments.models import Answer, Assessment, AxisScore, Sector
from assessments.scoring import QuestionAnswer, score
from diagnostics.models import Question
from reports.monitoring.selectors.indicators import indicator_frames
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db
SECTORS = [Sector.AGRIFOOD, Sector.ELECTRONICS, Sector.AERONAUTICS]


def rounded(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def given(rng: random.Random) -> tuple[int | None, bool]:
    roll = rng.random()
    if roll < 0.1:
        return None, True  # not applicable
    if roll < 0.2:
        return None, False  # not answered
    return rng.randint(0, 5), False


def test_the_database_sums_give_the_questionnaires_scores_on_a_random_cohort(
    default_version, cluster
) -> None:
    rng = random.Random(16)
    questions = list(
        Question.objects.filter(axis__framework_version=default_version).select_related("axis")
    )
    for question in rng.sample(questions, 12):  # some questions for some sectors only
        question.sectors = rng.sample([str(s) for s in SECTORS], rng.randint(1, 2))
        question.save(update_fields=["sectors"])
    axis_weights = {q.axis.code: float(q.axis.weight) for q in questions}
    consultant = UserFactory()
    expected = {}
    for i in range(15):
        company = CompanyFactory(cluster=cluster, sector=rng.choice(SECTORS))
        assessment = Assessment.objects.create(
            company=company,
            framework_version=default_version,
            consultant=consultant,
            status=Assessment.Status.SUBMITTED,
            visit_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=i),
        )
        answers = {q: given(rng) for q in questions}
        Answer.objects.bulk_create(
            Answer(assessment=assessment, question=q, level=level, not_applicable=na)
            for q, (level, na) in answers.items()
        )
        result = score(
            axis_weights,
            (
                QuestionAnswer(q.axis.code, float(q.weight), level, na)
                for q, (level, na) in answers.items()
                if q.applies_to(company.sector)
            ),
        )
        axes = {q.axis.code: q.axis for q in questions}
        AxisScore.objects.bulk_create(
            AxisScore(assessment=assessment, axis=axes[code], score=rounded(axis.score))
            for code, axis in result.axes.items()
        )
        assessment.overall_score = rounded(result.overall)
        assessment.save(update_fields=["overall_score"])
        expected[assessment.pk] = result

    frames = indicator_frames()

    overall = frames.assessments.set_index("assessment_id")["overall"]
    for pk, result in expected.items():
        assert overall[pk] == pytest.approx(result.overall, abs=1e-12)
        mine = frames.axis_scores[frames.axis_scores["assessment_id"] == pk]
        scores = dict(zip(mine["axis"], mine["score"], strict=True))
        shown = {code: axis.score for code, axis in result.axes.items() if axis.score is not None}
        assert {code: scores[code] for code in shown} == pytest.approx(shown, abs=1e-12)
