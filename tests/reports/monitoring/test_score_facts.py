"""The scores the indicators read are facts stored when a diagnostic is scored: unrounded,
kept true when it is re-scored, validated or reopened, and read without its answers."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection

from assessments import services
from assessments.models import Assessment
from assessments.roles import Role
from diagnostics.models import Question
from reports.monitoring.selectors.indicators import indicator_frames
from tests.factories import VISIT, UserFactory

pytestmark = pytest.mark.django_db


@contextmanager
def sql() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(execute, statement, params, many, context):  # type: ignore[no-untyped-def]
        statements.append(statement)
        return execute(statement, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def answered(assessment: Assessment, consultant, levels: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    for question in Question.objects.filter(axis__framework_version=assessment.framework_version):
        if question.code in levels:
            services.answer_record(
                assessment=assessment, question=question, by=consultant, level=levels[question.code]
            )


def scores(assessment: Assessment) -> tuple[float, dict[str, float]]:
    """The diagnostic's overall and axis scores as the indicators read them, and that no
    answer was read for them."""
    with sql() as statements:
        frames = indicator_frames()
    assert not [s for s in statements if "assessments_answer" in s]
    overall = frames.assessments.set_index("assessment_id")["overall"][assessment.pk]
    mine = frames.axis_scores[frames.axis_scores["assessment_id"] == assessment.pk]
    return overall, dict(zip(mine["axis"], mine["score"], strict=True))


@pytest.fixture
def diagnostic(company, consultant, small_version) -> Assessment:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    # A = (3 × 1 + 2 × 3) / 4 = 2.25, B = 1 → overall (2 × 2.25 + 1) / 3 = 1.8333…
    answered(assessment, consultant, {"A1": 3, "A2": 2, "B1": 1})
    return services.assessment_submit(assessment=assessment, by=consultant)


def test_a_scored_diagnostic_is_read_from_its_unrounded_scores_not_its_answers(
    diagnostic,
) -> None:
    diagnostic.refresh_from_db()
    assert diagnostic.scores_exact
    assert diagnostic.overall_score == Decimal("1.83333333")
    overall, axes = scores(diagnostic)
    assert overall == pytest.approx(11 / 6, abs=1e-8)
    assert axes == {"A": pytest.approx(2.25), "B": pytest.approx(1.0)}


def test_an_answer_changed_after_a_reopening_is_in_the_scores_once_submitted_again(
    diagnostic, consultant
) -> None:
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    services.assessment_validate(assessment=diagnostic, by=staff)
    assert scores(diagnostic)[0] == pytest.approx(11 / 6, abs=1e-8)  # validated: unchanged

    services.assessment_reopen(assessment=diagnostic, by=staff, reason="A1 mal compris")
    diagnostic.refresh_from_db()
    assert not diagnostic.scores_exact
    overall, axes = scores(diagnostic)  # a draft counts nowhere, and reads no answer
    assert overall != overall  # NaN: no score
    assert axes == {}

    answered(diagnostic, consultant, {"A1": 5})
    services.assessment_submit(assessment=diagnostic, by=consultant)
    # A = (5 + 6) / 4 = 2.75 → overall (5.5 + 1) / 3 = 2.1666…
    overall, axes = scores(diagnostic)
    assert overall == pytest.approx(13 / 6, abs=1e-8)
    assert axes == {"A": pytest.approx(2.75), "B": pytest.approx(1.0)}


def test_scores_are_read_as_the_driver_s_floats_without_a_conversion_per_value(
    small_version,
) -> None:
    """The float columns the indicators read (400,000 axis scores at 20,000 PMEs) come as the
    database driver returns them: Python floats, with no converter run over each row."""
    from assessments.models import AxisScore
    from reports.monitoring.selectors.indicators import FloatCast

    rows = AxisScore.objects.annotate(value=FloatCast("score")).values_list("axis_id", "value")
    compiler = rows.query.get_compiler(using="default")
    compiler.setup_query()
    assert compiler.get_converters([column for column, _sql, _alias in compiler.select]) == {}

    weights = Question.objects.annotate(value=FloatCast("weight")).values_list("weight", "value")
    assert weights
    for weight, value in weights:
        assert type(value) is float
        assert value == float(weight)
