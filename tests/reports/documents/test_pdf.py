"""The PDF roadmap itself: read back with pypdf, in French and in English."""

import io
import re
from typing import cast

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.models import Assessment, Company
from assessments.selectors import applicable_questions, assessment_result
from diagnostics.models import FrameworkVersion
from reports.documents.pdf.content import roadmap_content
from reports.documents.pdf.kpis import kpi_rows
from reports.documents.pdf.render import render_roadmap
from reports.documents.selectors import PEER_MINIMUM, peer_medians
from tests.factories import VISIT, CompanyFactory

pytestmark = pytest.mark.django_db


def finished_diagnostic(
    company: Company, version: FrameworkVersion, *, base: int = 1, plan: bool = True
) -> Assessment:
    """A submitted diagnostic with answers on every level, a roadmap and an eight-day plan."""
    consultant = company.consultants.get()
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for n, question in enumerate(applicable_questions(assessment)):
        services.answer_record(
            assessment=assessment,
            question=question,
            by=consultant,
            level=min(5, base + n % 3),
            comment="Observé en atelier : fiches papier." if n % 4 == 0 else "",
        )
    assessment = services.assessment_submit(assessment=assessment, by=consultant)
    if plan:
        accompaniment_services.plan_propose(assessment=assessment)
    return assessment


def make_company(**fields: object) -> Company:
    return cast(Company, CompanyFactory(**fields))


def pdf_text(data: bytes) -> tuple[int, str]:
    """Page count and the whole text, with every kind of space made a plain one."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(re.split(r"[\s\u00a0\u202f]+", text))


def french(value: float | None) -> str:
    with translation.override("fr"):
        return str(floatformat(value, 1))


@pytest.fixture
def diagnostic(company, default_version) -> Assessment:
    return finished_diagnostic(company, default_version)


def test_the_french_pdf_has_every_section_axis_score_and_the_eight_days(diagnostic) -> None:
    rendered = render_roadmap(diagnostic, language="fr", version=1, edition="detailed")

    pages, text = pdf_text(rendered.data)
    assert rendered.data.startswith(b"%PDF-")
    # Cover, contents, summary, profile, ten axis pages, roadmap, plan, indicators.
    assert pages == rendered.pages
    assert 18 <= pages <= 30
    assert "Atlas Circuits" in text
    for heading in [
        "Sommaire",
        "Synthèse",
        "Profil de maturité",
        "Analyse par axe",
        "Feuille de route priorisée",
        "Plan d’accompagnement de huit jours",
        "Indicateurs à suivre",
    ]:
        assert heading in text
    for row in assessment_result(diagnostic).rows:
        assert f"{row.axis.name_fr} {french(row.score)}" in text
    for day in range(1, 9):
        assert f"Jour {day}" in text
    slot = diagnostic.plan.days.get(number=1).slots.exclude(item=None).first()
    with translation.override("fr"):
        assert slot.item.display_title[:25].replace("'", "’") in text
    assert f"Page 3 / {pages}" in text


def test_the_english_pdf_is_in_english(diagnostic) -> None:
    rendered = render_roadmap(diagnostic, language="en", version=1, edition="detailed")

    _pages, text = pdf_text(rendered.data)
    for heading in [
        "Contents",
        "Executive summary",
        "Maturity profile",
        "Analysis by axis",
        "Prioritised roadmap",
        "Eight-day accompaniment plan",
        "Day 8",
    ]:
        assert heading in text
    for row in assessment_result(diagnostic).rows:
        assert row.axis.name_en in text
        assert f"{row.score:.1f}" in text
    assert "Synthèse" not in text
    assert "Jour 1" not in text
    assert "Diagnostic initial" not in text


def test_the_arabic_pdf_is_right_to_left_with_french_fallbacks_marked(diagnostic) -> None:
    rendered = render_roadmap(diagnostic, language="ar", version=1, edition="detailed")

    html = rendered.html
    assert '<html lang="ar" dir="rtl">' in html
    for heading in [
        "الملخص التنفيذي",
        "ملف النضج",
        "التحليل حسب المحور",
        "خارطة الطريق حسب الأولوية",
    ]:
        assert heading in html
    for row in assessment_result(diagnostic).rows:
        assert row.axis.name_ar
        assert row.axis.name_ar in html
    # Questions have no Arabic yet: shown in French, left to right, marked.
    question = diagnostic.framework_version.axes.first().questions.first()
    assert (
        f'<span lang="fr" dir="ltr" class="fallback">{question.text_fr}'.replace("'", "&#x27;")
        in html
    )
    assert ">FR</abbr>" in html
    # The French comments keep their direction inside the Arabic page.
    assert '<p class="comment" lang="fr" dir="ltr">Observé en atelier' in html
    assert "Synthèse" not in html
    assert "linear-gradient(to left, #0b5394" in html
    pages, text = pdf_text(rendered.data)
    assert pages == rendered.pages
    assert f"{pages} / {pages}" in text  # the last page's number, in the left margin
    assert "Page" not in text


def test_the_charts_arabic_words_are_shaped(diagnostic) -> None:
    rendered = render_roadmap(diagnostic, language="ar", version=1)

    reader = PdfReader(io.BytesIO(rendered.data))
    profile = next(p.extract_text() for p in reader.pages if "ملف النضج" in p.extract_text())
    short = [row.axis.name_ar for row in assessment_result(diagnostic).rows]
    # Short enough to stay on one line; without digits, which pypdf reads in visual order.
    short = [name for name in short if len(name) <= 16 and not re.search(r"\d", name)]
    assert short
    for name in short:  # once in the radar, once in the table below it
        assert profile.count(name) >= 2, name
    assert "المستوى الحالي" in profile  # the legend's "Current level"


def test_the_roadmap_reads_the_framework_once(diagnostic) -> None:
    with CaptureQueriesContext(connection) as queries:
        roadmap_content(diagnostic, edition="manager")

    axes = [q["sql"] for q in queries.captured_queries if 'FROM "diagnostics_axis"' in q["sql"]]
    assert len(axes) <= 2, axes  # without and with the descriptors


def test_the_manager_edition_reads_only_what_it_prints(diagnostic) -> None:
    """No self-assessment, sector pack chapter, KPI table or DMA reading in the manager
    edition, so none of them is read; each descriptor read is one of a level given."""
    with CaptureQueriesContext(connection) as queries:
        roadmap_content(diagnostic, edition="manager")
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "assessments_selfassessment" not in tables
    assert "diagnostics_leveldescriptor" in tables

    manager = roadmap_content(diagnostic, edition="manager")
    detailed = roadmap_content(diagnostic, edition="detailed")
    assert manager.self_view is None
    assert manager.dma is None
    assert manager.kpis == []
    assert detailed.kpis
    assert detailed.dma is not None
    given = {a.question.code: a.level for a in diagnostic.answers.select_related("question")}
    for section in detailed.sections:
        for observation in section.observations:
            level = given.get(observation.code)
            expected = (
                diagnostic.framework_version.axes.get(questions__code=observation.code)
                .questions.get(code=observation.code)
                .descriptors.get(level=level)
                .text
                if level is not None
                else ""
            )
            assert observation.descriptor == expected, observation.code
    assert any(o.descriptor for section in detailed.sections for o in section.observations)


def test_french_text_gets_french_typography_and_numbers(diagnostic) -> None:
    rendered = render_roadmap(diagnostic, language="fr")

    assert "\u00a0: " in rendered.html or "\u00a0:<" in rendered.html
    assert "«\u202f" in rendered.html
    score = assessment_result(diagnostic).overall
    assert french(score) in rendered.html
    assert "," in french(score)


def test_a_follow_up_shows_its_baseline_and_the_uplift(company, default_version) -> None:
    baseline = finished_diagnostic(company, default_version, base=1)
    follow_up = services.assessment_start(
        company=company,
        consultant=company.consultants.get(),
        visit_date=VISIT,
        kind=Assessment.Kind.FOLLOW_UP,
        baseline=baseline,
    )
    for question in applicable_questions(follow_up):
        services.answer_record(
            assessment=follow_up, question=question, by=company.consultants.get(), level=3
        )
    follow_up = services.assessment_submit(assessment=follow_up, by=company.consultants.get())

    rendered = render_roadmap(follow_up, language="fr")

    _pages, text = pdf_text(rendered.data)
    assert "Progrès depuis le diagnostic initial" in text
    before = assessment_result(baseline).overall
    after = assessment_result(follow_up).overall
    assert before is not None
    assert after is not None
    assert f"Score global {french(before)} {french(after)} +{french(after - before)}" in text
    assert "uplift" in rendered.charts
    # Its own roadmap is not drawn up yet: the baseline's is shown, and its plan.
    assert "Ce diagnostic de suivi n’a pas de feuille de route propre" in text
    assert "Jour 8" in text


def test_a_diagnostic_without_roadmap_still_renders(company, small_version) -> None:
    assessment = finished_diagnostic(company, small_version, plan=False)

    rendered = render_roadmap(assessment, language="en")

    _pages, text = pdf_text(rendered.data)
    assert "The roadmap has not been drawn up yet" in text
    assert "The eight-day plan has not been drawn up yet." in text


def test_the_sector_median_needs_five_other_pmes(cluster, consultant, default_version) -> None:
    own = finished_diagnostic(
        make_company(cluster=cluster, name="Atlas Circuits", consultants=[consultant]),
        default_version,
    )
    peers = [
        finished_diagnostic(
            make_company(cluster=cluster, consultants=[consultant]),
            default_version,
            base=b,
            plan=False,
        )
        for b in range(PEER_MINIMUM - 1)
    ]
    assert peer_medians(own) is None

    peers.append(
        finished_diagnostic(
            make_company(cluster=cluster, consultants=[consultant]),
            default_version,
            base=4,
            plan=False,
        )
    )
    medians = peer_medians(own)

    assert medians is not None
    assert medians.count == PEER_MINIMUM
    axis = assessment_result(own).rows[0].axis
    scores = sorted(
        row.score or 0 for p in peers for row in assessment_result(p).rows if row.axis == axis
    )
    assert medians.by_axis[axis.id] == pytest.approx(scores[len(scores) // 2], abs=0.01)
    _pages, text = pdf_text(render_roadmap(own, language="fr").data)
    assert "Médiane du secteur" in text
    assert f"{PEER_MINIMUM} autres PME du même secteur" in text


def test_other_sectors_and_drafts_are_not_peers(cluster, consultant, small_version) -> None:
    own = finished_diagnostic(
        make_company(cluster=cluster, consultants=[consultant]), small_version, plan=False
    )
    for _n in range(PEER_MINIMUM):
        finished_diagnostic(
            make_company(cluster=cluster, consultants=[consultant], sector="agrifood"),
            small_version,
            plan=False,
        )
        services.assessment_start(
            company=make_company(cluster=cluster, consultants=[consultant]),
            consultant=consultant,
            visit_date=VISIT,
            framework_version=small_version,
        )

    assert peer_medians(own) is None


def test_the_indicators_to_follow_come_from_the_axes_of_the_plan(diagnostic) -> None:
    with translation.override("en"):
        content = roadmap_content(diagnostic)

    assert content.plan is not None
    days = content.plan.days
    planned = {slot.item.axis.name for day in days for slot in day.slots if slot.item}
    assert planned
    assert planned <= {kpi.axis_name for kpi in content.kpis}


def test_each_axis_has_its_own_indicators_and_unknown_axes_a_fallback() -> None:
    with translation.override("fr"):
        rows = kpi_rows([("MAINT", "Maintenance 4.0"), ("XYZ", "Axe d'un autre référentiel")])
    with translation.override("en"):
        english = kpi_rows([("PROD", "Production")])

    assert [row.name for row in rows[:2]] == [
        "MTBF (temps moyen entre pannes)",
        "MTTR (temps moyen de réparation)",
    ]
    assert rows[1].higher_is_better is False
    assert rows[-1].name == "Score de maturité de l'axe"
    assert english[0].name == "OEE (overall equipment effectiveness)"


def test_the_indicators_to_follow_are_written_in_arabic_too() -> None:
    with translation.override("ar"):
        rows = kpi_rows([("MAINT", "الصيانة 4.0"), ("XYZ", "محور")])

    assert rows[0].name == "MTBF (متوسط المدة بين الأعطال)"
    assert rows[0].frequency == "شهرية"
    assert rows[-1].name == "نقطة نضج المحور"
