"""Static files: the plotly.js of the installed plotly package, and the production storage.

The browser and the PDF charts always come from the same plotly version, and nothing
is loaded from a CDN.
"""

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
PLOTLY_PATH = "vendor/plotly/plotly.min.js"


class PlotlyFinder(BaseFinder):
    storage = FileSystemStorage(location=PLOTLY_DIR)
    storage.prefix = "vendor/plotly"  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        if path != PLOTLY_PATH:
            return [] if find_all else ""
        match = str(PLOTLY_DIR / "plotly.min.js")
        return [match] if find_all else match

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        yield "plotly.min.js", self.storage


# plotly.js bundles maplibre's stylesheet and injects it as a <style> element when it loads,
# unless an element with the stylesheet's id is already in the page. Our CSP refuses inline
# styles (the charts need none of maplibre's), so the pages name those ids beforehand.
STYLE_GUARD = re.compile(
    rb'getElementById\("([0-9a-f]{16,})"\)\)\{var e=document\.createElement\("style"\)'
)


@functools.cache
def plotly_style_guards() -> tuple[str, ...]:
    """The ids of the <style> elements plotly.js would inject, read from the bundle."""
    bundle = (PLOTLY_DIR / "plotly.min.js").read_bytes()
    return tuple(found.decode() for found in STYLE_GUARD.findall(bundle))


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, gzip only.

    WhiteNoise adds Brotli whenever the ``brotli`` module happens to be installed (a
    development tool brings it): at its highest level it takes over a minute on this
    project's 2 cores (8 s for plotly.js alone), on every ``collectstatic``, for files
    about a fifth smaller than gzip's. Gzip takes a few seconds, wherever it runs.
    """

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
