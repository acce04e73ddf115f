"""Each role's day on the demo cohort, at 1280, 768 and 390 px, in French and in English,
driven only by what a user sees: roles and visible labels. Every page of the journey is
checked with axe-core (no serious or critical violation, no failing contrast left to review)
and, at 390 px, for content cut off sideways: the page never scrolls horizontally (a wide
table scrolls inside its own container, which says so)."""

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect

from assessments.accompaniment.models import Plan
from assessments.demo import DEMO_PASSWORD
from assessments.models import Answer, Assessment
from assessments.selectors import applicable_questions, companies_visible_to
from diagnostics.models import FrameworkVersion
from tests.e2e.a11y import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = 390

# The page is as wide as the screen: nothing hides past its right edge.
FITS = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def demo(default_version: FrameworkVersion) -> None:
    call_command("load_demo")
    call_command("load_logframe", demo=True)


# True once the page has not scrolled for six frames in a row.
SETTLED = """() => new Promise((done) => {
  let y = window.scrollY, still = 0;
  const look = () => {
    if (window.scrollY === y) { still += 1; } else { y = window.scrollY; still = 0; }
    if (still > 5) { done(true); } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})"""


class Visit:
    """One (role, width, language): a browser context logged in once, the faults it saw."""

    def __init__(self, page: Page, language: str, width: int) -> None:
        self.page, self.language, self.width = page, language, width
        self.faults: list[str] = []

    def t(self, message: str) -> str:
        """A label as the user reads it in the page's language."""
        with translation.override(self.language):
            return gettext(message)

    def check(self, step: str) -> None:
        """axe on the page as it is, and nothing cut off sideways on a phone."""
        page = self.page
        page.wait_for_load_state("load")
        page.wait_for_function(SETTLED)  # a smooth scroll to the next question has ended
        report = audit(page)
        where = f"[{self.language} {self.width}px] {step}"
        if not report.clean:
            self.faults.append(f"{where}: {report}")
        if self.width == NARROW and not page.evaluate(FITS):
            wide = page.evaluate(WIDEST)
            self.faults.append(f"{where}: the page scrolls sideways ({page.url}): {wide}")

    def home(self) -> None:
        self.page.get_by_role("link", name="Maturité 4.0").click()

    def nav(self, label: str) -> None:
        """Follow a link of the main navigation; on a phone, the menu opens first."""
        navigation = self.page.get_by_role("navigation", name=self.t("Main navigation"))
        menu = navigation.get_by_role("button", name=self.t("Menu"))
        if menu.is_visible():
            menu.click()
        navigation.get_by_role("link", name=self.t(label), exact=True).click()


# What sticks out past the screen's right edge, for the failure message.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((el) => !el.closest('.table-responsive, [data-scrolls]'))
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
    + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


@pytest.fixture
def visits(
    browser: Browser, live_server, variants: list[tuple[int, str]]
) -> Iterator[Callable[[str], Iterator[Visit]]]:
    """Every (width, language) for one user: one browser context each, logged in once."""
    opened = []

    def visits(username: str) -> Iterator[Visit]:
        for width, language in variants:
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": width, "height": 900},
                service_workers="block",
            )
            context.set_default_timeout(20_000)
            opened.append(context)
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            visit = Visit(page, language, width)
            page.goto("/login/")
            with translation.override(language):
                form = AuthenticationForm()
                labels = [str(form.fields[name].label) for name in ("username", "password")]
            page.get_by_label(labels[0]).fill(username)
            page.get_by_label(labels[1]).fill(DEMO_PASSWORD)
            page.get_by_role("main").get_by_role("button", name=visit.t("Log in")).click()
            page.wait_for_url(f"{live_server.url}/")
            yield visit
            opened.remove(context)
            context.close()

    yield visits
    for context in opened:
        context.close()


def either(*labels: str) -> re.Pattern[str]:
    """A button or link named one of these labels (an arrow beside it is not in its name)."""
    return re.compile("^(" + "|".join(re.escape(label) for label in labels) + ")$")


def assert_clean(visits: list[Visit], variants: list[tuple[int, str]]) -> None:
    faults = [fault for visit in visits for fault in visit.faults]
    assert not faults, "\n".join(faults)
    assert [(visit.width, visit.language) for visit in visits] == variants


def test_a_consultant_answers_reads_the_results_and_opens_a_plan_day(
    demo: None, visits, variants
) -> None:
    consultant = get_user_model().objects.get(username="consultant1")
    mine = Assessment.objects.filter(company__in=companies_visible_to(consultant))
    draft = mine.filter(status=Assessment.Status.DRAFT).select_related("company").first()
    plan = (  # a completed plan opens no day
        Plan.objects.filter(assessment__in=mine)
        .exclude(status=Plan.Status.COMPLETED)
        .select_related("assessment__company")
        .first()
    )
    assert draft is not None
    assert plan is not None
    questions = applicable_questions(draft)
    seen = []
    for visit in visits("consultant1"):
        page, t = visit.page, visit.t
        seen.append(visit)
        visit.check("home")
        visit.nav("PMEs")
        visit.check("the PMEs")
        page.get_by_role("link", name=draft.company.name, exact=True).click()
        visit.check("a PME")
        with translation.override(visit.language):
            draft_row = page.get_by_role("row").filter(has_text=draft.get_status_display())
        draft_row.get_by_role("link", name=t("Open")).click()
        visit.check("the diagnostic")
        begin = either(t("Continue the questionnaire"), t("Start the questionnaire"))
        page.get_by_role("link", name=begin).click()
        page.wait_for_url("**/axes/**")
        visit.check("an axis")

        axis = page.url.rstrip("/").rsplit("/", 1)[-1]
        question = next(q for q in questions if q.axis.code == axis)
        current = Answer.objects.filter(assessment=draft, question=question).first()
        level = 3 if current is None or current.level != 3 else 2
        group = page.get_by_role("group", name=re.compile(re.escape(question.code)))
        group.get_by_text(str(level), exact=True).click()
        expect(group.get_by_role("radio", name=re.compile(f"^{level}"))).to_be_checked()
        visit.check("an answer given")
        save = either(t("Save and continue"), t("Save and finish"))
        with page.expect_navigation():
            page.get_by_role("button", name=save).click()
        assert Answer.objects.get(assessment=draft, question=question).level == level

        visit.nav("PMEs")
        page.get_by_role("link", name=plan.assessment.company.name, exact=True).click()
        with translation.override(visit.language):
            kind = plan.assessment.get_kind_display()
        row = (
            page.get_by_role("row")
            .filter(has_text=kind)
            .filter(has=page.get_by_role("link", name=t("Results")))
        )
        row.first.get_by_role("link", name=t("Results")).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        visit.check("the results")
        page.go_back()
        row.first.get_by_role("link", name=t("Open")).click()
        page.get_by_role("link", name=t("Roadmap and plan")).click()
        visit.check("the roadmap")
        page.get_by_role("link", name=t("Eight-day plan")).click()
        visit.check("the eight-day plan")
        with translation.override(visit.language):
            open_day = gettext("Open day %(n)s") % {"n": 1}
        page.get_by_role("link", name=open_day).click()
        visit.check("day 1")
    assert_clean(seen, variants)


def test_the_clusters_staff_find_their_pmes_the_dashboard_and_what_to_validate(
    demo: None, visits, variants
) -> None:
    seen = []
    for visit in visits("staff-ce3m"):
        page, t = visit.page, visit.t
        seen.append(visit)
        visit.check("home")
        visit.nav("PMEs")
        visit.check("the PMEs")
        visit.nav("Monitoring and evaluation")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        visit.check("the S&E dashboard")
        visit.home()
        waiting = page.get_by_role(
            "region", name=re.compile(re.escape(t("Diagnostics to validate")))
        )
        waiting.get_by_role("link").first.click()
        expect(page.get_by_role("button", name=t("Validate and lock"))).to_be_visible()
        visit.check("a diagnostic to validate")
    assert_clean(seen, variants)


def test_the_coordinator_reads_the_programme_and_downloads_the_funders_workbook(
    demo: None, visits, variants
) -> None:
    seen = []
    for visit in visits("coordinateur"):
        page, t = visit.page, visit.t
        seen.append(visit)
        visit.check("home")
        visit.nav("Monitoring and evaluation")
        visit.check("the programme dashboard")
        page.get_by_role("link", name=t("Values to approve")).click()
        visit.check("the approvals")
        page.go_back()
        with page.expect_download() as download:
            page.get_by_role("link", name=t("Logframe (Excel)")).click()
        path = download.value.path()
        with open(path, "rb") as workbook:
            assert workbook.read(2) == b"PK"
        assert download.value.suggested_filename.endswith(".xlsx")
    assert_clean(seen, variants)


def test_a_pme_manager_reads_results_and_roadmap_and_asks_for_the_report(
    demo: None, visits, variants
) -> None:
    seen = []
    for visit in visits("pme-ce3m-1"):
        page, t = visit.page, visit.t
        seen.append(visit)
        visit.check("home")
        results = page.get_by_role("region", name=t("Your results"))
        results.get_by_role("link", name=t("results"), exact=True).first.click()
        visit.check("the results")
        visit.home()
        results.get_by_role("link", name=t("roadmap"), exact=True).first.click()
        visit.check("the roadmap")
        visit.home()
        results.get_by_role("link", name=t("results"), exact=True).first.click()
        page.get_by_role("button", name=t("Generate the PDF")).click()
        expect(page.get_by_role("status").first).to_be_visible()
        visit.check("the report asked for")
    assert_clean(seen, variants)
