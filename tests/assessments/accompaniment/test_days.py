"""The eight-day plan's days: agenda, participants, sign-off, prerequisites and reopening."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.accompaniment import services
from assessments.accompaniment.models import Plan, PlanDay, PlanReopen, PlanSlot
from assessments.roles import Role
from tests.assessments.accompaniment.test_plans import submitted  # noqa: F401 (fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(submitted, consultant) -> Plan:  # noqa: F811
    # Every answer is at 1: submitting proposed each target at 2. The consultant aims at 3,
    # so that the plan holds actions over several days.
    targets = {t.axis_id: Decimal(3) for t in submitted.targets.all()}
    services.targets_change(assessment=submitted, levels=targets, by=consultant)
    return services.plan_propose(assessment=submitted)


def action_days(plan: Plan) -> dict[str, list[PlanSlot]]:
    days: dict[str, list[PlanSlot]] = {}
    slots = PlanSlot.objects.filter(day__plan=plan, kind="action").select_related("item__action")
    for slot in slots.order_by("day__number"):
        days.setdefault(slot.item.action.code, []).append(slot)  # type: ignore[union-attr]
    return days


def two_actions_in_order(plan: Plan) -> tuple[Any, Any]:
    """A single-slot action and an action wholly after it, on other days."""
    days = action_days(plan)
    single = [slots[0] for slots in days.values() if len(slots) == 1]
    for first in sorted(single, key=lambda s: s.day.number):
        later = [s for slots in days.values() for s in slots[:1] if s.day.number > first.day.number]
        if later:
            return first, max(later, key=lambda s: s.day.number)
    raise AssertionError("the proposed plan has no two actions on different days")


def make_room_on_day_one(plan: Plan, slot: PlanSlot) -> PlanDay:
    """Day one keeps its kick-off only, and ``slot`` lasts a half-day: it fits there."""
    target = plan.days.get(number=1)
    PlanSlot.objects.filter(day=target, kind="action").delete()
    slot.half_days = 1
    slot.save(update_fields=["half_days"])
    return target


def test_a_day_keeps_its_agenda_preparation_and_deliverables(plan) -> None:
    day = plan.days.get(number=2)
    services.plan_day_update(
        day=day,
        date=None,
        objectives="Map the flows",
        agenda_morning="Walk the line with the production manager",
        agenda_afternoon="Value stream map with the team leaders",
        preparation="Last month's production orders",
        deliverables="Current-state map",
    )
    day.refresh_from_db()
    assert day.agenda_morning.startswith("Walk the line")
    assert day.agenda_afternoon.endswith("team leaders")
    assert day.preparation == "Last month's production orders"


def test_an_older_client_leaves_the_agenda_as_it_is(plan) -> None:
    day = plan.days.get(number=2)
    services.plan_day_update(
        day=day, date=None, objectives="A", deliverables="", agenda_morning="Morning"
    )
    services.plan_day_update(day=day, date=None, objectives="B", deliverables="")
    day.refresh_from_db()
    assert (day.objectives, day.agenda_morning) == ("B", "Morning")


def test_moving_an_action_before_the_action_it_needs_is_refused_with_the_reason(plan) -> None:
    needed, needing = two_actions_in_order(plan)
    needing.item.action.prerequisites.add(needed.item.action)
    target = make_room_on_day_one(plan, needing)
    before = needing.day.number
    with pytest.raises(ValidationError) as refused:
        services.plan_slot_move(slot=needing, day=target)
    message = " ".join(refused.value.messages)
    assert needed.item.display_title in message
    assert needing.item.display_title in message
    assert "which it needs" in message
    needing.refresh_from_db()
    assert needing.day.number == before


def test_the_same_move_without_a_prerequisite_is_made(plan) -> None:
    _needed, needing = two_actions_in_order(plan)
    target = make_room_on_day_one(plan, needing)
    assert services.plan_slot_move(slot=needing, day=target).day == target


def test_the_closing_review_cannot_come_before_the_days_it_reviews(plan) -> None:
    closing = PlanSlot.objects.get(day__plan=plan, kind="closing")
    last_action_day = max(
        PlanSlot.objects.filter(day__plan=plan, kind="action").values_list("day__number", flat=True)
    )
    earlier = plan.days.get(number=last_action_day - 1)
    PlanSlot.objects.filter(day=earlier).delete()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.plan_slot_move(slot=closing, day=earlier)
    assert "bilan de clôture" in " ".join(refused.value.messages)
    closing.refresh_from_db()
    assert closing.day.number == 8


@pytest.fixture
def agreed(plan) -> Plan:
    return services.plan_agree(plan=plan)


def test_participants_are_invited_then_marked_present_or_absent(agreed) -> None:
    day = agreed.days.get(number=1)
    came = services.plan_day_invite(day=day, name="  Salma   Bennani ", role="DG")
    absent = services.plan_day_invite(day=day, name="Youssef Amrani", role="Production")
    assert came.name == "Salma Bennani"
    assert came.present is None
    with pytest.raises(ValidationError, match="already invited"):
        services.plan_day_invite(day=day, name="salma bennani")
    services.plan_day_attendance(day=day, present={came.pk})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.present, absent.present) == (True, False)


def test_attendance_names_only_the_days_invited(agreed, plan) -> None:
    other = services.plan_day_invite(day=agreed.days.get(number=2), name="Nadia")
    with pytest.raises(ValidationError, match="invited to this day"):
        services.plan_day_attendance(day=agreed.days.get(number=1), present={other.pk})


def test_a_day_is_signed_off_by_the_consultant_and_the_pmes_representative(
    agreed, consultant
) -> None:
    day = agreed.days.get(number=1)
    participant = services.plan_day_invite(day=day, name="Salma Bennani")
    with pytest.raises(ValidationError, match="Mark who"):
        services.plan_day_sign(day=day, by=consultant, pme_signatory="Salma Bennani")
    services.plan_day_attendance(day=day, present={participant.pk})
    with pytest.raises(ValidationError):
        services.plan_day_sign(day=day, by=consultant, pme_signatory="  ")
    signed = services.plan_day_sign(day=day, by=consultant, pme_signatory="Salma Bennani")
    assert signed.signed_by == consultant
    assert signed.signed_at is not None
    assert signed.pme_signatory == "Salma Bennani"
    with pytest.raises(ValidationError, match="signed off"):
        services.plan_day_invite(day=day, name="Late comer")
    with pytest.raises(ValidationError, match="signed off"):
        services.plan_day_update(day=day, date=None, objectives="Changed", deliverables="")


def test_a_draft_plans_days_are_not_signed(plan, consultant) -> None:
    with pytest.raises(ValidationError, match="agreed"):
        services.plan_day_sign(day=plan.days.first(), by=consultant, pme_signatory="Salma")


def test_only_the_pmes_consultant_signs_a_day(agreed, other_consultant) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_day_sign(day=agreed.days.first(), by=other_consultant, pme_signatory="Salma")


def sign_closing(plan: Plan, by) -> PlanDay:
    closing = PlanSlot.objects.get(day__plan=plan, kind="closing").day
    return services.plan_day_sign(day=closing, by=by, pme_signatory="Salma Bennani")


def test_once_the_closing_review_is_signed_changes_need_a_reopening(agreed, consultant) -> None:
    signed_at = sign_closing(agreed, consultant).signed_at
    day_two = agreed.days.get(number=2)
    with pytest.raises(ValidationError, match="reopen the plan"):
        services.plan_day_update(day=day_two, date=None, objectives="More", deliverables="")
    with pytest.raises(ValidationError, match="reopen the plan"):
        services.plan_day_invite(day=day_two, name="Nadia")
    with pytest.raises(ValidationError, match="Say why"):
        services.plan_reopen(plan=agreed, by=consultant, reason="   ")
    services.plan_reopen(plan=agreed, by=consultant, reason="The PME asked to add a day of 5S")
    reopening = PlanReopen.objects.get(plan=agreed)
    assert reopening.by == consultant
    assert reopening.closing_signed_at == signed_at
    assert reopening.reason == "The PME asked to add a day of 5S"
    services.plan_day_update(day=day_two, date=None, objectives="5S", deliverables="")
    with pytest.raises(ValidationError, match="open already"):
        services.plan_reopen(plan=agreed, by=consultant, reason="Again")


def test_another_consultant_cannot_reopen(agreed, consultant, other_consultant) -> None:
    sign_closing(agreed, consultant)
    with pytest.raises(PermissionDenied):
        services.plan_reopen(plan=agreed, by=other_consultant, reason="Mine now")


# The pages: scope and writes


def day_url(plan: Plan, number: int = 1) -> str:
    return reverse("assessments:plan_day_edit", args=[plan.code, number])


def test_another_clusters_consultant_gets_404_on_every_day_page(
    client: Client, agreed, other_company, other_consultant
) -> None:
    client.force_login(other_consultant)
    day = agreed.days.get(number=1)
    participant = services.plan_day_invite(day=day, name="Salma")
    urls = [
        day_url(agreed),
        reverse("assessments:plan_day_sheet", args=[agreed.code, 1]),
        reverse("assessments:plan_print", args=[agreed.code]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    posts = [
        (day_url(agreed), {"form": "invite", "name": "Intruder"}),
        (day_url(agreed), {"form": "sign", "pme_signatory": "Intruder"}),
        (
            reverse("assessments:plan_participant_remove", args=[agreed.code, 1, participant.pk]),
            {},
        ),
        (reverse("assessments:plan_reopen", args=[agreed.code]), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    assert list(day.participants.values_list("name", flat=True)) == ["Salma"]


def test_the_pmes_manager_prints_the_plan_but_writes_nothing(
    client: Client, agreed, company
) -> None:
    manager: Any = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    client.force_login(manager)
    response = client.get(reverse("assessments:plan_print", args=[agreed.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.post(day_url(agreed), {"form": "invite", "name": "Me"}).status_code == 403
    assert not agreed.days.get(number=1).participants.exists()


def test_a_refused_sign_off_keeps_what_was_typed(client: Client, agreed, consultant) -> None:
    client.force_login(consultant)
    services.plan_day_invite(day=agreed.days.get(number=1), name="Salma")
    response = client.post(day_url(agreed), {"form": "sign", "pme_signatory": "Salma Bennani"})
    assert response.status_code == 200
    assert "Salma Bennani" in response.content.decode()
    assert "Indiquez qui" in response.content.decode() or "Mark who" in response.content.decode()
    assert not agreed.days.get(number=1).is_signed


def test_the_day_sheet_lists_the_invited_with_a_signature_column(
    client: Client, agreed, consultant
) -> None:
    client.force_login(consultant)
    services.plan_day_invite(day=agreed.days.get(number=1), name="Salma Bennani", role="DG")
    response = client.get(reverse("assessments:plan_day_sheet", args=[agreed.code, 1]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_plan_page_reopens_a_closed_plan_with_its_reason(
    client: Client, agreed, consultant
) -> None:
    sign_closing(agreed, consultant)
    client.force_login(consultant)
    page = client.get(agreed.get_absolute_url()).content.decode()
    assert "Rouvrir le plan" in page
    url = reverse("assessments:plan_reopen", args=[agreed.code])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Indiquez pourquoi le plan est rouvert." in response.content.decode()
    assert not PlanReopen.objects.exists()
    response = client.post(url, {"reason": "Une journée 5S ajoutée"}, follow=True)
    assert PlanReopen.objects.get(plan=agreed).reason == "Une journée 5S ajoutée"
    assert "Une journée 5S ajoutée" in response.content.decode()
    assert "Rouvrir le plan" not in response.content.decode()
