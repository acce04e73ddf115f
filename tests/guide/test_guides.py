"""The guides stay true: each shows its screenshots and names their labels word for word."""

import pytest

from guide.guides import GUIDE_DIR, ROLES, guide_images, guide_path, guide_read
from tests.guide.shots import SHOTS

LANGUAGES = ("fr", "en")
CASES = [(role, language) for role in ROLES for language in LANGUAGES]


@pytest.mark.parametrize(("role", "language"), CASES)
def test_each_role_has_its_guide_in_french_and_english(role: str, language: str) -> None:
    guide = guide_read(role=role, language=language, image_url=lambda name: name)
    assert not guide.fallback
    assert guide.language == language
    assert len(guide.sections) >= 4


@pytest.mark.parametrize(("role", "language"), CASES)
def test_a_guide_shows_exactly_its_role_s_screenshots_in_its_language(
    role: str, language: str
) -> None:
    shown = guide_images(role, language)
    taken = [f"{language}/{shot.name}.png" for shot in SHOTS if shot.guide == role]
    assert sorted(shown) == sorted(taken)
    for image in shown:
        assert (GUIDE_DIR / "img" / image).is_file(), f"{image}: run the e2e guide test"


@pytest.mark.parametrize(("role", "language"), CASES)
def test_a_guide_names_the_labels_of_its_screenshots_word_for_word(
    role: str, language: str
) -> None:
    text = " ".join(guide_path(role, language).read_text("utf-8").split())
    for shot in (shot for shot in SHOTS if shot.guide == role):
        for label in shot.labels:
            assert label.text(language) in text, f"{role}.{language}: {label}"


def test_the_screenshots_stay_small() -> None:
    sizes = [path.stat().st_size for path in (GUIDE_DIR / "img").rglob("*.png")]
    assert sizes
    assert sum(sizes) < 3_000_000
