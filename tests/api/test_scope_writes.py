"""Writes that would widen a user's scope: registering, assigning, moving a PME."""

import pytest

from assessments.models import Company
from reports.monitoring.selectors.indicators import se_clusters_visible_to

pytestmark = pytest.mark.django_db

PMES = "/api/v1/pmes/"
NEW = {
    "name": "Sefrou Plast",
    "ice": "002 345 678 000 033",
    "sector": "plastics",
    "region": "FMK",
    "city": "Sefrou",
    "headcount": "10-49",
}


def test_a_consultant_may_not_register_a_pme_in_a_cluster_they_do_not_work_in(api, world) -> None:
    body = NEW | {"cluster": "agro", "consultants": ["consultant"]}
    response = api("consultant").post(PMES, body, format="json")
    assert response.status_code == 400
    assert "cluster" in response.json()
    assert not Company.objects.filter(name="Sefrou Plast").exists()
    assert world.other_cluster not in se_clusters_visible_to(world.users["consultant"])


def test_a_consultant_still_registers_a_pme_in_their_own_cluster(api, world) -> None:
    response = api("consultant").post(PMES, NEW | {"cluster": "ce3m"}, format="json")
    assert response.status_code == 201


def test_a_consultant_may_not_assign_consultants_or_managers(api, world) -> None:
    body = NEW | {"cluster": "ce3m", "managers": ["manager"]}
    response = api("consultant").post(PMES, body, format="json")
    assert response.status_code == 403
    assert "l'équipe du cluster" in response.json()["detail"]
    url = f"{PMES}{world.company.code}/"
    patch = {"consultants": ["consultant", "other-consultant"]}
    assert api("consultant").patch(url, patch, format="json").status_code == 403
    assert set(world.company.consultants.values_list("username", flat=True)) == {"consultant"}


def test_the_clusters_staff_assign_the_consultants(api, world) -> None:
    url = f"{PMES}{world.company.code}/"
    patch = {"consultants": ["consultant", "other-consultant"]}
    assert api("staff").patch(url, patch, format="json").status_code == 200
    assert world.company.consultants.count() == 2


def test_a_consultant_may_not_move_a_pme_to_another_cluster(api, world) -> None:
    url = f"{PMES}{world.company.code}/"
    response = api("consultant").patch(url, {"cluster": "agro"}, format="json")
    assert response.status_code in (400, 403)
    world.company.refresh_from_db()
    assert world.company.cluster == world.cluster
    assert world.other_cluster not in se_clusters_visible_to(world.users["consultant"])


def test_the_clusters_staff_may_not_move_a_pme_out_of_their_cluster(api, world) -> None:
    url = f"{PMES}{world.company.code}/"
    response = api("staff").patch(url, {"cluster": "agro"}, format="json")
    assert response.status_code in (400, 403)
    world.company.refresh_from_db()
    assert world.company.cluster == world.cluster


def test_the_coordinator_moves_a_pme_with_a_reason_that_is_recorded(api, world) -> None:
    url = f"{PMES}{world.company.code}/"
    client = api("coordinator")
    refused = client.patch(url, {"cluster": "agro"}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    moved = client.patch(
        url, {"cluster": "agro", "reason": "Merged into the agri-food cluster"}, format="json"
    )
    assert moved.status_code == 200
    world.company.refresh_from_db()
    assert world.company.cluster == world.other_cluster
    latest = world.company.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Merged into the agri-food cluster"
