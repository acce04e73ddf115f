"""The user guides: markdown files in docs/guide/, one per role and language, read as HTML.

A guide is ``docs/guide/<role>.<language>.md``; its screenshots are ``docs/guide/img/<language>/``
(served as the static files ``guide/<language>/<name>.png``), taken by the browser test
``tests/e2e/test_guide_screenshots.py``. A language without its own file reads the French one,
and says so.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_PREFIX = "img/"
FALLBACK_LANGUAGE = "fr"
ROLES: dict[str, Promise] = {
    "consultant": _("Consultant"),
    "cluster_staff": _("Cluster staff"),
    "coordinator": _("Programme coordinator"),
    "pme_manager": _("PME manager"),
}


@dataclass(frozen=True)
class Guide:
    role: str
    language: str  # the language of the text, which may be the fallback
    fallback: bool  # True when the reader's language has no guide of its own
    title: str
    html: str
    sections: list[str]


def guide_path(role: str, language: str) -> Path:
    return GUIDE_DIR / f"{role}.{language}.md"


def guide_read(*, role: str, language: str, image_url: Callable[[str], str]) -> Guide:
    """The guide of ``role`` in ``language`` (else in French); ``image_url`` turns a
    screenshot's path under img/ (``fr/consultant-pme.png``) into the URL to show."""
    if role not in ROLES:
        raise KeyError(role)
    path = guide_path(role, language)
    fallback = not path.exists()
    if fallback:
        language, path = FALLBACK_LANGUAGE, guide_path(role, FALLBACK_LANGUAGE)
    md = _markdown(image_url)
    tokens = md.parse(path.read_text(encoding="utf-8"))
    title = next(tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h1")
    sections = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    html = md.renderer.render(tokens, md.options, {})
    return Guide(role, language, fallback, title, html, sections)


def guide_images(role: str, language: str) -> list[str]:
    """The screenshots a guide shows, as paths under img/ (``fr/consultant-pme.png``)."""
    tokens = MarkdownIt("commonmark").parse(guide_path(role, language).read_text("utf-8"))
    inline = [child for t in tokens for child in (t.children or [])]
    return [
        str(t.attrs["src"]).removeprefix(IMAGE_PREFIX)
        for t in inline
        if t.type == "image" and str(t.attrs.get("src", "")).startswith(IMAGE_PREFIX)
    ]


def _markdown(image_url: Callable[[str], str]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def image(
        self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        src = str(token.attrs.get("src", ""))
        if src.startswith(IMAGE_PREFIX):
            token.attrSet("src", image_url(src.removeprefix(IMAGE_PREFIX)))
        token.attrSet("class", "guide-shot")
        return self.image(tokens, idx, options, env)

    md.add_render_rule("image", image)
    return md
