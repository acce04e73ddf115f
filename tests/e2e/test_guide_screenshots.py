"""The user guides' screenshots, taken on the demo data as each role's demo user.

The test fails when a page a guide shows no longer has a label the guide names, so the guide
stays true to the app; it (re)writes docs/guide/img/<language>/<name>.png, which are
committed. Run it after changing a page a guide shows, look at the PNGs, commit them.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from PIL import Image, ImageChops
from playwright.sync_api import BrowserContext, Page, expect

from assessments.models import Cluster
from reports.monitoring.models import Indicator, Period
from reports.monitoring.services.indicators import indicator_value_submit
from tests.guide.shots import SHOTS, STAFF, Label

pytestmark = pytest.mark.django_db(transaction=True)

IMAGES = Path(settings.BASE_DIR) / "docs" / "guide" / "img"
VIEWPORT = {"width": 1000, "height": 620}


@pytest.fixture
def browser_context_args() -> dict[str, object]:
    return {"viewport": VIEWPORT}


def _element(page: Page, label: Label, language: str):  # type: ignore[no-untyped-def]
    text = label.text(language)
    if label.kind == "text":
        return page.get_by_text(text, exact=True).first
    pattern = re.compile(rf"^\s*{re.escape(text)}")
    return page.get_by_role(label.kind, name=pattern).first  # type: ignore[arg-type]


def _save(png: bytes, path: Path) -> None:
    """An indexed-colour PNG, without the page's empty bottom: small, as sharp."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((0, image.height - 1)))
    content = ImageChops.difference(image, background).getbbox()
    if content:
        image = image.crop((0, 0, image.width, min(image.height, content[3] + 24)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _submit_values_to_approve() -> None:
    """What cluster staff do before the coordinator's queue has anything in it."""
    staff = User.objects.get(username=STAFF)
    cluster = Cluster.objects.get(staff=staff)
    period = Period.objects.filter(locked=False, kind="quarter").order_by("start")[0]
    for indicator in Indicator.objects.filter(kind=Indicator.Kind.COMPUTED).order_by("code")[:3]:
        indicator_value_submit(indicator=indicator, period=period, cluster=cluster, by=staff)


def test_each_guide_s_pages_have_the_labels_it_names(
    context: BrowserContext, page: Page, live_server, log_in, default_version, variants
) -> None:
    call_command("load_demo")
    call_command("load_logframe", demo=True)
    _submit_values_to_approve()
    for language in dict.fromkeys(language for _width, language in variants):
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for shot in SHOTS:
            context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
            log_in(User.objects.get(username=shot.username))
            page.goto(f"{live_server.url}{shot.url()}")
            for label in shot.labels:
                expect(_element(page, label, language), f"{shot.name}: {label}").to_be_visible()
            page.evaluate("document.activeElement && document.activeElement.blur()")
            _save(page.screenshot(), IMAGES / language / f"{shot.name}.png")
    assert page.js_errors == []  # type: ignore[attr-defined]
