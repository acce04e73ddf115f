"""Answering at the pace of the conversation: keys, the next unanswered question, evidence
dropped or photographed, and focus never hidden under the sticky progress bar."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Answer, Assessment, Evidence
from assessments.roles import Role
from diagnostics.models import FrameworkVersion
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


SCROLL_ENDED = """() => new Promise((resolve) => {
    let last = -1;
    const tick = () => {
        if (window.scrollY === last) { resolve(true); return; }
        last = window.scrollY;
        setTimeout(tick, 200);
    };
    setTimeout(tick, 100);
})"""


def start(version: FrameworkVersion) -> Assessment:
    consultant = UserFactory(username="yasmine", first_name="Yasmine", role=Role.CONSULTANT)
    company = CompanyFactory(consultants=[consultant])
    return services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=version,
    )


def axis_url(assessment: Assessment, code: str) -> str:
    return f"/diagnostics/{assessment.code}/axes/{code}/"


def levels(page: Page, question: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#q-{question}").get_by_role("radiogroup", name="Niveau observé")


def saved(page: Page, question: str) -> None:
    expect(page.locator(f"#q-{question} .save-status")).to_have_class("save-status small saved")


def test_number_keys_give_the_level_and_move_on_to_the_next_question(
    page: Page, log_in, small_version: FrameworkVersion, groups: None
) -> None:
    assessment = start(small_version)
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, "A"))

    levels(page, "A1").get_by_role("radio").first.focus()
    page.keyboard.press("3")
    expect(levels(page, "A2").get_by_role("radio").first).to_be_focused()
    page.keyboard.press("n")
    comment = page.locator("#q-A2").get_by_label("Observations et commentaires")
    expect(comment).to_be_focused()
    page.keyboard.type("Pas de ligne automatisée")
    page.keyboard.press("Escape")
    expect(page.locator("#A2-na")).to_be_focused()
    page.keyboard.press("4")

    saved(page, "A1")
    saved(page, "A2")
    expect(page.locator("#axis-count")).to_have_text("2")
    a1, a2 = Answer.objects.order_by("question__order")
    assert (a1.level, a1.not_applicable) == (3, False)
    assert (a2.level, a2.not_applicable, a2.comment) == (4, False, "Pas de ligne automatisée")
    expect(page.get_by_role("button", name="Enregistrer et continuer")).to_be_focused()
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_key_does_not_answer_while_the_consultant_types_a_comment(
    page: Page, log_in, small_version: FrameworkVersion, groups: None
) -> None:
    assessment = start(small_version)
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, "A"))

    page.locator("#q-A1").get_by_label("Observations et commentaires").fill("")
    page.keyboard.type("Niveau 2 sur 5 lignes")
    saved(page, "A1")

    answer = Answer.objects.get()
    assert (answer.level, answer.not_applicable, answer.comment) == (
        None,
        False,
        "Niveau 2 sur 5 lignes",
    )
    expect(page.locator("#A1-l2")).not_to_be_checked()


def test_next_unanswered_goes_to_the_open_question_then_to_the_next_open_axis(
    page: Page, log_in, small_version: FrameworkVersion, groups: None
) -> None:
    assessment = start(small_version)
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, "A"))
    page.locator('label[for="A1-l2"]').click()
    saved(page, "A1")

    page.get_by_role("button", name="Question suivante sans réponse").click()
    expect(levels(page, "A2").get_by_role("radio").first).to_be_focused()

    page.keyboard.press("1")
    saved(page, "A2")
    # The key scrolled to the next field (smoothly): a click while the page still moves can
    # press on the button and release elsewhere, and the browser then clicks on neither.
    page.evaluate(SCROLL_ENDED)
    page.get_by_role("button", name="Question suivante sans réponse").click()
    page.wait_for_url(f"**{axis_url(assessment, 'B')}")


def test_a_file_dropped_on_a_question_is_attached_by_the_next_save(
    page: Page, log_in, small_version: FrameworkVersion, groups: None, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assessment = start(small_version)
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, "A"))
    page.locator('label[for="A1-l2"]').click()
    saved(page, "A1")

    transfer = page.evaluate_handle(
        """(bytes) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], "poste.png", {type: "image/png"}));
            return transfer;
        }""",
        list(PNG),
    )
    page.locator("#q-A1").dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.locator("#ev-help-A1")).to_be_visible()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(f"**{axis_url(assessment, 'B')}")
    evidence = Evidence.objects.select_related("answer__question").get()
    assert (evidence.answer.question.code, evidence.original_name) == ("A1", "poste.png")


def test_a_photo_from_the_camera_becomes_the_questions_evidence(
    page: Page, log_in, small_version: FrameworkVersion, groups: None, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assessment = start(small_version)
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, "A"))
    page.locator('label[for="A1-l4"]').click()

    photo = {"name": "machine.png", "mimeType": "image/png", "buffer": PNG}
    page.locator("#q-A1").get_by_label("Prendre une photo").set_input_files(photo)
    expect(page.locator("#ev-help-A1")).to_be_visible()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(f"**{axis_url(assessment, 'B')}")
    assert Evidence.objects.get().original_name == "machine.png"


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_a_focused_field_is_never_hidden_under_the_progress_bar(
    page: Page, log_in, default_version: FrameworkVersion, groups: None, width: int
) -> None:
    assessment = start(default_version)
    first_axis = default_version.axes.order_by("order").first()
    assert first_axis is not None
    page.set_viewport_size({"width": width, "height": 700})
    log_in(assessment.consultant)
    page.goto(axis_url(assessment, first_axis.code))
    fieldsets = page.locator("fieldset.question")
    first = fieldsets.first
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")

    clear = """(el) => el.getBoundingClientRect().top >=
                 document.querySelector('.sticky-progress').getBoundingClientRect().bottom - 1
                 && el.getBoundingClientRect().bottom <= window.innerHeight"""
    # Above the viewport: the browser scrolls up to it (smoothly: wait until it stops).
    first.locator("textarea").first.focus()
    page.evaluate(SCROLL_ENDED)
    assert page.evaluate(f"() => ({clear})(document.activeElement)")

    fieldsets.nth(1).get_by_role("radio").first.focus()
    page.keyboard.press("2")  # on to the next question, brought clear of the bar
    expect(fieldsets.nth(2).get_by_role("radio").first).to_be_focused()
    page.evaluate(SCROLL_ENDED)
    assert fieldsets.nth(2).locator("legend").evaluate(clear)
