"""The accompaniment forms: hours of a day log as people type them, in French and English."""

from decimal import Decimal

import pytest
from django.utils import translation

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.forms import DayLogForm
from assessments.accompaniment.models import PlanDay
from assessments.selectors import applicable_questions
from tests.factories import VISIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(company, consultant, small_version) -> PlanDay:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=1)
    services.assessment_submit(assessment=assessment, by=consultant)
    plan = accompaniment_services.plan_propose(assessment=assessment)
    accompaniment_services.plan_agree(plan=plan)
    return plan.days.get(number=1)


def log_form(day: PlanDay, hours: str) -> DayLogForm:
    return DayLogForm({"outcome": "done", "hours": hours}, day=day)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
@pytest.mark.parametrize("typed", ["1,5", "1.5", " 1,5 "])
def test_one_and_a_half_hours_typed_with_a_comma_or_a_point_are_one_and_a_half_hours(
    day, language: str, typed: str
) -> None:
    with translation.override(language):
        form = log_form(day, typed)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == Decimal("1.5")


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_whole_hours_and_no_hours_are_accepted(day, language: str) -> None:
    with translation.override(language):
        whole, empty = log_form(day, "7"), log_form(day, "")
        assert whole.is_valid()
        assert empty.is_valid()
    assert (whole.cleaned_data["hours"], empty.cleaned_data["hours"]) == (Decimal(7), None)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
@pytest.mark.parametrize("typed", ["25", "24,5", "-1", "-0,5", "1,25", "15,0,0", "beaucoup"])
def test_hours_outside_a_day_or_not_a_number_are_refused(day, language: str, typed: str) -> None:
    with translation.override(language):
        form = log_form(day, typed)
        assert not form.is_valid()
    assert "hours" in form.errors


def test_the_refusal_is_in_the_users_language(day) -> None:
    with translation.override("fr"):
        french = log_form(day, "25")
        assert not french.is_valid()
        assert "24" in french.errors["hours"][0]
        assert "Assurez-vous" in french.errors["hours"][0]
    with translation.override("en"):
        english = log_form(day, "25")
        assert not english.is_valid()
        assert "Ensure" in english.errors["hours"][0]


def test_the_hours_field_is_a_text_input_that_opens_a_decimal_keypad(day) -> None:
    html = str(DayLogForm(day=day)["hours"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


@pytest.mark.parametrize(
    ("language", "shown"), [("fr", 'value="7,5"'), ("en", 'value="7.5"'), ("ar", 'value="7,5"')]
)
def test_stored_hours_are_shown_in_the_locales_format(day, language: str, shown: str) -> None:
    with translation.override(language):
        html = str(DayLogForm(day=day, initial={"hours": Decimal("7.5")})["hours"])
    assert shown in html
