"""On a shop floor without network: the diagnostic opens and reloads from the device, answers
wait there, and reach the server in the order they were given once the network returns."""

import json
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import BrowserContext, Dialog, Locator, Page, expect

from assessments import services
from assessments.models import Answer, Assessment, Evidence
from assessments.roles import Role
from diagnostics.models import Question
from tests.e2e.device import files_on_device, queued_on_device, wait_until_nothing_queued
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The levels given on the strategy axis, question by question, in the order given.
LEVELS = {"STRAT-01": 3, "STRAT-02": 1, "STRAT-03": 4, "STRAT-04": 2}
COMMENT = "Plan stratégique vu en réunion, pas encore diffusé"
OFFLINE = (
    "No connection: they are kept on this device and will be sent as soon as the connection "
    "returns."
)


@pytest.fixture
def browser_context_args() -> dict[str, object]:
    return {"viewport": {"width": 1280, "height": 900}, "service_workers": "allow"}


@pytest.fixture
def draft(default_version, groups) -> Assessment:
    consultant = UserFactory(username="nadia", first_name="Nadia", role=Role.CONSULTANT)
    company = CompanyFactory(consultants=[consultant])
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def strat_questions(assessment: Assessment) -> list[Question]:
    axis = assessment.framework_version.axes.get(code="STRAT")
    return list(axis.questions.order_by("order").prefetch_related("descriptors"))


def question_group(page: Page, question: Question) -> Locator:
    with translation.override("fr"):
        text = str(question.text)
    return page.get_by_role("group", name=re.compile(re.escape(text[:40])))


def give_level(page: Page, question: Question, level: int) -> None:
    with translation.override("fr"):
        descriptor = str(question.descriptors.get(level=level).text)
    question_group(page, question).get_by_text(descriptor, exact=True).click()


def open_strategy_axis(page: Page, assessment: Assessment) -> None:
    page.goto(f"/diagnostics/{assessment.code}/axes/STRAT/")
    expect(
        page.get_by_text(fr("This diagnostic now opens on this device even without a network."))
    ).to_be_visible()


def test_a_whole_axis_answered_offline_reaches_the_server_in_order(
    context: BrowserContext, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    questions = [q for q in strat_questions(draft) if q.code in LEVELS]
    assert [q.code for q in questions] == list(LEVELS)
    saves: list[str] = []
    page.on(
        "request",
        lambda r: (
            saves.append(r.url.rstrip("/").rsplit("/", 1)[-1]) if r.method == "POST" else None
        ),
    )

    context.set_offline(True)
    for question in questions:
        give_level(page, question, LEVELS[question.code])
    first = question_group(page, questions[0])
    first.get_by_label(fr("Observations and comments")).fill(COMMENT)
    banner = page.get_by_role("status").filter(
        has_text=fr("Answers waiting to be sent from this device:")
    )
    expect(banner).to_contain_text(f"{fr('Answers waiting to be sent from this device:')} 4")
    expect(banner).to_contain_text(fr(OFFLINE))
    for question in questions:
        expect(banner.get_by_role("link", name=question.code)).to_be_visible()
        expect(
            question_group(page, question).get_by_text(
                fr("Waiting to be sent: kept on this device.")
            )
        ).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_be_visible()  # in the banner's line for STRAT-01
    assert not Answer.objects.filter(assessment=draft).exists()

    page.reload()  # offline: the page comes from the device
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stratégie")
    expect(banner).to_contain_text(f"{fr('Answers waiting to be sent from this device:')} 4")
    with translation.override("fr"):
        for question in questions:
            level = str(question.descriptors.get(level=LEVELS[question.code]).text)
            radio = question_group(page, question).get_by_role(
                "radio", name=re.compile(re.escape(level[:30]))
            )
            expect(radio).to_be_checked()
    expect(first.get_by_label(fr("Observations and comments"))).to_have_value(COMMENT)
    on_axis = re.compile(rf"\b4 / \d+ {re.escape(fr('on this axis'))}")
    expect(page.get_by_text(on_axis)).to_be_visible()
    assert sorted(queued_on_device(page)) == sorted(LEVELS)
    assert saves == []

    context.set_offline(False)
    for question in questions:
        expect(question_group(page, question).get_by_text(fr("Saved") + " ✓")).to_be_visible()
    expect(banner).to_be_hidden()
    wait_until_nothing_queued(page)

    stored = {
        a.question.code: a.level
        for a in Answer.objects.filter(assessment=draft).select_related("question")
    }
    assert stored == LEVELS
    assert Answer.objects.get(question__code="STRAT-01", assessment=draft).comment == COMMENT
    # One save each, in the order given (STRAT-01 last: its comment was its last change).
    assert saves == ["STRAT-02", "STRAT-03", "STRAT-04", "STRAT-01"]
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_another_axis_opens_offline_and_its_queued_answer_is_sent_from_there(
    context: BrowserContext, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first = strat_questions(draft)[0]

    context.set_offline(True)
    give_level(page, first, 5)
    page.get_by_role("button", name=re.compile(fr("Save and continue"))).click()  # offline: goes on
    page.wait_for_url(lambda url: "/axes/STRAT/" not in url)
    banner = page.get_by_role("status").filter(
        has_text=fr("Answers waiting to be sent from this device:")
    )
    expect(banner.get_by_role("link", name=first.code)).to_be_visible()

    context.set_offline(False)
    expect(banner).to_be_hidden()
    assert Answer.objects.get(assessment=draft, question=first).level == 5


def test_a_colleagues_change_made_while_offline_is_a_conflict_to_resolve(
    context: BrowserContext, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first = strat_questions(draft)[0]
    context.set_offline(True)
    give_level(page, first, 1)
    colleague = UserFactory(first_name="Driss", last_name="El Ouafi", role=Role.CONSULTANT)
    draft.company.consultants.add(colleague)
    services.answer_record(assessment=draft, question=first, by=colleague, level=4)

    context.set_offline(False)
    group = question_group(page, first)
    expect(group.get_by_role("alert")).to_contain_text("Driss El Ouafi")
    assert Answer.objects.get(assessment=draft).level == 4  # nothing overwritten silently
    group.get_by_role("button", name=fr("Keep mine")).click()
    expect(group.get_by_text(fr("Saved") + " ✓")).to_be_visible()
    assert Answer.objects.get(assessment=draft).level == 1


def test_answers_kept_by_the_earlier_version_move_to_the_queue_and_are_sent(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.route("**/answers/**", lambda route: route.abort("internetdisconnected"))
    open_strategy_axis(page, draft)
    kept = {"choice": "2", "comment": "Noté hors ligne", "note": "", "revision": "0"}
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"m40:{draft.code}:STRAT-02", json.dumps(kept)],
    )
    page.reload()
    expect(page.locator("#STRAT-02-l2")).to_be_checked()
    assert queued_on_device(page) == ["STRAT-02"]
    assert page.evaluate("Object.keys(localStorage)") == []

    page.unroute("**/answers/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_nothing_queued(page)
    answer = Answer.objects.get(assessment=draft)
    assert (answer.question.code, answer.level, answer.comment) == (
        "STRAT-02",
        2,
        "Noté hors ligne",
    )


LOGOUT_WARNING = (
    "Some answers are not sent yet. Logging out erases them from this device. Log out anyway?"
)
DEVICE = """async () => ({
  caches: await caches.keys(),
  databases: (await indexedDB.databases()).map(d => d.name),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def test_logging_out_leaves_nothing_of_the_user_on_the_device(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    page.route("**/answers/**", lambda route: route.abort("internetdisconnected"))
    give_level(page, strat_questions(draft)[0], 3)
    expect(page.get_by_role("status").filter(has_text="STRAT-01")).to_be_visible()
    before = page.evaluate(DEVICE)
    assert before["caches"]
    assert "m40-offline" in before["databases"]
    assert before["workers"] == 1

    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name=fr("Log out")).click()
    page.wait_for_url("**/login/**")
    assert dialogs == [fr(LOGOUT_WARNING)]
    assert page.evaluate(DEVICE) == {"caches": [], "databases": [], "workers": 0}


def test_answers_queued_on_a_cached_page_are_accepted_after_a_new_login(
    context: BrowserContext, page: Page, log_in, live_server, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    context.set_offline(True)
    page.reload()  # the page, and the CSRF token it holds, come from the cache
    give_level(page, strat_questions(draft)[0], 2)
    # Logging in again (the session ran out) gives the browser a new CSRF cookie.
    context.add_cookies([{"name": "csrftoken", "value": "N" * 32, "url": live_server.url}])

    context.set_offline(False)
    wait_until_nothing_queued(page)
    assert Answer.objects.get(assessment=draft).level == 2


def test_chromium_finds_the_diagnostic_installable(
    context: BrowserContext, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is a private window, where Chromium installs nothing.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


# Evidence files chosen, or photographed, without a network.
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows program
WAITING_FILES = "Answers and evidence files waiting to be sent from this device:"
NOT_KEPT = (
    "This file is not kept: the files waiting on this device would exceed %(limit)s. Attach it "
    "when the connection returns."
)
NOT_ACCEPTED = (
    "This type of file is not accepted. Send a photo (JPEG, PNG, WebP, GIF), "
    "a PDF or an Office document."
)


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def choose_file(page: Page, question: Question, name: str, content: bytes, mime: str) -> None:
    group = question_group(page, question)
    group.get_by_label(fr("Evidence file")).set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )


def test_a_photo_taken_offline_waits_on_the_device_and_is_attached_after_its_answer(
    context: BrowserContext, page: Page, log_in, draft: Assessment, media: None
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first = strat_questions(draft)[0]
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    context.set_offline(True)
    give_level(page, first, 2)
    choose_file(page, first, "presse-hydraulique.png", PHOTO, "image/png")
    group = question_group(page, first)
    waiting = group.get_by_role("listitem").filter(has_text="presse-hydraulique.png")
    expect(waiting).to_contain_text(fr("Waiting to be sent: kept on this device."))
    expect(group.get_by_label(fr("Evidence file"))).to_have_value("")  # kept, not pending
    banner = page.get_by_role("status").filter(has_text=fr(WAITING_FILES))
    expect(banner).to_contain_text(f"{fr(WAITING_FILES)} 2")  # the answer and the file

    page.reload()  # offline: the page, the answer and the file come from the device
    expect(banner).to_contain_text(f"{fr(WAITING_FILES)} 2")
    expect(banner).to_contain_text("presse-hydraulique.png")
    expect(waiting).to_contain_text(fr("Waiting to be sent: kept on this device."))
    assert files_on_device(page) == [[first.code, "presse-hydraulique.png", len(PHOTO), ""]]
    assert posts == []
    assert not Evidence.objects.exists()

    context.set_offline(False)
    expect(group.get_by_role("link", name="presse-hydraulique.png")).to_be_visible()
    expect(banner).to_be_hidden()
    expect(waiting).to_be_hidden()
    assert files_on_device(page) == []
    evidence = Evidence.objects.get()
    assert (evidence.answer.question, evidence.original_name, evidence.size) == (
        first,
        "presse-hydraulique.png",
        len(PHOTO),
    )
    assert evidence.content_type == "image/png"
    evidence.file.open("rb")
    assert evidence.file.read() == PHOTO
    assert evidence.answer.level == 2
    # The answer first, then its file.
    assert [url.rstrip("/").split("/")[-1] for url in posts] == [first.code, "sent"]

    page.reload()  # online: the server lists it as any attached file
    expect(group.get_by_role("link", name="presse-hydraulique.png")).to_be_visible()
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_refused_file_says_why_once_online_and_stays_until_dismissed(
    context: BrowserContext, page: Page, log_in, draft: Assessment, media: None
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first, second = strat_questions(draft)[:2]

    context.set_offline(True)
    choose_file(page, first, "photo-machine.png", PROGRAM, "image/png")  # a renamed program
    choose_file(page, second, "fiche-poste.pdf", b"%PDF-1.4\n" + b"x" * 300, "application/pdf")
    group = question_group(page, first)
    refused = group.get_by_role("listitem").filter(has_text="photo-machine.png")
    expect(refused).to_contain_text(fr("Waiting to be sent: kept on this device."))

    context.set_offline(False)
    expect(refused).to_contain_text(f"{fr('Not attached:')} {fr(NOT_ACCEPTED)}")
    expect(question_group(page, second).get_by_role("link", name="fiche-poste.pdf")).to_be_visible()
    banner = page.get_by_role("status").filter(has_text=fr(WAITING_FILES))
    expect(banner).to_contain_text(fr(NOT_ACCEPTED))
    assert [e.original_name for e in Evidence.objects.all()] == ["fiche-poste.pdf"]
    assert [f[:2] for f in files_on_device(page)] == [[first.code, "photo-machine.png"]]

    page.reload()  # still there, with its reason, until the user has read it
    expect(refused).to_contain_text(fr(NOT_ACCEPTED))
    refused.get_by_role("button", name=f"{fr('Dismiss')} photo-machine.png").click()
    expect(refused).to_be_hidden()
    expect(banner).to_be_hidden()
    assert files_on_device(page) == []
    assert Evidence.objects.count() == 1


def test_the_device_keeps_files_within_its_limit_and_the_user_may_remove_one(
    context: BrowserContext, page: Page, log_in, draft: Assessment, media: None, settings
) -> None:
    settings.OFFLINE_FILES_MAX_BYTES = 2000
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first, second = strat_questions(draft)[:2]

    context.set_offline(True)
    question_group(page, first).get_by_label(fr("Take a photo")).set_input_files(
        {"name": "atelier.png", "mimeType": "image/png", "buffer": PHOTO}
    )  # 1,032 bytes: kept
    expect(question_group(page, first).get_by_text("atelier.png")).to_be_visible()
    choose_file(page, second, "ligne.png", PHOTO, "image/png")  # 2,064 in all: over the limit
    full = question_group(page, second).get_by_text(fr(NOT_KEPT).split("%(limit)s")[0])
    expect(full).to_be_visible()
    expect(full).to_contain_text(re.compile(r"2[,.]0\sKi?[Bo]"))  # the limit, 2,000 bytes
    expect(full).to_have_class(re.compile("text-danger"))
    # Not kept, so still chosen: "Attach" once online sends it.
    expect(question_group(page, second).get_by_label(fr("Evidence file"))).not_to_have_value("")
    assert [f[1] for f in files_on_device(page)] == ["atelier.png"]

    group = question_group(page, first)
    group.get_by_role("button", name=f"{fr('Remove')} atelier.png").click()
    expect(group.get_by_text("atelier.png")).to_be_hidden()
    assert files_on_device(page) == []

    context.set_offline(False)
    page.wait_for_timeout(500)
    assert not Evidence.objects.exists()


def test_logging_out_warns_of_files_waiting_on_the_device(
    context: BrowserContext, page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    open_strategy_axis(page, draft)
    first = strat_questions(draft)[0]
    choose_file(page, first, "atelier.png", PHOTO, "image/png")  # online: for the page's save
    group = question_group(page, first)
    expect(
        group.get_by_text(fr("This file will be attached when the page is saved."))
    ).to_be_visible()
    context.set_offline(True)
    group.get_by_role("button", name=fr("Attach"), exact=True).click()  # offline: kept
    expect(page.get_by_role("status").filter(has_text="atelier.png")).to_be_visible()
    page.route("**/evidence/sent/", lambda route: route.abort("internetdisconnected"))
    context.set_offline(False)  # online, but the file cannot reach the server

    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name=fr("Log out")).click()
    expect(page.get_by_role("status").filter(has_text="atelier.png")).to_be_visible()
    assert dialogs == [
        fr(
            "Some answers or evidence files are not sent yet. Logging out erases them from "
            "this device. Log out anyway?"
        )
    ]
    assert [f[1] for f in files_on_device(page)] == ["atelier.png"]


# What offline_queue.js version 1 created: two stores, keyed by "key", indexed by diagnostic.
VERSION_1 = """async ([key, entry]) => {
  const db = await new Promise((ok, ko) => {
    const r = indexedDB.open("m40-offline", 1);
    r.onupgradeneeded = () => ["pending", "saved"].forEach(name =>
      r.result.createObjectStore(name, { keyPath: "key" }).createIndex("assessment", "assessment"));
    r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  await new Promise(ok => {
    const tx = db.transaction("pending", "readwrite");
    tx.objectStore("pending").put(entry); tx.oncomplete = ok;
  });
  db.close();
}"""


def test_answers_kept_by_the_first_version_of_the_queue_survive_its_upgrade(
    page: Page, log_in, draft: Assessment
) -> None:
    log_in(draft.consultant)
    page.goto("/")
    page.route("**/answers/**", lambda route: route.abort("internetdisconnected"))
    key = f"{draft.code}:STRAT-03"
    entry = {
        "key": key,
        "assessment": str(draft.code),
        "question": "STRAT-03",
        "seq": 1,
        "url": f"/diagnostics/{draft.code}/answers/STRAT-03/",
        "page": "",
        "choice": "4",
        "comment": "Vu avant la mise à jour",
        "note": "",
        "revision": "0",
    }
    page.evaluate(VERSION_1, [key, entry])

    open_strategy_axis(page, draft)
    expect(page.locator("#STRAT-03-l4")).to_be_checked()
    assert (
        page.evaluate(
            "async () => (await indexedDB.databases()).find(d => d.name === 'm40-offline').version"
        )
        == 2
    )
    assert queued_on_device(page) == ["STRAT-03"]
    assert files_on_device(page) == []

    page.unroute("**/answers/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_nothing_queued(page)
    answer = Answer.objects.get(assessment=draft)
    assert (answer.question.code, answer.level, answer.comment) == (
        "STRAT-03",
        4,
        "Vu avant la mise à jour",
    )
