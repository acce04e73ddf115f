"""The roadmap as a living action plan: services, rules and pages (issue 15, item 3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from assessments.accompaniment import services
from assessments.accompaniment.models import Horizon, Roadmap, RoadmapItem, Synthesis
from assessments.accompaniment.selectors import roadmap_changes
from assessments.models import Assessment
from assessments.roles import Role
from tests.factories import VISIT, UserFactory

pytestmark = pytest.mark.django_db
LATER = VISIT + datetime.timedelta(days=30)


def _item_of(company, consultant, version) -> RoadmapItem:
    assessment = Assessment.objects.create(
        company=company,
        consultant=consultant,
        framework_version=version,
        visit_date=VISIT,
        status=Assessment.Status.SUBMITTED,
    )
    return RoadmapItem.objects.create(
        roadmap=Roadmap.objects.create(assessment=assessment),
        axis=version.axes.get(code="A"),
        origin=RoadmapItem.Origin.CUSTOM,
        title="Suivi TRS",
        effort_half_days=2,
        impact=3,
        horizon=Horizon.QUICK_WIN,
    )


@pytest.fixture
def item(company, consultant, small_version) -> RoadmapItem:
    return _item_of(company, consultant, small_version)


@pytest.fixture
def manager(company, groups):
    user = UserFactory(username="manager", role=Role.PME_MANAGER)
    company.managers.add(user)
    return user


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_the_consultant_plans_every_field(item, consultant) -> None:
    services.roadmap_item_track(
        item=item,
        by=consultant,
        changes={
            "owner_name": "Salma B.",
            "owner_role": "Responsable qualité",
            "start_on": VISIT,
            "due_on": LATER,
            "budget_mad": Decimal(45000),
            "kpi": "Taux de rebut (%)",
            "kpi_today": Decimal("4.2"),
            "kpi_target": Decimal("2.5"),
        },
    )
    item.refresh_from_db()
    assert (item.owner_name, item.due_on, item.budget_mad) == ("Salma B.", LATER, 45000)


def test_a_status_change_dates_itself_and_keeps_completion_in_step(item, consultant) -> None:
    services.roadmap_item_track(item=item, by=consultant, changes={"status": "done"})
    item.refresh_from_db()
    assert item.status_changed_on is not None
    assert item.completed_at is not None
    services.roadmap_item_track(item=item, by=consultant, changes={"status": "in_progress"})
    item.refresh_from_db()
    assert item.completed_at is None


def test_tracking_is_not_an_edit_of_the_ranking(item, consultant) -> None:
    services.roadmap_item_track(item=item, by=consultant, changes={"owner_name": "Karim"})
    item.refresh_from_db()
    assert not item.edited


def test_the_manager_updates_status_dates_and_note(item, manager) -> None:
    services.roadmap_item_track(
        item=item,
        by=manager,
        changes={"status": "in_progress", "due_on": LATER, "status_note": "Devis reçu"},
    )
    item.refresh_from_db()
    assert (item.status, item.due_on, item.status_note) == ("in_progress", LATER, "Devis reçu")


def test_the_manager_may_not_change_the_owner_or_the_budget(item, manager) -> None:
    for changes in ({"owner_name": "Moi"}, {"budget_mad": Decimal(1)}, {"kpi_target": 1}):
        with pytest.raises(PermissionDenied):
            services.roadmap_item_track(item=item, by=manager, changes=changes)
    item.refresh_from_db()
    assert item.owner_name == ""
    assert item.budget_mad is None


def test_another_pmes_manager_may_not_track(item, other_company, groups) -> None:
    stranger = UserFactory(username="stranger", role=Role.PME_MANAGER)
    other_company.managers.add(stranger)
    with pytest.raises(PermissionDenied):
        services.roadmap_item_track(item=item, by=stranger, changes={"status": "done"})


def test_a_date_before_the_diagnostic_is_refused_and_nothing_is_stored(item, consultant) -> None:
    with pytest.raises(ValidationError) as error:
        services.roadmap_item_track(
            item=item,
            by=consultant,
            changes={"owner_name": "Karim", "start_on": VISIT - datetime.timedelta(days=3)},
        )
    assert "start_on" in error.value.message_dict
    item.refresh_from_db()
    assert item.owner_name == ""
    assert item.start_on is None


def test_the_consultant_sees_who_changed_what(item, manager) -> None:
    services.roadmap_item_track(item=item, by=manager, changes={"status": "in_progress"})
    changes = roadmap_changes(item.roadmap)
    status = [c for c in changes if c.field == "status"]
    assert status
    assert status[0].who == (manager.get_full_name() or manager.username)
    assert status[0].after == "In progress"


def test_the_synthesis_records_its_language_and_author(item, consultant) -> None:
    synthesis = services.synthesis_save(
        assessment=item.roadmap.assessment,
        by=consultant,
        language="fr",
        strengths=" Atelier bien tenu ",
        weaknesses="",
        key_messages="",
        next_steps="",
    )
    assert (synthesis.language, synthesis.strengths, synthesis.written_by) == (
        "fr",
        "Atelier bien tenu",
        consultant,
    )


def test_a_manager_may_not_write_the_synthesis(item, manager) -> None:
    with pytest.raises(PermissionDenied):
        services.synthesis_save(
            assessment=item.roadmap.assessment,
            by=manager,
            language="fr",
            strengths="",
            weaknesses="",
            key_messages="",
            next_steps="",
        )


# Pages


def test_the_manager_updates_the_status_from_the_page(item, manager) -> None:
    url = reverse("assessments:roadmap_item_track", args=[item.code])
    page = _client(manager).get(url)
    assert page.status_code == 200
    assert "owner_name" not in page.content.decode()
    response = _client(manager).post(url, {"status": "in_progress", "start_on": "", "due_on": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_the_page_refuses_a_field_the_manager_may_not_change(item, manager) -> None:
    url = reverse("assessments:roadmap_item_track", args=[item.code])
    response = _client(manager).post(url, {"status": "done", "budget_mad": "1"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "planned"


def test_another_pmes_roadmap_is_not_found_for_a_manager(
    item, other_company, other_consultant, small_version, groups
) -> None:
    stranger = UserFactory(username="stranger", role=Role.PME_MANAGER)
    other_company.managers.add(stranger)
    url = reverse("assessments:roadmap_item_track", args=[item.code])
    assert _client(stranger).get(url).status_code == 404
    assert _client(stranger).post(url, {"status": "done"}).status_code == 404


def test_a_due_date_before_the_start_keeps_what_was_typed_and_says_why(item, consultant) -> None:
    url = reverse("assessments:roadmap_item_track", args=[item.code])
    data = {
        "owner_name": "Karim Alaoui",
        "status": "planned",
        "start_on": "2026-12-01",
        "due_on": "2026-11-01",
        "budget_mad": "150 000",
    }
    response = _client(consultant).post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The due date cannot come before the start date." in body
    assert "Karim Alaoui" in body
    assert "2026-11-01" in body
    item.refresh_from_db()
    assert item.owner_name == ""


def test_a_french_budget_with_spaces_is_read(item, consultant) -> None:
    url = reverse("assessments:roadmap_item_track", args=[item.code])
    client = _client(consultant, "fr")
    data = {"status": "planned", "budget_mad": "150 000", "kpi_today": "4,2"}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.budget_mad, item.kpi_today) == (150000, Decimal("4.2"))


def test_the_consultant_writes_the_synthesis_on_its_page(item, consultant) -> None:
    url = reverse("assessments:synthesis", args=[item.roadmap.assessment.code])
    data = {
        "language": "en",
        "strengths": "Clean shop floor",
        "weaknesses": "",
        "key_messages": "",
        "next_steps": "",
    }
    assert _client(consultant).post(url, data).status_code == 302
    assert Synthesis.objects.get().language == "en"


def test_the_roadmap_page_shows_the_consultant_what_the_manager_changed(
    item, manager, consultant
) -> None:
    services.roadmap_item_track(item=item, by=manager, changes={"status": "in_progress"})
    url = reverse("assessments:roadmap", args=[item.roadmap.assessment.code])
    page = _client(consultant).get(url).content.decode()
    assert "Changes to the action plan" in page
    assert manager.get_full_name() in page
    manager_page = _client(manager).get(url).content.decode()
    assert "Changes to the action plan" not in manager_page
    assert reverse("assessments:roadmap_item_track", args=[item.code]) in manager_page
