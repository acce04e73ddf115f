"""What WeasyPrint may load: our static files, nothing else.

A report never fetches the network or an arbitrary file: a URL under ``STATIC_URL``
is read through Django's static file finders, ``data:`` URLs as they are (the charts are
in the HTML itself); anything else is refused and stops the rendering.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://report.invalid/"


class ReportFetcher(URLFetcher):
    """Our static files and ``data:`` URLs."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True, timeout=1)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = local_path(url)
        if path is None:
            raise ValueError(f"a report may not load {url!r}")
        return self._static(url, path)

    def _static(self, url: str, path: str) -> URLFetcherResponse:
        relative = path[len(settings.STATIC_URL) :] if path.startswith(settings.STATIC_URL) else ""
        if not relative or ".." in relative.split("/"):
            raise ValueError(f"a report may not load {url!r}")
        found = finders.find(relative)
        if not found or isinstance(found, list):
            raise FileNotFoundError(f"static file {relative!r} not found")
        with open(found, "rb") as source:
            body = source.read()
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def local_path(url: str) -> str | None:
    """The path of a URL on the report's own (fictitious) host, or None for any other URL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    return unquote(parts.path)
