"""Attendees logged as text before the participants existed become the day's participants."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from assessments.accompaniment import services
from assessments.accompaniment.models import PlanDay, PlanParticipant
from tests.assessments.accompaniment.test_days import agreed, plan  # noqa: F401 (fixtures)
from tests.assessments.accompaniment.test_plans import submitted  # noqa: F401 (fixture)

MIGRATION = importlib.import_module(
    "assessments.migrations.0016_plan_day_attendees_to_participants"
)
pytestmark = pytest.mark.django_db


def migrate() -> None:
    """The migration's own step, run on today's schema (see test_0007_api_tokens_hashed)."""
    historical = MigrationLoader(connection).project_state().apps
    MIGRATION.attendees_to_participants(historical, None)  # data only: no schema editor


def test_logged_attendees_become_present_participants(agreed, consultant) -> None:  # noqa: F811
    day = agreed.days.get(number=1)
    services.plan_day_log(
        day=day,
        by=consultant,
        outcome="done",
        attendees="M. Alaoui, directeur général\n\nMme Idrissi, qualité\nm. alaoui",
    )
    postponed = agreed.days.get(number=2)
    services.plan_day_log(day=postponed, by=consultant, outcome="postponed", attendees="Karim")
    invited = agreed.days.get(number=3)
    PlanDay.objects.filter(pk=invited.pk).update(attendees="Nadia")
    services.plan_day_invite(day=invited, name="Youssef")

    migrate()

    assert [(p.name, p.role, p.present) for p in day.participants.order_by("id")] == [
        ("M. Alaoui", "directeur général", True),
        ("Mme Idrissi", "qualité", True),
    ]
    assert [(p.name, p.present) for p in postponed.participants.all()] == [("Karim", None)]
    assert list(invited.participants.values_list("name", flat=True)) == ["Youssef"]
    migrate()  # twice changes nothing
    assert PlanParticipant.objects.count() == 4
