"""A PME with its manager, their submitted self-assessment and a consultant's diagnostic.

Small framework: the manager says A1 4, A2 2, B1 0; the consultant A1 1, A2 3, B1 2, so A1
and B1 diverge (two levels or more), A2 does not.
"""

import pytest

from assessments import services as diagnostic_services
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions
from assessments.selfassessment import services
from assessments.selfassessment.models import SelfAssessment
from assessments.selfassessment.selectors import form_questions
from tests.factories import VISIT, UserFactory


@pytest.fixture
def manager(company, groups):
    user = UserFactory(username="manager", role=Role.PME_MANAGER)
    company.managers.add(user)
    return user


@pytest.fixture
def other_manager(other_company, groups):
    user = UserFactory(username="other-manager", role=Role.PME_MANAGER)
    other_company.managers.add(user)
    return user


def answer_all(self_assessment: SelfAssessment, by, levels: dict[str, int]) -> None:
    for question in form_questions(self_assessment):
        services.self_answer_record(
            self_assessment=self_assessment,
            question=question,
            by=by,
            level=levels.get(question.code, 2),
        )


@pytest.fixture
def submitted_self(company, manager, small_version) -> SelfAssessment:
    mine = services.self_assessment_start(company=company, by=manager)
    answer_all(mine, manager, {"A1": 4, "A2": 2, "B1": 0})
    return services.self_assessment_submit(self_assessment=mine, by=manager)


@pytest.fixture
def diagnostic(company, consultant, small_version) -> Assessment:
    assessment = diagnostic_services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    levels = {"A1": 1, "A2": 3, "B1": 2}
    for question in applicable_questions(assessment):
        diagnostic_services.answer_record(
            assessment=assessment, question=question, by=consultant, level=levels[question.code]
        )
    return assessment
