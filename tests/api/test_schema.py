"""The OpenAPI schema is generated from the code; the docs page is served under our CSP."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_without_warnings() -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format=openapi-json", stdout=out)
    assert '"openapi": "3.0.3"' in out.getvalue()


def test_the_schema_describes_every_endpoint_and_its_refusals(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/diagnostics/{code}/answers/{question}/" in paths
    assert "/api/v1/plans/{code}/slots/{slot_id}/move/" in paths
    put = paths["/api/v1/diagnostics/{code}/answers/{question}/"]["put"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(put["responses"])
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_docs_page_loads_only_our_static_files_under_a_strict_csp(client: Client) -> None:
    response = client.get("/api/docs/")
    page = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in page
    assert "<style>" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/static/api/docs.js" in page
    assert "https://" not in page
    assert "http://" not in page
