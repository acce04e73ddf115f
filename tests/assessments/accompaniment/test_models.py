"""The roadmap's action-plan fields keep their own rules, with messages a user reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.accompaniment.models import Horizon, Roadmap, RoadmapItem
from assessments.models import Assessment
from tests.factories import VISIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(company, consultant, small_version) -> RoadmapItem:
    assessment = Assessment.objects.create(
        company=company,
        consultant=consultant,
        framework_version=small_version,
        visit_date=VISIT,
        status=Assessment.Status.SUBMITTED,
    )
    roadmap = Roadmap.objects.create(assessment=assessment)
    return RoadmapItem.objects.create(
        roadmap=roadmap,
        axis=small_version.axes.get(code="A"),
        origin=RoadmapItem.Origin.CUSTOM,
        title="Tableau de bord atelier",
        effort_half_days=2,
        impact=3,
        horizon=Horizon.QUICK_WIN,
    )


def test_a_new_action_is_planned(item) -> None:
    assert item.status == RoadmapItem.Status.PLANNED


def test_it_refuses_a_due_date_before_the_start_date_with_a_message(item) -> None:
    item.start_on = VISIT + datetime.timedelta(days=30)
    item.due_on = VISIT + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "The due date cannot come before the start date." in str(error.value)


def test_the_database_refuses_a_due_date_before_the_start_date(item) -> None:
    RoadmapItem.objects.filter(pk=item.pk).update(start_on=VISIT)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapItem.objects.filter(pk=item.pk).update(due_on=VISIT - datetime.timedelta(days=1))


def test_it_refuses_a_date_before_the_diagnostic_naming_the_field(item) -> None:
    item.start_on = VISIT - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert set(error.value.message_dict) == {"start_on"}
    assert "comes before the diagnostic" in error.value.message_dict["start_on"][0]


def test_a_date_on_the_day_of_the_diagnostic_is_fine(item) -> None:
    item.start_on = item.due_on = VISIT
    item.full_clean()


def test_it_refuses_a_negative_budget(item) -> None:
    item.budget_mad = -1
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "budget_mad" in error.value.message_dict
