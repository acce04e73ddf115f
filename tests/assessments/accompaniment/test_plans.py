"""Roadmap and plan services, on the default framework."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.accompaniment.selectors import plan_history, plan_view
from assessments.models import Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions, company_comparison
from diagnostics.models import Action
from tests.factories import VISIT, UserFactory

pytestmark = pytest.mark.django_db


def fill(assessment: Assessment, consultant, level_of=lambda q: 1) -> None:
    for question in applicable_questions(assessment):
        services.answer_record(
            assessment=assessment, question=question, by=consultant, level=level_of(question)
        )


@pytest.fixture
def submitted(company, consultant, default_version) -> Assessment:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    fill(assessment, consultant)
    return services.assessment_submit(assessment=assessment, by=consultant)


def items(roadmap) -> list[RoadmapItem]:
    return list(roadmap.items.filter(removed=False).select_related("action").order_by("position"))


def test_a_draft_gets_no_roadmap(company, consultant, default_version) -> None:
    draft = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    with pytest.raises(ValidationError):
        accompaniment_services.roadmap_propose(assessment=draft)


def test_the_roadmap_proposes_actions_between_level_one_and_the_targets(submitted) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    proposed = items(roadmap)
    assert proposed
    # Every question is at 1, so submitting proposed every target at 2: each proposal closes
    # the level between a question it names and its axis's target, and says so.
    assert {t.level for t in submitted.targets.all()} == {Decimal(2)}
    for item in proposed:
        assert Decimal("1") <= item.gap <= Decimal("2")
        reasons = item.reasons["questions"]
        assert reasons or item.reasons["needed_by"]
        assert all((r["level"], r["target"]) == (1, 2) for r in reasons)
        assert item.start_on >= submitted.visit_date
        assert item.due_on > item.start_on


def test_recomputing_keeps_the_consultants_changes(submitted) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    first, second, third = items(roadmap)[:3]
    accompaniment_services.roadmap_item_remove(item=first)
    accompaniment_services.roadmap_item_set_horizon(item=third, horizon="long")
    accompaniment_services.roadmap_item_move(item=third, offset=-1)
    custom = accompaniment_services.roadmap_item_add_custom(
        roadmap=roadmap,
        axis=third.axis,
        title="Former deux opérateurs",
        description="",
        effort_half_days=2,
        impact=3,
        horizon="quick",
    )
    before = [(i.pk, i.horizon) for i in items(roadmap)]
    accompaniment_services.roadmap_propose(assessment=submitted)
    after = [(i.pk, i.horizon) for i in items(roadmap)]
    assert after == before
    assert RoadmapItem.objects.get(pk=first.pk).removed
    assert custom.pk in [pk for pk, _ in after]
    assert second.pk in [pk for pk, _ in after]


def test_a_removed_action_can_come_back_from_the_library(submitted) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    first = items(roadmap)[0]
    accompaniment_services.roadmap_item_remove(item=first)
    accompaniment_services.roadmap_item_add_from_library(roadmap=roadmap, action=first.action)
    assert not RoadmapItem.objects.get(pk=first.pk).removed


def test_moving_a_removed_action_is_refused_with_a_message(submitted, consultant) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    first = items(roadmap)[0]
    accompaniment_services.roadmap_item_remove(item=first)
    order = [i.pk for i in items(roadmap)]
    with pytest.raises(ValidationError, match="restore it first"):
        accompaniment_services.roadmap_item_move(item=first, offset=1)

    client = Client()
    client.force_login(consultant)
    response = client.post(f"/roadmap-actions/{first.code}/down/", follow=True)
    assert response.status_code == 200
    assert [i.pk for i in items(roadmap)] == order


def test_an_action_of_another_framework_cannot_be_added(submitted, small_version) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    foreign = Action.objects.filter(axis__framework_version=small_version).first()
    with pytest.raises(ValidationError):
        accompaniment_services.roadmap_item_add_from_library(roadmap=roadmap, action=foreign)


def test_the_proposed_plan_fills_eight_days_at_most(submitted) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    view = plan_view(plan)
    assert [d.day.number for d in view.days] == list(range(1, 9))
    assert view.used <= 16
    assert all(d.used <= 2 for d in view.days)
    assert view.days[0].slots[0].kind == PlanSlot.Kind.KICKOFF
    assert view.days[-1].slots[-1].kind == PlanSlot.Kind.CLOSING
    planned = [s.item for d in view.days for s in d.slots if s.item]
    assert planned


def test_the_plan_refuses_to_go_past_eight_days(submitted) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    roadmap = Roadmap.objects.get(assessment=submitted)
    # fill every free half-day, then ask for one more
    for day in plan.days.all():
        free = 2 - sum(s.half_days for s in day.slots.all())
        if free:
            accompaniment_services.plan_slot_add(
                plan=plan, item=items(roadmap)[-1], day=day, half_days=free
            )
    assert plan_view(plan).used == 16
    with pytest.raises(ValidationError, match="past 8 days"):
        accompaniment_services.plan_slot_add(
            plan=plan, item=items(roadmap)[0], day=plan.days.get(number=3), half_days=1
        )


def test_a_full_day_refuses_one_more_action(submitted) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    day_two = plan.days.get(number=2)
    slot = PlanSlot.objects.filter(day__plan=plan, kind="action").exclude(day=day_two).last()
    if sum(s.half_days for s in day_two.slots.all()) < 2:
        pytest.skip("day 2 is not full in this proposal")
    with pytest.raises(ValidationError, match="Day 2 has room"):
        accompaniment_services.plan_slot_move(slot=slot, day=day_two)


def test_moving_an_action_to_a_day_with_room(submitted) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    day_four = plan.days.get(number=4)
    for slot in day_four.slots.all():
        accompaniment_services.plan_slot_remove(slot=slot)
    slot = PlanSlot.objects.filter(day__plan=plan, day__number=6, kind="action").first()
    moved = accompaniment_services.plan_slot_move(slot=slot, day=day_four)
    assert moved.day == day_four


def test_kickoff_and_closing_stay(submitted) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    with pytest.raises(ValidationError):
        accompaniment_services.plan_slot_remove(
            slot=PlanSlot.objects.get(day__plan=plan, kind="kickoff")
        )


def test_the_plan_moves_from_draft_to_completed(submitted, consultant) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    day_one = plan.days.get(number=1)
    with pytest.raises(ValidationError, match="agreed"):
        accompaniment_services.plan_day_log(day=day_one, by=consultant, outcome="done")
    accompaniment_services.plan_agree(plan=plan)
    item = day_one.slots.exclude(item=None).first().item
    accompaniment_services.plan_day_log(
        day=day_one,
        by=consultant,
        outcome="done",
        achieved="Lancement",
        attendees="M. Alaoui (DG)",
        hours=Decimal(7),
        completed=[item],
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_PROGRESS
    assert RoadmapItem.objects.get(pk=item.pk).completed_at is not None
    with pytest.raises(ValidationError, match="day 2"):
        accompaniment_services.plan_complete(plan=plan)
    with pytest.raises(ValidationError, match="already logged"):
        accompaniment_services.plan_day_update(
            day=day_one, date=None, objectives="x", deliverables=""
        )
    for day in plan.days.exclude(number=1):
        accompaniment_services.plan_day_log(day=day, by=consultant, outcome="done")
    accompaniment_services.plan_complete(plan=plan)
    assert plan_view(Plan.objects.get(pk=plan.pk)).days_delivered == 8


def test_a_follow_up_shows_the_uplift_per_axis(submitted, consultant, company) -> None:
    follow_up = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, kind="T1", baseline=submitted
    )
    fill(follow_up, consultant, lambda q: 3 if q.axis.code == "MAINT" else 1)
    services.assessment_submit(assessment=follow_up, by=consultant)
    comparison = company_comparison(company.assessments.all())
    uplift = {row.axis.code: row.uplift for row in comparison.rows}
    assert uplift["MAINT"] == pytest.approx(2)
    assert uplift["STRAT"] == pytest.approx(0)
    assert comparison.overall_uplift > 0


def test_a_logged_day_rejects_planned_as_outcome(submitted, consultant) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    accompaniment_services.plan_agree(plan=plan)
    with pytest.raises(ValidationError):
        accompaniment_services.plan_day_log(
            day=plan.days.first(), by=consultant, outcome=PlanDay.Outcome.PLANNED
        )


def test_a_pme_manager_reads_the_plans_changes_only_after_it_was_agreed(
    submitted, consultant, company
) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    plan = accompaniment_services.plan_propose(assessment=submitted)
    day = plan.days.get(number=2)
    for objectives in ("Draft: the owner resists", "Map the line"):
        accompaniment_services.plan_day_update(
            day=day, date=None, objectives=objectives, deliverables=""
        )
    assert plan_history(plan, consultant)
    assert plan_history(plan, manager) == []
    plan = accompaniment_services.plan_agree(plan=plan)
    accompaniment_services.plan_day_update(
        day=day, date=None, objectives="Map the line and the stocks", deliverables=""
    )
    shown = plan_history(plan, manager)
    assert [c.after for c in shown] == ["Map the line and the stocks"]
    assert "resists" not in " ".join(c.before for c in shown)


@pytest.fixture
def agreed_day(submitted) -> PlanDay:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    accompaniment_services.plan_agree(plan=plan)
    return plan.days.get(number=2)


def test_a_day_logged_with_hours_keeps_them(agreed_day, consultant) -> None:
    accompaniment_services.plan_day_log(
        day=agreed_day, by=consultant, outcome="done", hours=Decimal("1.5")
    )
    assert PlanDay.objects.get(pk=agreed_day.pk).hours == Decimal("1.5")


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Une journée annulée ne compte pas d’heures"), ("en", "A cancelled day has no hours")],
)
def test_a_cancelled_day_with_hours_is_refused_in_the_users_language(
    agreed_day, consultant, language: str, message: str
) -> None:
    with translation.override(language), pytest.raises(ValidationError, match=message) as refused:
        accompaniment_services.plan_day_log(
            day=agreed_day, by=consultant, outcome="cancelled", hours=Decimal(3)
        )
    assert "hours" in refused.value.message_dict
    day = PlanDay.objects.get(pk=agreed_day.pk)
    assert (day.outcome, day.hours) == (PlanDay.Outcome.PLANNED, None)


def test_a_day_relogged_as_cancelled_loses_its_hours(agreed_day, consultant) -> None:
    accompaniment_services.plan_day_log(day=agreed_day, by=consultant, outcome="done", hours=7)
    accompaniment_services.plan_day_log(
        day=agreed_day, by=consultant, outcome="cancelled", hours=Decimal(0)
    )
    day = PlanDay.objects.get(pk=agreed_day.pk)
    assert (day.outcome, day.hours) == (PlanDay.Outcome.CANCELLED, None)


def test_the_day_log_page_reads_french_hours_and_refuses_hours_on_a_cancelled_day(
    agreed_day, consultant
) -> None:
    client = Client()
    client.force_login(consultant)
    url = reverse("assessments:plan_day_log", args=[agreed_day.plan.code, 2])
    refused = client.post(url, {"outcome": "cancelled", "hours": "1,5"}, follow=True)
    assert "Une journée annulée ne compte pas d’heures" in refused.content.decode()
    assert PlanDay.objects.get(pk=agreed_day.pk).outcome == PlanDay.Outcome.PLANNED

    client.post(url, {"outcome": "done", "hours": "1,5"})
    assert PlanDay.objects.get(pk=agreed_day.pk).hours == Decimal("1.5")


def test_the_library_picker_names_actions_by_their_title(submitted, consultant) -> None:
    accompaniment_services.roadmap_propose(assessment=submitted)
    client = Client()
    client.force_login(consultant)
    page = client.get(reverse("assessments:roadmap", args=[submitted.code]))
    options = page.context["library_form"].fields["action"].choices
    labels = [str(label) for value, label in options if value]
    action = Action.objects.get(code=labels[0].rsplit("· ", 1)[1].rstrip(")"))
    assert labels[0].startswith(action.title)


def test_a_proposed_plan_gets_its_dates_from_a_start_and_a_cadence(submitted, consultant) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    client = Client()
    client.force_login(consultant)
    url = reverse("assessments:plan_schedule", args=[plan.code])
    data = {"start": "2027-01-04", "cadence": "weekly", "working": ["0", "1", "2", "3", "4"]}
    assert client.post(url, data).status_code == 302
    dates = list(plan.days.order_by("number").values_list("date", flat=True))
    assert dates[0] == datetime.date(2027, 1, 4)
    assert dates[-1] == datetime.date(2027, 2, 22)
    assert {d.weekday() for d in dates} == {0}


def test_scheduling_keeps_the_days_already_held(submitted, consultant) -> None:
    plan = accompaniment_services.plan_propose(assessment=submitted)
    first = plan.days.get(number=1)
    accompaniment_services.plan_day_update(
        day=first, date=datetime.date(2027, 1, 4), objectives="", deliverables=""
    )
    plan = accompaniment_services.plan_agree(plan=plan)
    accompaniment_services.plan_day_log(day=first, by=consultant, outcome="done")
    with pytest.raises(ValidationError, match="after the last day already held"):
        accompaniment_services.plan_schedule(
            plan=plan, start=datetime.date(2027, 1, 4), cadence="weekly"
        )
    days = accompaniment_services.plan_schedule(
        plan=plan, start=datetime.date(2027, 1, 11), cadence="fortnightly"
    )
    assert [d.number for d in days] == [2, 3, 4, 5, 6, 7, 8]
    assert plan.days.get(number=1).date == datetime.date(2027, 1, 4)
    assert plan.days.get(number=3).date == datetime.date(2027, 1, 25)


def test_the_roadmap_never_proposes_an_action_that_does_not_apply_to_the_pme(
    submitted, company
) -> None:
    # An electronics PME of 10-49 people with no export or prime-contractor exposure.
    proposed = [
        i.action for i in items(accompaniment_services.roadmap_propose(assessment=submitted))
    ]
    assert proposed
    for action in proposed:
        assert not action.sectors or company.sector in action.sectors
        assert not action.size_bands or company.headcount in action.size_bands
        assert not action.exposures
    assert "QUAL-A8" not in {a.code for a in proposed}  # EN 9100: aeronautics only


def test_a_follow_up_roadmap_never_proposes_what_its_answers_reached(
    submitted, consultant, company
) -> None:
    follow_up = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, kind="T1", baseline=submitted
    )
    fill(follow_up, consultant, lambda q: 3 if q.axis.code in ("MAINT", "CYBER") else 1)
    services.assessment_submit(assessment=follow_up, by=consultant)
    baseline = {
        i.action.code for i in items(accompaniment_services.roadmap_propose(assessment=submitted))
    }
    again = items(accompaniment_services.roadmap_propose(assessment=follow_up))
    codes = {i.action.code for i in again}
    assert any(code.startswith(("MAINT", "CYBER")) for code in baseline)
    for item in again:  # what remains on MAINT/CYBER starts from level 3
        improves = list(item.action.improves.select_related("question"))
        if item.axis.code in ("MAINT", "CYBER"):
            assert all(i.to_level > 3 for i in improves if i.question.axis.code == item.axis.code)
    assert codes


def test_each_proposal_shows_the_answers_it_comes_from(submitted) -> None:
    roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
    with translation.override("fr"):
        lines = [line for item in items(roadmap) for line in item.reason_lines]
    assert any(line.startswith("Proposée car ") and "niveau 1, cible 2" in line for line in lines)


def test_the_pmes_profile_and_kpis_weigh_in_the_score(submitted, company) -> None:
    def scores() -> dict[str, float]:
        Roadmap.objects.filter(assessment=submitted).delete()
        roadmap = accompaniment_services.roadmap_propose(assessment=submitted)
        return {i.action.code: i.priority for i in items(roadmap)}

    before = scores()
    assert "ENERGY-A6" not in before  # EU customers' carbon footprint: not an EU exporter
    company.kpis = ["oee"]
    company.cost_labour_pct = 45
    company.save()
    after = scores()
    assert after["PROD-A3"] > before["PROD-A3"]  # real-time tracking moves OEE
