"""Cluster staff import a PME list in the browser; the API docs render under our CSP."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from playwright.sync_api import ConsoleMessage, Page, expect

from assessments.models import Company
from assessments.roles import Role
from tests.factories import ClusterFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "Raison sociale;ICE;Secteur;Région;Ville;Effectif\n"
    "Sefrou Plast;002 345 678 000 033;Plasturgie et chimie;Fès-Meknès;Sefrou;35\n"
    "Oujda Métal;002345678000040;metalworking;ORI;Oujda;10-49\n"
).encode("cp1252")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def watch_console(page: Page) -> list[str]:
    """Console errors and CSP violations seen by the page."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    return problems


@pytest.fixture
def staff(groups):
    user = UserFactory(username="salma", role=Role.CLUSTER_STAFF)
    ClusterFactory(code="ce3m", name="Cluster CE3M").staff.add(user)
    return user


def test_cluster_staff_preview_a_list_then_import_it(page: Page, log_in, staff) -> None:
    problems = watch_console(page)
    log_in(staff)
    page.goto("/pme/")
    page.get_by_role("link", name="Importer une liste").or_(
        page.get_by_role("link", name="Import a list")
    ).click()
    page.set_input_files(
        "input[type=file]", {"name": "pmes.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table")).to_contain_text("002345678000033")
    assert not Company.objects.exists()
    page.locator("form[action$='/pme/import/confirm/'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("2")
    expect(page.locator("table")).to_contain_text("Oujda Métal")
    assert Company.objects.filter(cluster__code="ce3m").count() == 2
    assert problems == []
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_list_with_mistakes_shows_them_and_imports_nothing(page: Page, log_in, staff) -> None:
    log_in(staff)
    page.goto("/pme/import/")
    broken = CSV.replace(b"ORI", b"Mars")
    page.set_input_files(
        "input[type=file]", {"name": "pmes.csv", "mimeType": "text/csv", "buffer": broken}
    )
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("tr.table-danger")).to_have_count(1)
    expect(page.locator("tr.table-danger")).to_contain_text("Mars")
    expect(page.locator("form[action$='/pme/import/confirm/']")).to_have_count(0)
    assert not Company.objects.exists()


def test_the_api_docs_render_from_our_static_files_under_the_csp(
    page: Page, log_in, live_server, staff
) -> None:
    problems = watch_console(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(staff)
    page.goto("/api/docs/")
    operation = page.locator(".opblock-summary-path[data-path='/api/v1/clusters/']").first
    expect(operation).to_be_visible()
    # one block per operation of the schema generated from the code: none missing
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    operations = sum(method in HTTP_METHODS for item in paths.values() for method in item)
    expect(page.locator(".opblock")).to_have_count(operations)
    # "Try it out" runs with the browser's session.
    operation.click()
    page.locator(".try-out__btn").first.click()
    page.locator(".execute").first.click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )
    expect(page.locator(".live-responses-table")).to_contain_text("Cluster CE3M")
    assert problems == []
    assert page.js_errors == []  # type: ignore[attr-defined]
    assert all(url.startswith(live_server.url) for url in requested), requested
