"""Answers survive a lost connection, a reload, and a colleague editing the same answer."""

import random
import re
from collections import Counter
from collections.abc import Collection

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from assessments import services
from assessments.models import Answer, Assessment
from assessments.roles import Role
from tests.e2e.device import queued_on_device, wait_until_nothing_queued
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE = "**/answers/**"
CHOICES = ["0", "1", "2", "3", "4", "5", "na"]


@pytest.fixture
def draft(small_version, groups) -> Assessment:
    consultant = UserFactory(
        username="sara", first_name="Sara", last_name="Moussaoui", role=Role.CONSULTANT
    )
    company = CompanyFactory(consultants=[consultant])
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


@pytest.fixture
def strat_draft(default_version, groups) -> Assessment:
    consultant = UserFactory(username="nadia", first_name="Nadia", role=Role.CONSULTANT)
    company = CompanyFactory(consultants=[consultant])
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )


def axis_a(assessment: Assessment) -> str:
    return f"/diagnostics/{assessment.code}/axes/A/"


def offline(route: Route) -> None:
    route.abort("internetdisconnected")


def test_an_answer_given_offline_is_kept_across_a_reload_and_sent_later(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.route(SAVE, offline)
    page.goto(axis_a(draft))
    page.click('label[for="A1-l3"]')
    page.fill('textarea[name="A1-comment"]', "Ligne 2 arrêtée pendant la visite")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small failed")
    expect(page.locator("#unsaved-banner")).to_be_visible()
    expect(page.locator("#unsaved-banner")).to_contain_text("1")
    assert not Answer.objects.exists()
    assert queued_on_device(page) == ["A1"]

    page.reload()  # the browser was closed, or the tablet restarted, still offline
    expect(page.locator("input#A1-l3")).to_be_checked()
    expect(page.locator('textarea[name="A1-comment"]')).to_have_value(
        "Ligne 2 arrêtée pendant la visite"
    )
    expect(page.locator("#unsaved-banner")).to_be_visible()

    page.unroute(SAVE)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small saved")
    expect(page.locator("#unsaved-banner")).to_be_hidden()
    answer = Answer.objects.get()
    assert (answer.level, answer.comment) == (3, "Ligne 2 arrêtée pendant la visite")


def test_a_colleagues_newer_answer_is_shown_and_the_user_chooses(
    browser: Browser, live_server, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.goto(axis_a(draft))  # Sara's page shows A1 unanswered (revision 0)
    colleague = UserFactory(first_name="Driss", last_name="El Ouafi", role=Role.CONSULTANT)
    draft.company.consultants.add(colleague)
    question = draft.framework_version.axes.get(code="A").questions.get(code="A1")
    services.answer_record(
        assessment=draft,
        question=question,
        by=colleague,
        level=4,
        comment="Vu avec le chef d'atelier",
    )

    page.click('label[for="A1-l1"]')
    conflict = page.locator("#q-A1 .conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Driss El Ouafi")
    expect(conflict).to_contain_text("Vu avec le chef d'atelier")
    assert Answer.objects.get().level == 4  # nothing overwritten silently

    page.click("#q-A1 .keep-mine")
    expect(page.locator("#q-A1 .save-status")).to_have_class("save-status small saved")
    assert Answer.objects.get().level == 1
    assert Answer.objects.get().updated_by == draft.consultant


class SlowNetwork:
    """Answer saves over a slow, lossy connection, as a route handler.

    Each save waits a random time on the way up and on the way back. The test server
    shares one SQLite connection between its threads, so saves reach it one at a time,
    as with a single worker; their order and timing stay random. Saves listed in
    ``lost_replies`` reach the server but their reply never comes back; saves listed in
    ``lost_requests`` never reach it. Records how many saves of one question were on
    the wire at once, and every 409.
    """

    def __init__(
        self,
        page: Page,
        rng: random.Random,
        lost_replies: Collection[int] = (),
        lost_requests: Collection[int] = (),
        delays_ms: tuple[int, int] = (100, 900),
    ) -> None:
        self.page, self.rng, self.delays_ms = page, rng, delays_ms
        self.lost_replies, self.lost_requests = lost_replies, lost_requests
        self.count = 0
        self.server_busy = False
        self.in_flight: Counter[str] = Counter()
        self.most_in_flight = 0
        self.conflicts: list[str] = []

    def latency(self) -> None:
        self.page.wait_for_timeout(self.rng.randint(*self.delays_ms))

    def __call__(self, route: Route) -> None:
        number, self.count = self.count, self.count + 1
        code = route.request.url.rstrip("/").rsplit("/", 1)[-1]
        self.in_flight[code] += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight[code])
        try:
            self.latency()
            if number in self.lost_requests:
                route.abort("connectionreset")
                return
            while self.server_busy:
                self.page.wait_for_timeout(5)
            self.server_busy = True
            try:
                response = route.fetch()
            finally:
                self.server_busy = False
            if response.status == 409:
                self.conflicts.append(code)
            self.latency()
            if number in self.lost_replies:
                route.abort("connectionreset")
            else:
                route.fulfill(response=response)
        except PlaywrightError:
            pass  # the page went on meanwhile: the browser gave up on this save
        finally:
            self.in_flight[code] -= 1


def click_level(page: Page, code: str, choice: str) -> None:
    option = f"{code}-na" if choice == "na" else f"{code}-l{choice}"
    page.click(f'label[for="{option}"]')


def wait_until_all_saved(page: Page, codes: Collection[str]) -> None:
    for code in codes:
        expect(page.locator(f"#q-{code} .save-status")).to_have_class("save-status small saved")
    wait_until_nothing_queued(page)


def stored_choices(assessment: Assessment, codes: Collection[str]) -> dict[str, str]:
    answers = Answer.objects.filter(assessment=assessment, question__code__in=codes)
    return {
        a.question.code: "na" if a.not_applicable else str(a.level)
        for a in answers.select_related("question")
    }


def last_saved_choices(assessment: Assessment, codes: Collection[str]) -> dict[str, str]:
    """What the history's newest revision of each answer holds (a stale re-save shows here)."""
    last = {}
    for code in codes:
        record = (
            Answer.history.filter(assessment_id=assessment.pk, question__code=code)
            .order_by("-revision", "-history_id")
            .first()
        )
        assert record is not None
        last[code] = "na" if record.not_applicable else str(record.level)
    return last


def test_a_quick_second_choice_on_a_slow_connection_wins_without_a_conflict(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    network = SlowNetwork(page, random.Random(4))
    page.route(SAVE, network)
    page.goto(axis_a(draft))

    click_level(page, "A1", "1")
    page.wait_for_timeout(400)
    click_level(page, "A1", "4")
    wait_until_all_saved(page, ["A1"])

    expect(page.locator("#q-A1 .conflict")).to_be_hidden()
    assert network.conflicts == []
    assert network.most_in_flight == 1
    assert stored_choices(draft, ["A1"]) == {"A1": "4"}

    page.click("button[name=next]")
    page.wait_for_url(f"**/diagnostics/{draft.code}/axes/B/")
    assert stored_choices(draft, ["A1"]) == {"A1": "4"}
    assert last_saved_choices(draft, ["A1"]) == {"A1": "4"}


def test_save_and_continue_waits_for_the_saves_still_on_the_wire(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    network = SlowNetwork(page, random.Random(3), delays_ms=(1000, 1500))
    page.route(SAVE, network)
    page.goto(axis_a(draft))

    click_level(page, "A1", "1")
    page.wait_for_timeout(400)
    click_level(page, "A1", "4")
    page.click("button[name=next]")  # level 1 is still on its way to the server
    page.wait_for_url(f"**/diagnostics/{draft.code}/axes/B/")

    page.wait_for_timeout(3000)  # any save still travelling has landed by now
    assert network.conflicts == []
    assert stored_choices(draft, ["A1"]) == {"A1": "4"}
    assert last_saved_choices(draft, ["A1"]) == {"A1": "4"}


def test_a_choice_changed_while_the_previous_reply_is_lost_is_saved_without_a_conflict(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    network = SlowNetwork(page, random.Random(7), lost_replies={0})
    page.route(SAVE, network)
    page.goto(axis_a(draft))

    click_level(page, "A1", "1")  # reaches the server, but its reply is lost
    page.wait_for_timeout(100)
    click_level(page, "A1", "4")  # sent, after a retry, on the revision before level 1
    wait_until_all_saved(page, ["A1"])

    expect(page.locator("#q-A1 .conflict")).to_be_hidden()
    assert network.conflicts == []
    assert network.count == 2
    answer = Answer.objects.get()
    assert (answer.level, answer.revision) == (4, 2)


def test_fast_changes_on_a_slow_lossy_connection_end_with_the_last_choice_of_each_question(
    page: Page, log_in, strat_draft: Assessment
) -> None:
    log_in(strat_draft.consultant)
    rng = random.Random(20261206)  # the user's changes; the network draws its own delays
    network = SlowNetwork(page, random.Random(14), lost_replies={2}, lost_requests={5})
    page.route(SAVE, network)
    page.goto(f"/diagnostics/{strat_draft.code}/axes/STRAT/")
    codes = ["STRAT-01", "STRAT-02", "STRAT-03"]
    last: dict[str, str] = {}

    for _change in range(16):
        code = rng.choice(codes)
        choice = rng.choice([c for c in CHOICES if c != last.get(code)])
        click_level(page, code, choice)
        last[code] = choice
        page.wait_for_timeout(rng.randint(50, 450))
    wait_until_all_saved(page, last)

    expect(page.locator(".conflict:visible")).to_have_count(0)
    assert network.conflicts == []
    assert network.most_in_flight == 1
    assert network.count > len(last)
    assert stored_choices(strat_draft, last) == last

    page.click("button[name=next]")
    page.wait_for_url(lambda url: "/axes/STRAT/" not in url)
    assert stored_choices(strat_draft, last) == last
    assert last_saved_choices(strat_draft, last) == last
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_whole_axis_answered_offline_is_all_kept_when_the_answers_go_at_once(
    page: Page, log_in, strat_draft: Assessment
) -> None:
    """Back online, the page sends every waiting answer (one after another, in the order
    given: static/js/autosave.js); none is lost."""
    log_in(strat_draft.consultant)
    page.route(SAVE, offline)
    page.goto(f"/diagnostics/{strat_draft.code}/axes/STRAT/")
    codes = page.locator("fieldset[data-question]").evaluate_all(
        "sets => sets.map(set => set.dataset.question)"
    )
    assert len(codes) >= 5
    chosen = {code: (index % 5) + 1 for index, code in enumerate(codes)}
    for code, level in chosen.items():
        page.click(f'label.level-option[for="{code}-l{level}"]')
        expect(page.locator(f"#q-{code} .save-status")).to_have_class(re.compile(r"\bfailed\b"))
    assert not Answer.objects.exists()

    page.unroute(SAVE)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for code in codes:
        expect(page.locator(f"#q-{code} .save-status")).to_have_class(re.compile(r"\bsaved\b"))
    expect(page.locator("#unsaved-banner")).to_be_hidden()
    stored = dict(
        Answer.objects.filter(assessment=strat_draft).values_list("question__code", "level")
    )
    assert stored == chosen
