"""The diagnostic on a shop floor without network: the service worker, the web app manifest,
and a logout that wipes what the device kept.

The worker is served by a view at the root (``/sw.js``), not by WhiteNoise under
``/static/``: a worker controls only the pages under its own URL, and a root URL needs no
``Service-Worker-Allowed`` header (which WhiteNoise cannot add to one file). The URL also
stays the same across deployments while the assets it caches carry hashed names, so the
browser checks for a new worker on every visit (``no-cache``) and finds one whenever an
asset or the worker changed (its version is a hash of its own text).
"""

import functools
import hashlib
import json

from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# What a diagnostic page needs besides its HTML; cached when the worker installs.
ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.rtl.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/app.css",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "js/scroll_regions.js",
    "js/offline_queue.js",
    "js/offline.js",
    "js/autosave.js",
    "js/answering.js",
]


@functools.cache
def worker_source() -> str:
    path = finders.find("js/service_worker.js")
    assert isinstance(path, str), "static/js/service_worker.js is missing"
    with open(path, encoding="utf-8") as file:
        body = file.read()
    head = f"const PRECACHE = {json.dumps([static(name) for name in ASSETS])};\n"
    version = hashlib.sha256((head + body).encode()).hexdigest()[:12]
    return f'const VERSION = "{version}";\n{head}{body}'


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The manifest in the user's language, so the installed app is named in it."""
    data = {
        "name": "Maturité 4.0",
        "short_name": "Maturité 4.0",
        "description": _("Industry 4.0 maturity diagnostic, usable without a network."),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3d66",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


class LogoutView(auth_views.LogoutView):
    """Logging out also empties this site's storage on the device: the cached diagnostic
    pages, the queue of unsent answers and the worker, so that the next person to use the
    tablet finds nothing of the previous one's PMEs."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
