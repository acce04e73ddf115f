"""A consultant registers a PME, fills a whole baseline diagnostic and reads the results.

The pages are found by ids, names, classes and URLs, never by their (translated) text.
"""

import datetime
import math
import re
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction
from typing import cast

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, Response, expect

from assessments import services
from assessments.models import Assessment, Cluster, Company, Evidence, Region, Sector
from assessments.roles import Role
from diagnostics.models import Axis, FrameworkVersion, Question
from tests.e2e.device import wait_until_nothing_queued
from tests.factories import PASSWORD, ClusterFactory, CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Each axis gets its own base level, each question a small step around it: axis scores
# spread over the scale and question weights change the result.
AXIS_BASE = [1, 4, 2, 5, 0, 3, 2, 4, 1, 3]
STEP = [0, 1, -1, 1, 0, -1]
NOT_APPLICABLE_AT = {4, 23}  # positions in the questionnaire answered "not applicable"
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def make_consultant(username: str) -> User:
    return cast(User, UserFactory(username=username, role=Role.CONSULTANT))


def axis_path(assessment: Assessment, axis: Axis) -> str:
    return f"/diagnostics/{assessment.code}/axes/{axis.code}/"


def questions_on(page: Page) -> list[str]:
    return page.locator("fieldset.question").evaluate_all(
        "sets => sets.map(s => s.dataset.question)"
    )


def progress_of(page: Page) -> float:
    return float(page.locator("#progress-total").evaluate("bar => bar.value"))


def level_for(axis_index: int, position: int) -> int:
    return min(5, max(0, AXIS_BASE[axis_index % len(AXIS_BASE)] + STEP[position % len(STEP)]))


def option_id(code: str, level: int | None) -> str:
    return f"{code}-na" if level is None else f"{code}-l{level}"


def wait_until_saved(page: Page, code: str) -> None:
    """The autosave reported success and keeps nothing unsent for this question."""
    status = page.locator(f'fieldset[data-question="{code}"] .save-status')
    expect(status).to_have_class(re.compile(r"\bsaved\b"))
    wait_until_nothing_queued(page, code)


def autosave_of(code: str) -> Callable[[Response], bool]:
    return lambda r: r.request.method == "POST" and r.url.endswith(f"/answers/{code}/")


def answer(page: Page, code: str, level: int | None) -> None:
    """Click a level (or N/A) and wait for its autosave."""
    if level is None:
        label = page.locator(f'label[for="{code}-na"]')
    else:
        label = page.locator(f'label.level-option[for="{code}-l{level}"]')
    with page.expect_response(autosave_of(code)) as response:
        label.click()
    assert response.value.status == 200
    assert response.value.json()["saved"] is True
    wait_until_saved(page, code)
    expect(page.locator(f"input#{option_id(code, level)}")).to_be_checked()
    if level is None:  # not applicable needs its reason, or the diagnostic cannot be submitted
        with page.expect_response(autosave_of(code)):
            page.locator(f"#q-{code}").get_by_label("Observations et commentaires").fill(
                "Aucune activité de ce type dans l'entreprise"
            )
        wait_until_saved(page, code)


def assert_answers_shown(page: Page, chosen: dict[str, int | None], codes: list[str]) -> None:
    for code in codes:
        if code in chosen:
            expect(page.locator(f"input#{option_id(code, chosen[code])}:checked")).to_have_count(1)
        else:
            expect(page.locator(f'fieldset[data-question="{code}"] input:checked')).to_have_count(0)


def one_decimal(value: Fraction, separator: str) -> set[str]:
    """How the page may print ``value`` with one decimal (both roundings of an exact tie)."""
    tenths = value * 10
    candidates = {math.floor(tenths + Fraction(1, 2))}
    if tenths - math.floor(tenths) == Fraction(1, 2):
        candidates.add(math.floor(tenths))
    return {f"{c // 10}{separator}{c % 10}" for c in candidates}


def expected_scores(
    version: FrameworkVersion, chosen: dict[str, int | None]
) -> tuple[dict[str, Fraction], Fraction]:
    """Scores recomputed from the levels chosen and the weights in the database."""
    questions = Question.objects.filter(axis__framework_version=version).select_related("axis")
    weight_of = {q.code: Fraction(str(q.weight)) for q in questions}
    axis_of = {q.code: q.axis.code for q in questions}
    levels: dict[str, list[tuple[Fraction, int]]] = defaultdict(list)
    for code, level in chosen.items():
        if level is not None:
            levels[axis_of[code]].append((weight_of[code], level))
    zero = Fraction(0)
    axis_scores = {
        axis: sum((w * level for w, level in pairs), zero) / sum((w for w, _l in pairs), zero)
        for axis, pairs in levels.items()
    }
    axis_weights = {a.code: Fraction(str(a.weight)) for a in version.axes.all()}
    overall = sum((axis_weights[a] * s for a, s in axis_scores.items()), zero) / sum(
        (axis_weights[a] for a in axis_scores), zero
    )
    return axis_scores, overall


def test_a_consultant_fills_a_whole_baseline_diagnostic(
    page: Page, default_version: FrameworkVersion, groups: None
) -> None:
    consultant = make_consultant("nadia")
    cluster = cast(Cluster, ClusterFactory(code="ce3m", name="Cluster CE3M"))
    CompanyFactory(cluster=cluster, consultants=[consultant])  # she works in this cluster
    axes = list(default_version.axes.order_by("order"))
    assert len(axes) == 10

    page.goto("/login/")
    page.fill("#id_username", consultant.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)

    page.goto("/pme/new/")
    page.fill("#id_name", "Atlas Circuits")
    page.fill("#id_ice", "001525847000052")
    page.select_option("#id_cluster", str(cluster.pk))
    page.select_option("#id_sector", Sector.ELECTRONICS.value)
    page.select_option("#id_region", Region.CASABLANCA_SETTAT.value)
    page.fill("#id_city", "Mohammedia")
    page.select_option("#id_headcount", Company.Headcount.SMALL.value)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"/pme/{UUID}/$"))
    company = Company.objects.get(ice="001525847000052")
    assert page.url.endswith(company.get_absolute_url())
    assert company.consultants.filter(pk=consultant.pk).exists()

    page.click('a[href*="/diagnostics/new/?kind=T0"]')
    # A date input only takes an ISO value: a localised one shows an empty, required field.
    visit_date = page.locator("#id_visit_date")
    expect(visit_date, "the visit date is not prefilled in ISO format").to_have_value(
        re.compile(r"^\d{4}-\d{2}-\d{2}$")
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"/diagnostics/{UUID}/axes/[^/]+/$"))
    assessment = Assessment.objects.get(company=company)
    assert assessment.kind == Assessment.Kind.BASELINE
    assert page.url.endswith(axis_path(assessment, axes[0]))
    assert progress_of(page) == 0

    chosen: dict[str, int | None] = {}
    progress_after: dict[str, float] = {}
    last_code = ""
    for index, axis in enumerate(axes):
        assert page.url.endswith(axis_path(assessment, axis))
        codes = questions_on(page)
        assert codes
        if axis == axes[-1]:
            codes, last_code = codes[:-1], codes[-1]
        for position, code in enumerate(codes):
            level = None if len(chosen) in NOT_APPLICABLE_AT else level_for(index, position)
            answer(page, code, level)
            chosen[code] = level
            if index == 1 and position == len(codes) // 2:
                check_a_reload_mid_axis(page, chosen, code)
                progress_after["mid-axis"] = progress_of(page)
        if index == 2:
            progress_after["axis 3"] = progress_of(page)
            assert progress_after["axis 3"] > progress_after["mid-axis"] > 0
            # Re-open an earlier axis by its URL: its answers come back from the server.
            page.goto(axis_path(assessment, axes[0]))
            assert_answers_shown(page, chosen, questions_on(page))
            assert progress_of(page) == progress_after["axis 3"]
            page.goto(axis_path(assessment, axes[3]))
        elif index + 1 < len(axes):
            page.click("button[name=next]")
            page.wait_for_url(f"**{axis_path(assessment, axes[index + 1])}")

    total = len(chosen) + 1
    assert progress_of(page) == round(100 * len(chosen) / total)
    assert sum(level is None for level in chosen.values()) == len(NOT_APPLICABLE_AT)

    # Submitting with one question left is refused, naming that question.
    page.goto(assessment.get_absolute_url())
    with (
        page.expect_console_message(lambda m: "400" in m.text),  # the browser logs the 400
        page.expect_response(lambda r: r.url.endswith("/submit/")) as refused,
    ):
        page.click('form[action$="/submit/"] button[type=submit]')
    assert refused.value.status == 400
    page.console_errors.clear()  # type: ignore[attr-defined]  # only later errors count
    alert = page.locator(".alert-danger")
    expect(alert).to_contain_text(last_code)
    expect(alert.locator("li")).to_have_count(1)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT

    page.click(f'.alert-danger a[href$="#q-{last_code}"]')
    page.wait_for_url(f"**{axis_path(assessment, axes[-1])}#q-{last_code}")
    chosen[last_code] = level_for(len(axes) - 1, len(codes))
    answer(page, last_code, chosen[last_code])
    assert progress_of(page) == 100

    page.goto(assessment.get_absolute_url())
    page.click('form[action$="/submit/"] button[type=submit]')
    page.wait_for_url(f"**/diagnostics/{assessment.code}/results/")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    rows = page.locator("#results-table tbody tr")
    expect(rows).to_have_count(len(axes))
    expect(page.locator("#radar-chart .main-svg").first).to_be_attached()
    separator = "," if page.locator("html").get_attribute("lang") == "fr" else "."
    axis_scores, overall = expected_scores(default_version, chosen)
    shown_overall = re.search(r"\d+[.,]\d", page.locator("#overall-score").inner_text())
    assert shown_overall is not None
    assert shown_overall.group() in one_decimal(overall, separator)
    for axis, row in zip(axes, rows.all(), strict=True):
        shown = row.locator("td").first.inner_text().strip()
        assert shown in one_decimal(axis_scores[axis.code], separator), axis.code
    assert abs(Fraction(str(assessment.overall_score)) - overall) <= Fraction(1, 200)
    assert page.js_errors == []  # type: ignore[attr-defined]
    # plotly drew the radar under our CSP without any blocked inline style
    assert page.console_errors == []  # type: ignore[attr-defined]


def check_a_reload_mid_axis(page: Page, chosen: dict[str, int | None], code: str) -> None:
    """A comment and the answers given so far survive a reload of a half-filled axis."""
    comment = page.locator(f'textarea[name="{code}-comment"]')
    text = "Planning sur tableur partagé ; pas de GMAO.\nÀ revoir avec le responsable."
    with page.expect_response(autosave_of(code)) as response:
        comment.fill(text)
        comment.blur()
    assert response.value.status == 200
    wait_until_saved(page, code)
    before = progress_of(page)
    codes = questions_on(page)

    page.reload()

    assert_answers_shown(page, chosen, codes)
    assert any(c not in chosen for c in codes)
    expect(page.locator(f'textarea[name="{code}-comment"]')).to_have_value(text)
    assert progress_of(page) == before > 0


@pytest.mark.parametrize("browser_context_args", [TABLET], ids=["tablet-820"])
def test_level_options_fit_a_tablet_screen(
    page: Page, log_in, default_version: FrameworkVersion, groups: None
) -> None:
    consultant = make_consultant("nadia")
    company = cast(Company, CompanyFactory(consultants=[consultant]))
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=datetime.date(2026, 10, 1)
    )
    axis = default_version.axes.order_by("order").first()
    assert axis is not None
    log_in(consultant)

    page.goto(axis_path(assessment, axis))

    options = page.locator("label.level-option")
    expect(options.first).to_be_visible()
    assert options.count() == 7 * len(questions_on(page))  # levels 0-5 and N/A
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    for box in (option.bounding_box() for option in options.all()):
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 820
    code = questions_on(page)[0]
    with page.expect_response(autosave_of(code)):
        page.locator(f'label.level-option[for="{code}-l2"]').tap()
    wait_until_saved(page, code)
    expect(page.locator(f"input#{code}-l2")).to_be_checked()
    assert assessment.answers.get(question__code=code).level == 2


def test_the_language_switch_goes_from_french_to_english(page: Page) -> None:
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.click('form[action$="/i18n/setlang/"] button[name=language][value=en]')
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('form[action$="/i18n/setlang/"] button[value=fr]')).to_have_count(1)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_evidence_file_chosen_on_an_answer_is_attached_by_save_and_continue(
    page: Page, log_in, small_version: FrameworkVersion, groups: None, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    consultant = make_consultant("nadia")
    company = cast(Company, CompanyFactory(consultants=[consultant]))
    assessment = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=small_version,
    )
    axis_a, axis_b = small_version.axes.order_by("order")
    log_in(consultant)
    page.goto(axis_path(assessment, axis_a))

    answer(page, "A1", 2)
    photo = {"name": "atelier.png", "mimeType": "image/png", "buffer": PNG}
    page.set_input_files("#ev-file-A1", photo)
    page.click("button[name=next]")

    page.wait_for_url(f"**{axis_path(assessment, axis_b)}")
    evidence = Evidence.objects.select_related("answer__question").get()
    assert (evidence.answer.question.code, evidence.original_name) == ("A1", "atelier.png")
    assert evidence.answer.level == 2
    expect(page.locator(".alert-success").first).to_be_visible()

    page.goto(axis_path(assessment, axis_a))
    expect(page.locator("#q-A1 .evidence-item a")).to_have_text("atelier.png")
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_refused_evidence_file_keeps_the_consultant_on_its_question(
    page: Page, log_in, small_version: FrameworkVersion, groups: None, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    consultant = make_consultant("nadia")
    company = cast(Company, CompanyFactory(consultants=[consultant]))
    assessment = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=small_version,
    )
    axis_a = small_version.axes.order_by("order").first()
    assert axis_a is not None
    log_in(consultant)
    page.goto(axis_path(assessment, axis_a))

    fake = {"name": "photo.png", "mimeType": "image/png", "buffer": b"<script>x</script>"}
    page.set_input_files("#ev-file-A2", fake)
    page.click("button[name=next]")

    page.wait_for_url(f"**{axis_path(assessment, axis_a)}#q-A2")
    expect(page.locator(".alert-danger")).to_contain_text("A2")
    assert not Evidence.objects.exists()


def test_leaving_by_a_link_with_a_chosen_file_not_attached_asks_first(
    page: Page, log_in, small_version: FrameworkVersion, groups: None
) -> None:
    consultant = make_consultant("nadia")
    company = cast(Company, CompanyFactory(consultants=[consultant]))
    assessment = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=small_version,
    )
    axis_a = small_version.axes.order_by("order").first()
    assert axis_a is not None
    log_in(consultant)
    page.goto(axis_path(assessment, axis_a))
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    page.set_input_files("#ev-file-A1", {"name": "a.png", "mimeType": "image/png", "buffer": PNG})
    expect(page.locator("#ev-help-A1")).to_be_visible()
    with page.expect_event("dialog"):
        page.click(f'a[href="{assessment.get_absolute_url()}"]', no_wait_after=True)

    expect(page.locator("#ev-help-A1")).to_be_visible()
    assert asked == ["beforeunload"]
    assert page.url.endswith(axis_path(assessment, axis_a))


def test_enter_on_an_answer_saves_and_continues_not_attaches(
    page: Page, log_in, small_version: FrameworkVersion, groups: None
) -> None:
    consultant = make_consultant("nadia")
    company = cast(Company, CompanyFactory(consultants=[consultant]))
    assessment = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 10, 1),
        framework_version=small_version,
    )
    axis_a, axis_b = small_version.axes.order_by("order")
    log_in(consultant)
    page.goto(axis_path(assessment, axis_a))

    answer(page, "A1", 3)
    page.focus("input#A1-l3")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{axis_path(assessment, axis_b)}")
    assert assessment.answers.get(question__code="A1").level == 3
