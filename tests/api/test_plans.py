"""Roadmaps and eight-day plans through the API: propose, adjust, agree, log the days."""

import datetime

import pytest

from assessments.accompaniment.models import Plan, PlanDay, PlanSlot

pytestmark = pytest.mark.django_db


def plan_url(plan: Plan, rest: str = "") -> str:
    return f"/api/v1/plans/{plan.code}/{rest}"


def action_slot(plan: Plan) -> PlanSlot:
    """The small framework's one action takes day 1 after the kick-off, and day 2."""
    return PlanSlot.objects.get(day__plan=plan, day__number=2, kind=PlanSlot.Kind.ACTION)


def test_the_roadmap_is_read_and_recomputed(api, world) -> None:
    client = api("consultant")
    url = f"/api/v1/diagnostics/{world.submitted.code}/roadmap/"
    items = client.get(url).json()["items"]
    assert [(i["action"], i["axis"], i["horizon"]) for i in items] == [("A-X1", "A", "quick")]
    assert client.post(f"{url}propose/").status_code == 200


def test_a_draft_has_no_roadmap_to_propose(api, world) -> None:
    response = api("consultant").post(f"/api/v1/diagnostics/{world.draft.code}/roadmap/propose/")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_roadmap_action_changes_horizon_and_is_removed(api, world) -> None:
    client = api("consultant")
    item = world.submitted.roadmap.items.get()
    url = f"/api/v1/roadmap-actions/{item.code}/"
    assert client.patch(url, {"horizon": "long"}, format="json").json()["horizon"] == "long"
    assert api("manager").patch(url, {"removed": True}, format="json").status_code == 403
    assert client.patch(url, {"removed": True}, format="json").json()["removed"] is True


def test_the_plan_shows_its_days_and_slots(api, world) -> None:
    body = api("manager").get(plan_url(world.plan)).json()
    assert (body["status"], body["budget"], len(body["days"])) == ("draft", 16, 8)
    assert [[s["kind"] for s in d["slots"]] for d in body["days"]] == [
        ["kickoff", "action"],
        ["action"],
        [],
        [],
        [],
        [],
        [],
        ["closing"],
    ]
    assert (body["used"], body["days"][0]["used"]) == (4, 2)


def test_a_slot_moves_to_another_day(api, world) -> None:
    slot = action_slot(world.plan)
    response = api("consultant").post(plan_url(world.plan, f"slots/{slot.pk}/move/"), {"day": 7})
    assert response.status_code == 200, response.content
    assert PlanSlot.objects.get(pk=slot.pk).day.number == 7


def test_a_slot_of_another_plan_is_a_404(api, world) -> None:
    slot = action_slot(world.other_plan)
    response = api("consultant").post(plan_url(world.plan, f"slots/{slot.pk}/move/"), {"day": 7})
    assert response.status_code == 404


def test_a_full_day_refuses_a_slot_with_the_services_message(api, world) -> None:
    slot = action_slot(world.plan)
    client = api("consultant")
    client.cookies["django_language"] = "en"
    response = client.post(plan_url(world.plan, f"slots/{slot.pk}/move/"), {"day": 1})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Day 1 has room for 0 half-day(s) only.")
    assert PlanSlot.objects.get(pk=slot.pk).day.number == 2


def test_a_slot_is_removed_then_added_again(api, world) -> None:
    slot = action_slot(world.plan)
    client = api("consultant")
    assert client.delete(plan_url(world.plan, f"slots/{slot.pk}/")).status_code == 204
    response = client.post(
        plan_url(world.plan, "slots/"), {"item": str(slot.item.code), "day": 5, "half_days": 2}
    )
    assert response.status_code == 201
    assert [s["half_days"] for s in response.json()["days"][4]["slots"]] == [2]


def test_an_action_of_another_roadmap_cannot_be_planned(api, world) -> None:
    foreign = action_slot(world.other_plan).item
    response = api("consultant").post(
        plan_url(world.plan, "slots/"), {"item": str(foreign.code), "day": 5, "half_days": 1}
    )
    assert response.status_code == 400
    assert not PlanSlot.objects.filter(day__plan=world.plan, day__number=5).exists()


def test_a_day_is_planned_then_agreed_and_logged(api, world) -> None:
    client = api("consultant")
    response = client.patch(
        plan_url(world.plan, "days/1/"), {"date": "2026-11-10", "objectives": "Cadrage"}
    )
    assert response.json()["objectives"] == "Cadrage"
    assert client.post(plan_url(world.plan, "days/1/log/"), {"outcome": "done"}).status_code == 400
    assert client.post(plan_url(world.plan, "agree/")).json()["status"] == "agreed"
    item = action_slot(world.plan).item
    day = action_slot(world.plan).day.number
    response = client.post(
        plan_url(world.plan, f"days/{day}/log/"),
        {"outcome": "done", "hours": "7.5", "completed": [str(item.code)]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["outcome"], response.json()["hours"]) == ("done", 7.5)
    item.refresh_from_db()
    assert item.completed_at is not None
    assert Plan.objects.get(pk=world.plan.pk).status == Plan.Status.IN_PROGRESS


def test_only_actions_of_the_day_are_completed_on_it(api, world) -> None:
    client = api("consultant")
    client.post(plan_url(world.plan, "agree/"))
    item = action_slot(world.plan).item
    other_day = 8 if action_slot(world.plan).day.number != 8 else 1
    response = client.post(
        plan_url(world.plan, f"days/{other_day}/log/"),
        {"outcome": "done", "completed": [str(item.code)]},
        format="json",
    )
    assert response.status_code == 400
    assert PlanDay.objects.get(plan=world.plan, number=other_day).outcome == "planned"


def test_an_implausible_day_date_is_refused(api, world) -> None:
    client = api("consultant")
    response = client.patch(plan_url(world.plan, "days/2/"), {"date": "9999-12-31"})
    assert response.status_code == 400
    assert "date" in response.json()
    assert PlanDay.objects.get(plan=world.plan, number=2).date != datetime.date(9999, 12, 31)


def test_a_day_edit_from_an_old_revision_is_a_conflict(api, world) -> None:
    client = api("consultant")
    client.patch(plan_url(world.plan, "days/2/"), {"objectives": "v1", "expected_revision": 0})
    response = client.patch(
        plan_url(world.plan, "days/2/"), {"objectives": "v2", "expected_revision": 0}
    )
    assert response.status_code == 409
    assert PlanDay.objects.get(plan=world.plan, number=2).objectives == "v1"
    assert response.json()["current"]["objectives"] == "v1"  # "here is what is saved now"
    assert response.json()["current"]["revision"] == 1


def test_a_pme_manager_reads_the_plan_but_does_not_change_it(api, world) -> None:
    client = api("manager")
    assert client.get(plan_url(world.plan, "days/1/")).status_code == 200
    assert client.post(plan_url(world.plan, "agree/")).status_code == 403


def test_a_plan_is_proposed_from_a_diagnostic(api, world) -> None:
    response = api("consultant").post(f"/api/v1/diagnostics/{world.submitted.code}/plan/propose/")
    assert response.status_code == 200
    assert response.json()["code"] == str(world.plan.code)


def test_a_days_agenda_and_preparation_go_through_the_api(api, world) -> None:
    client = api("consultant")
    response = client.patch(
        plan_url(world.plan, "days/2/"),
        {"agenda_morning": "Visite d'atelier", "preparation": "Ordres de fabrication"},
    )
    assert response.status_code == 200, response.content
    day = response.json()
    assert (day["agenda_morning"], day["preparation"]) == (
        "Visite d'atelier",
        "Ordres de fabrication",
    )
    assert day["agenda_afternoon"] == ""
    assert day["signed_at"] is None
    response = client.patch(plan_url(world.plan, "days/2/"), {"objectives": "Cadrage"})
    assert response.json()["agenda_morning"] == "Visite d'atelier"  # left as it was
