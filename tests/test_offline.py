"""The service worker, the manifest and the logout that empties the device (config/offline.py)."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

from assessments import services
from assessments.roles import Role
from config import offline
from tests.factories import VISIT, CompanyFactory, UserFactory


def test_the_worker_is_served_from_the_root_so_that_it_controls_the_diagnostic_pages(
    client: Client,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"  # a new deployment reaches the devices
    body = response.content.decode()
    assert body.startswith('const VERSION = "')
    assert 'self.addEventListener("fetch"' in body


def test_the_worker_precaches_every_asset_of_the_answer_page_at_its_served_url(
    client: Client,
) -> None:
    precache = json.loads(
        client.get("/sw.js").content.decode().split("const PRECACHE = ")[1].split(";\n")[0]
    )
    assert static("js/autosave.js") in precache
    assert static("js/offline_queue.js") in precache
    for name in offline.ASSETS:
        assert finders.find(name), f"{name} is listed but missing"


def test_the_worker_cannot_be_posted_to(client: Client) -> None:
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_app_in_the_users_language(client: Client) -> None:
    client.cookies["django_language"] = "ar"
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["lang"], manifest["dir"]) == ("ar", "rtl")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    assert manifest["description"] != "Industry 4.0 maturity diagnostic, usable without a network."


@pytest.mark.django_db
def test_logging_out_asks_the_browser_to_forget_what_the_device_kept(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_answer_page_links_the_manifest_and_loads_the_queue_before_autosave(
    client: Client, small_version, groups
) -> None:
    consultant = UserFactory(role=Role.CONSULTANT)
    company = CompanyFactory(consultants=[consultant])
    draft = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    client.force_login(consultant)
    html = client.get(f"/diagnostics/{draft.code}/axes/A/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert html.index(static("js/offline_queue.js")) < html.index(static("js/autosave.js"))
    assert f'data-answer-url="/diagnostics/{draft.code}/answers/__question__/"' in html
