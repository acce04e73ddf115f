"""Static files in production: gathered by collectstatic under hashed names, served by WhiteNoise.

``collectstatic`` runs with the production settings (DEBUG=false) in a subprocess; the pages
are then requested in-process with the storage and the WhiteNoise mode production uses.
"""

import gzip
import json
import re
import secrets
from pathlib import Path

import pytest
from django.test import Client

from tests.test_settings import run_manage

FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    result = run_manage(
        "collectstatic",
        "--no-input",
        "-v",
        "0",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATA_DIR=str(data_dir),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir / "staticfiles"


@pytest.fixture
def production(settings, collected: Path) -> Client:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = collected
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "config.staticfiles.CompressedManifestStorage"}
    }
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = False
    return Client()  # a new client builds its middleware, WhiteNoise's file list included


def test_collectstatic_gathers_every_file_under_a_hashed_name(collected: Path) -> None:
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    for name in [
        "css/app.css",
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/plotly/plotly.min.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "admin/css/base.css",
    ]:
        stem, extension = name.rsplit(".", 1)
        hashed = manifest[name]
        assert re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension}", hashed)
        assert (collected / hashed).is_file()
        assert (collected / f"{hashed}.gz").is_file()


def test_a_page_links_hashed_stylesheets_that_are_served_with_far_future_caching(
    production: Client,
) -> None:
    page = production.get("/login/")
    assert page.status_code == 200
    links = re.findall(r'href="(/static/[^"]+\.css)"', page.content.decode())
    assert any(re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", link) for link in links)
    for link in links:
        response = production.get(link)
        assert response.status_code == 200, link
        assert response["Content-Type"].startswith("text/css")
        assert response["Cache-Control"] == FOREVER
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_stylesheet_is_sent_compressed_to_a_browser_that_accepts_it(production: Client) -> None:
    link = re.search(r'href="(/static/css/app\.[^"]+)"', production.get("/login/").content.decode())
    assert link is not None
    response = production.get(link[1], headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert b".bg-brand" in body


def test_a_name_without_its_hash_is_still_served_but_cached_briefly(production: Client) -> None:
    response = production.get("/static/css/app.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_the_api_docs_load_swagger_from_hashed_files(production: Client) -> None:
    page = production.get("/api/docs/").content.decode()
    bundle = re.search(r'src="(/static/drf_spectacular_sidecar/[^"]+\.js)"', page)
    assert bundle is not None
    assert re.search(r"swagger-ui-bundle\.[0-9a-f]{12}\.js$", bundle[1])
    response = production.get(bundle[1])
    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER
