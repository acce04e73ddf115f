from django.template import Context, Template
from django.utils import translation

from diagnostics.models import FallbackText

TEMPLATE = Template("{% load framework_text %}{{ text|fallback }}|{{ text|fallback:'quiet' }}")


def render(text: str) -> tuple[str, str]:
    full, quiet = TEMPLATE.render(Context({"text": text})).split("|")
    return full, quiet


def test_french_fallback_keeps_its_language_and_direction_and_says_so() -> None:
    with translation.override("ar"):
        full, quiet = render(FallbackText("Qui porte la feuille de route ?"))
    assert (
        '<span lang="fr" dir="ltr" class="fallback">Qui porte la feuille de route ?</span>' in full
    )
    assert 'class="fallback-badge"' in full
    assert ">FR</abbr>" in full
    assert "لم يُترجَم بعد" in full
    assert (
        quiet == '<span lang="fr" dir="ltr" class="fallback">Qui porte la feuille de route ?</span>'
    )


def test_text_in_the_pages_language_is_left_alone() -> None:
    assert render("الاستراتيجية") == ("الاستراتيجية", "الاستراتيجية")


def test_the_fallback_is_still_escaped() -> None:
    full, _quiet = render(FallbackText("<b>Niveau</b> & plus"))
    assert "&lt;b&gt;Niveau&lt;/b&gt; &amp; plus" in full
    assert "<b>" not in full
