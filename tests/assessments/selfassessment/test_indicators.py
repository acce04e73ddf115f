"""A self-assessment is never a diagnostic: no S&E indicator and no cohort figure moves with it."""

import dataclasses
import datetime

import pytest

from assessments.models import Assessment
from assessments.roles import Role
from assessments.selfassessment import services
from assessments.selfassessment.selectors import form_questions
from reports.monitoring.indicators import REGISTRY, Window, compute
from reports.monitoring.selectors.indicators import indicator_frames, peer_frames
from tests.factories import UserFactory, install_programme
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db

YEAR = Window(None, datetime.date(2026, 12, 31))


def figures() -> dict[str, object]:
    frames = indicator_frames()
    outcomes = {code: repr(compute(code, frames, YEAR, ["cluster", "sector"])) for code in REGISTRY}
    tables = {
        f"{scope}.{field.name}": repr(getattr(data, field.name))
        for scope, data in (("scope", frames), ("peers", peer_frames(install_programme())))
        for field in dataclasses.fields(data)
    }
    return {**outcomes, **tables, "diagnostics": Assessment.objects.count()}


def test_indicators_and_cohort_figures_ignore_self_assessments(small_version, groups) -> None:
    data = se_dataset(small_version)
    before = figures()
    for index, company in enumerate(data["companies"].values()):
        manager = UserFactory(role=Role.PME_MANAGER)
        company.managers.add(manager)
        mine = services.self_assessment_start(company=company, by=manager)
        for question in form_questions(mine):
            services.self_answer_record(
                self_assessment=mine, question=question, by=manager, level=5
            )
        if index % 2 == 0:  # some submitted, some left as drafts
            services.self_assessment_submit(self_assessment=mine, by=manager)
    after = figures()
    assert after.keys() == before.keys()
    assert [key for key in before if before[key] != after[key]] == []
