"""Diagnostics scored before the scores were facts get their unrounded scores from their
answers (where these round to the stored ones), and are then read without their answers."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from assessments.models import Answer, Assessment, AxisScore
from diagnostics.models import Axis, Question
from tests.factories import UserFactory

MIGRATION = importlib.import_module("assessments.migrations.0018_assessment_scores_exact")
pytestmark = pytest.mark.django_db


def migrate() -> None:
    """The migration's own step, run on today's schema (see test_0007_api_tokens_hashed)."""
    historical = MigrationLoader(connection).project_state().apps
    MIGRATION.fill(historical, None)  # data only: no schema editor


def legacy(company, version, status: str, overall: str, axes: dict[str, str], levels):  # type: ignore[no-untyped-def]
    """A diagnostic as an older version left it: scores rounded to two decimals."""
    assessment = Assessment.objects.create(
        company=company,
        framework_version=version,
        consultant=UserFactory(),
        status=status,
        visit_date=datetime.date(2026, 3, 2),
        overall_score=Decimal(overall) if status != "draft" else None,
    )
    for code, score in axes.items():
        AxisScore.objects.create(
            assessment=assessment,
            axis=Axis.objects.get(framework_version=version, code=code),
            score=Decimal(score),
        )
    questions = {q.code: q for q in Question.objects.filter(axis__framework_version=version)}
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question=questions[code], level=level)
        for code, level in levels.items()
    )
    return assessment


def test_rounded_scores_become_the_unrounded_ones_and_are_marked_exact(
    company, small_version
) -> None:
    # A = (3 + 2 × 3) / 4 = 2.25, B = 1 → overall 1.8333… (stored 1.83).
    rounded = legacy(
        company,
        small_version,
        "validated",
        "1.83",
        {"A": "2.25", "B": "1.00"},
        {"A1": 3, "A2": 2, "B1": 1},
    )
    # Weights changed since: the answers give 1.8333…, far from 3.00; the stored score stands.
    changed = legacy(
        company,
        small_version,
        "submitted",
        "3.00",
        {"A": "3.10", "B": "1.00"},
        {"A1": 3, "A2": 2, "B1": 1},
    )
    draft = legacy(company, small_version, "draft", "", {}, {"A1": 4})

    migrate()

    rounded.refresh_from_db()
    assert (rounded.overall_score, rounded.scores_exact) == (Decimal("1.83333333"), True)
    assert rounded.axis_scores.get(axis__code="A").score == Decimal("2.25")
    changed.refresh_from_db()
    assert (changed.overall_score, changed.scores_exact) == (Decimal("3.00"), True)
    assert changed.axis_scores.get(axis__code="A").score == Decimal("3.10")
    draft.refresh_from_db()
    assert not draft.scores_exact
    migrate()  # twice changes nothing
    rounded.refresh_from_db()
    assert rounded.overall_score == Decimal("1.83333333")
