"""Adding and ordering roadmap actions through the API: the roadmap page's rules, as JSON."""

import pytest

from assessments.accompaniment.models import RoadmapItem
from diagnostics.models import Action, Axis
from tests.api.conftest import World

pytestmark = pytest.mark.django_db

# Who may change a roadmap in the app: the PME's consultants and the coordinator.
EDITORS = {"consultant": True, "coordinator": True, "manager": False, "staff": False}
CUSTOM = {
    "axis": "B",
    "title": "Former l'équipe au 5S",
    "description": "Deux demi-journées en atelier.",
    "effort_half_days": 2,
    "impact": 4,
    "horizon": "medium",
}


@pytest.fixture
def library_action(world: World) -> Action:
    """A second library action (on axis B), not proposed in the roadmaps."""
    axis = Axis.objects.get(framework_version=world.submitted.framework_version, code="B")
    return Action.objects.create(
        axis=axis,
        code="B-X1",
        title_fr="Action B1",
        title_en="Action B1",
        target_level=3,
        effort_half_days=1,
        impact=2,
    )


def roadmap_url(world: World, rest: str, other: bool = False) -> str:
    assessment = world.other_submitted if other else world.submitted
    return f"/api/v1/diagnostics/{assessment.code}/roadmap/{rest}"


def items_of(assessment) -> list[tuple[str, str]]:
    items = assessment.roadmap.items.filter(removed=False).select_related("action")
    return [(i.origin, i.display_title) for i in items.order_by("position", "id")]


def test_the_library_lists_the_actions_not_in_the_roadmap_yet(api, world, library_action) -> None:
    response = api("consultant").get(roadmap_url(world, "library/"))
    assert response.status_code == 200
    assert [(a["code"], a["axis"], a["impact"]) for a in response.json()] == [("B-X1", "B", 2)]


def test_a_removed_action_is_back_in_the_library(api, world) -> None:
    client = api("consultant")
    item = world.submitted.roadmap.items.get()
    client.patch(f"/api/v1/roadmap-actions/{item.code}/", {"removed": True})
    assert [a["code"] for a in client.get(roadmap_url(world, "library/")).json()] == ["A-X1"]
    response = client.post(roadmap_url(world, "actions/"), {"action": "A-X1"})
    assert response.status_code == 201, response.content
    assert response.json()["code"] == str(item.code)
    assert response.json()["removed"] is False


def test_a_library_action_is_added_by_its_code(api, world, library_action) -> None:
    response = api("consultant").post(roadmap_url(world, "actions/"), {"action": "B-X1"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["action"], body["axis"], body["origin"], body["position"]) == (
        "B-X1",
        "B",
        "library",
        1,
    )
    assert api("consultant").get(roadmap_url(world, "library/")).json() == []


def test_a_custom_action_is_added_with_the_forms_fields(api, world) -> None:
    response = api("consultant").post(roadmap_url(world, "actions/"), CUSTOM, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["origin"], body["title"], body["horizon"], body["impact"]) == (
        "custom",
        "Former l'équipe au 5S",
        "medium",
        4,
    )
    assert items_of(world.submitted)[-1] == ("custom", "Former l'équipe au 5S")


@pytest.mark.parametrize(("role", "allowed"), EDITORS.items())
def test_only_those_who_answer_the_diagnostic_add_actions(
    api, world, library_action, role, allowed
) -> None:
    client = api(role)
    library = client.get(roadmap_url(world, "library/"))
    added = client.post(roadmap_url(world, "actions/"), CUSTOM, format="json")
    expected = (200, 201) if allowed else (403, 403)
    assert (library.status_code, added.status_code) == expected
    assert len(items_of(world.submitted)) == (2 if allowed else 1)


@pytest.mark.parametrize("role", ["consultant", "manager", "staff"])
def test_another_clusters_roadmap_is_a_404_and_does_not_change(
    api, world, library_action, role
) -> None:
    client = api(role)
    before = items_of(world.other_submitted)
    assert client.get(roadmap_url(world, "library/", other=True)).status_code == 404
    for data in ({"action": "B-X1"}, CUSTOM):
        response = client.post(roadmap_url(world, "actions/", other=True), data, format="json")
        assert response.status_code == 404
        assert "Huilerie" not in response.content.decode()
    item = world.other_submitted.roadmap.items.get()
    move = client.post(f"/api/v1/roadmap-actions/{item.code}/move/", {"offset": 1})
    assert move.status_code == 404
    assert items_of(world.other_submitted) == before


def test_the_other_consultant_does_not_reach_our_roadmap(api, world, library_action) -> None:
    client = api("other_consultant")
    assert client.get(roadmap_url(world, "library/")).status_code == 404
    assert client.post(roadmap_url(world, "actions/"), {"action": "B-X1"}).status_code == 404
    assert len(items_of(world.submitted)) == 1


def test_a_draft_has_no_roadmap_to_add_to(api, world) -> None:
    url = f"/api/v1/diagnostics/{world.draft.code}/roadmap/actions/"
    client = api("consultant")
    client.cookies["django_language"] = "en"
    response = client.post(url, CUSTOM, format="json")
    assert response.status_code == 404
    assert "propose it first" in response.json()["detail"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"action": "NOPE"}, "action", "No action of this diagnostic's framework"),
        ({"action": "A-X1"}, "action", "already in the roadmap"),
        ({"action": "A\x00"}, "action", "Null characters"),
        ({"action": ["A-X1"]}, "action", "Not a valid string"),
        ({"action": "A-X1", "title": "Both"}, "non_field_errors", "not both"),
        ({}, "title", "required"),
        (CUSTOM | {"axis": "Z"}, "axis", "valid choice"),
        (CUSTOM | {"axis": "A\x00"}, "axis", "Null characters"),
        (CUSTOM | {"title": ""}, "title", "blank"),
        (CUSTOM | {"title": "x" * 201}, "title", "200"),
        (CUSTOM | {"title": "Bad\x00title"}, "title", "Null characters"),
        (CUSTOM | {"title": {"a": 1}}, "title", "Not a valid string"),
        (CUSTOM | {"effort_half_days": 0}, "effort_half_days", "1"),
        (CUSTOM | {"effort_half_days": 17}, "effort_half_days", "16"),
        (CUSTOM | {"effort_half_days": "many"}, "effort_half_days", "valid integer"),
        (CUSTOM | {"impact": 9}, "impact", "valid choice"),
        (CUSTOM | {"horizon": "never"}, "horizon", "valid choice"),
    ],
)
def test_bad_input_is_a_400_with_a_message(api, world, data, field, message) -> None:
    client = api("consultant")
    client.cookies["django_language"] = "en"
    response = client.post(roadmap_url(world, "actions/"), data, format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field])
    assert len(items_of(world.submitted)) == 1


def test_a_body_that_is_not_an_object_is_a_400(api, world) -> None:
    response = api("consultant").post(roadmap_url(world, "actions/"), ["x"], format="json")
    assert response.status_code == 400


def test_an_action_moves_up_and_down(api, world) -> None:
    client = api("consultant")
    added = client.post(roadmap_url(world, "actions/"), CUSTOM, format="json").json()
    url = f"/api/v1/roadmap-actions/{added['code']}/move/"
    response = client.post(url, {"offset": -1})
    assert response.status_code == 200, response.content
    assert [i["origin"] for i in response.json()["items"]] == ["custom", "proposed"]
    assert client.post(url, {"offset": -1}).status_code == 200  # already first: stays
    assert items_of(world.submitted)[0][0] == "custom"
    response = client.post(url, {"offset": 1})
    assert [i["origin"] for i in response.json()["items"]] == ["proposed", "custom"]
    assert RoadmapItem.objects.get(code=added["code"]).edited


@pytest.mark.parametrize(("role", "allowed"), EDITORS.items())
def test_only_those_who_answer_the_diagnostic_move_actions(api, world, role, allowed) -> None:
    api("consultant").post(roadmap_url(world, "actions/"), CUSTOM, format="json")
    item = world.submitted.roadmap.items.get(origin="custom")
    response = api(role).post(f"/api/v1/roadmap-actions/{item.code}/move/", {"offset": -1})
    assert response.status_code == (200 if allowed else 403)
    first = "custom" if allowed else "proposed"
    assert items_of(world.submitted)[0][0] == first


@pytest.mark.parametrize("offset", [0, 2, -2, "up", None])
def test_a_move_is_one_place_up_or_down(api, world, offset) -> None:
    item = world.submitted.roadmap.items.get()
    url = f"/api/v1/roadmap-actions/{item.code}/move/"
    response = api("consultant").post(url, {"offset": offset}, format="json")
    assert response.status_code == 400
    assert response.json()["offset"]


def test_a_removed_action_cannot_move(api, world) -> None:
    client = api("consultant")
    client.cookies["django_language"] = "en"
    item = world.submitted.roadmap.items.get()
    client.patch(f"/api/v1/roadmap-actions/{item.code}/", {"removed": True})
    response = client.post(f"/api/v1/roadmap-actions/{item.code}/move/", {"offset": 1})
    assert response.status_code == 400
    assert "restore it first" in response.json()["detail"]


def test_a_removed_action_cannot_be_completed_and_a_refused_change_changes_nothing(
    api, world
) -> None:
    client = api("consultant")
    client.cookies["django_language"] = "en"
    item = world.submitted.roadmap.items.get()
    url = f"/api/v1/roadmap-actions/{item.code}/"
    response = client.patch(url, {"removed": True, "completed": True})
    assert response.status_code == 400
    assert "restore it first" in response.json()["detail"]
    item.refresh_from_db()
    assert (item.removed, item.completed_at) == (False, None)  # not half done
    client.patch(url, {"removed": True})
    assert client.patch(url, {"completed": True}).status_code == 400
    assert client.patch(url, {"removed": False, "completed": True}).status_code == 200
