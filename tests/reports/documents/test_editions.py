"""The two editions of the roadmap and its editable exports: true to the state, same numbers.

Read back as a reader would: PDF text with pypdf, the workbook with openpyxl, the Word
document with python-docx, the results page as HTML.
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import Plan
from assessments.models import Assessment
from assessments.roles import Role
from reports.documents.exports import roadmap_export
from reports.documents.pdf.render import render_roadmap
from tests.factories import VISIT, UserFactory
from tests.reports.documents.test_pdf import finished_diagnostic, pdf_text

pytestmark = pytest.mark.django_db


def pages_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def diagnostic(company, default_version) -> Assessment:
    return finished_diagnostic(company, default_version)


@pytest.fixture
def validator(groups, cluster):
    staff = UserFactory(
        username="staff", first_name="Nadia", last_name="Berrada", role=Role.CLUSTER_STAFF
    )
    cluster.staff.add(staff)
    return staff


# True to the state


def test_a_diagnostic_not_yet_validated_is_a_draft_on_every_page(diagnostic) -> None:
    for edition in ("manager", "detailed"):
        pages = pages_text(render_roadmap(diagnostic, language="fr", edition=edition).data)
        assert all("BROUILLON" in page for page in pages), edition
        assert "Diagnostic validé par" not in " ".join(pages)


def test_a_validated_diagnostic_says_who_validated_it_and_when(diagnostic, validator) -> None:
    validated = services.assessment_validate(assessment=diagnostic, by=validator)
    _pages, text = pdf_text(render_roadmap(validated, language="en").data)
    assert "Diagnostic validated by Nadia Berrada on" in text
    assert "DRAFT" not in text


def test_an_untouched_ranking_is_not_said_to_be_reviewed(diagnostic) -> None:
    _pages, text = pdf_text(render_roadmap(diagnostic, language="en", edition="detailed").data)
    assert "the consultant has not changed it" in text
    assert "The consultant has reviewed this ranking" not in text


def test_a_ranking_the_consultant_changed_says_so(diagnostic) -> None:
    item = diagnostic.roadmap.items.order_by("position").last()
    accompaniment_services.roadmap_item_move(item=item, offset=-1)
    _pages, text = pdf_text(render_roadmap(diagnostic, language="en", edition="detailed").data)
    assert "The consultant has reviewed this ranking." in text


def test_no_plan_status_draft_is_printed_for_the_pme(diagnostic) -> None:
    assert diagnostic.plan.status == Plan.Status.DRAFT
    for edition in ("manager", "detailed"):
        _pages, text = pdf_text(render_roadmap(diagnostic, language="fr", edition=edition).data)
        assert "Statut du plan : Brouillon" not in text
        assert "une proposition, à convenir avec l’entreprise" in text


def test_the_detailed_edition_no_longer_repeats_the_axes_in_an_annex(diagnostic) -> None:
    _pages, text = pdf_text(render_roadmap(diagnostic, language="en", edition="detailed").data)
    assert "Annex: every answer of the diagnostic" not in text
    assert "Analysis by axis" in text


def test_the_synthesis_is_in_both_editions_and_marked_in_the_other_language(
    diagnostic, consultant
) -> None:
    accompaniment_services.synthesis_save(
        assessment=diagnostic,
        by=consultant,
        language="fr",
        strengths="Équipe de maintenance motivée",
        weaknesses="",
        key_messages="",
        next_steps="",
    )
    for edition in ("manager", "detailed"):
        _pages, english = pdf_text(render_roadmap(diagnostic, language="en", edition=edition).data)
        assert "Équipe de maintenance motivée" in english
        assert "Written by the consultant in French" in english
    _pages, french = pdf_text(render_roadmap(diagnostic, language="fr").data)
    assert "Équipe de maintenance motivée" in french
    assert "Rédigée par le consultant en" not in french


def test_a_set_date_replaces_the_horizon_in_the_action_plan(diagnostic, consultant) -> None:
    item = diagnostic.roadmap.items.order_by("position").first()
    due = VISIT.replace(month=12, day=15)
    accompaniment_services.roadmap_item_track(
        item=item, by=consultant, changes={"due_on": due, "owner_name": "Youssef Amrani"}
    )
    _pages, text = pdf_text(render_roadmap(diagnostic, language="en").data)
    assert "Youssef Amrani" in text
    assert "due 12/15/2026" in text or "due 15/12/2026" in text


# Numbers: one rounding, the same everywhere


@pytest.fixture
def quarter(company, consultant, small_version) -> Assessment:
    """Axis A at exactly 2.25 (A1 at 0, A2 at 3, weights 1 and 3) for a target of 3."""
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    levels = {"A1": 0, "A2": 3, "B1": 3}
    for axis in small_version.axes.all():
        for question in axis.questions.all():
            if question.code in levels:
                services.answer_record(
                    assessment=assessment,
                    question=question,
                    by=consultant,
                    level=levels[question.code],
                )
    services.targets_set(
        assessment=assessment, levels={small_version.axes.get(code="A").id: Decimal(3)}
    )
    assessment = services.assessment_submit(assessment=assessment, by=consultant)
    accompaniment_services.roadmap_propose(assessment=assessment)
    return assessment


def test_the_gap_shown_is_the_target_shown_minus_the_score_shown_everywhere(
    quarter, consultant
) -> None:
    # 2.25 shows as 2.3 (half up); the gap shows as 3.0 - 2.3 = 0.7, not 0.75 -> 0.8.
    client = Client()
    client.force_login(consultant)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("assessments:results", args=[quarter.code])).content.decode()
    assert "2,3" in page
    assert ">0,7<" in page
    _pages, pdf = pdf_text(render_roadmap(quarter, language="fr").data)
    assert "Axe A 2,3 45 2 · Niveau 2 3,0 0,7" in pdf
    book = load_workbook(io.BytesIO(roadmap_export(quarter, language="fr", fmt="xlsx")))
    scores = {row[0]: row[1:] for row in book.worksheets[1].iter_rows(values_only=True)}
    assert scores["Axe A"] == (2.3, 45, 3.0, 0.7)
    document = Document(io.BytesIO(roadmap_export(quarter, language="fr", fmt="docx")))
    profile = next(t for t in document.tables if t.rows[0].cells[0].text == "Axe")
    row = next(r for r in profile.rows if r.cells[0].text == "Axe A")
    assert [c.text for c in row.cells[1:3]] + [c.text for c in row.cells[4:]] == [
        "2,3",
        "45",
        "3,0",
        "0,7",
    ]


# Exports


def test_the_excel_plan_has_one_row_per_action_with_every_tracking_field(
    diagnostic, consultant
) -> None:
    item = diagnostic.roadmap.items.order_by("position").first()
    accompaniment_services.roadmap_item_track(
        item=item,
        by=consultant,
        changes={
            "owner_name": '=HYPERLINK("x")',
            "start_on": VISIT,
            "budget_mad": Decimal(120000),
            "status": "in_progress",
            "kpi": "Taux de rebut (%)",
            "kpi_today": Decimal("4.5"),
            "kpi_target": Decimal("2"),
        },
    )
    book = load_workbook(io.BytesIO(roadmap_export(diagnostic, language="fr", fmt="xlsx")))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sheet.freeze_panes == "C2"
    assert len(rows) == diagnostic.roadmap.items.filter(removed=False).count()
    first = dict(zip(header, rows[0], strict=True))
    assert first["Responsable"] == '=HYPERLINK("x")'
    assert sheet.cell(row=2, column=header.index("Responsable") + 1).data_type == "s"
    assert first["Budget (MAD)"] == 120000
    assert first["Statut"] == "En cours"
    assert (first["Indicateur aujourd’hui"], first["Indicateur cible"]) == (4.5, 2)
    assert first["Date de début"].date() == VISIT
    assert sheet.cell(row=2, column=header.index("Date de début") + 1).number_format == "dd/mm/yyyy"


def test_why_each_action_is_proposed_is_printed_and_exported(diagnostic) -> None:
    """The reader sees the weak answer behind each proposal (« proposée car … »)."""
    items = list(diagnostic.roadmap.items.filter(removed=False).order_by("position"))
    reasons = [line for item in items for line in item.reason_lines]
    assert reasons, "the computed roadmap gives its reasons"
    first = next(item for item in items if item.reason_lines)
    with translation.override("en"):
        reason = first.reason_lines[0]
    assert reason.startswith("Proposed because")
    for edition in ("manager", "detailed"):
        _pages, text = pdf_text(render_roadmap(diagnostic, language="en", edition=edition).data)
        assert " ".join(reason.split()) in text, edition
    book = load_workbook(io.BytesIO(roadmap_export(diagnostic, language="en", fmt="xlsx")))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    why = [
        row[header.index("Why it is proposed")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert reason in why[items.index(first)]
    document = Document(io.BytesIO(roadmap_export(diagnostic, language="en", fmt="docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(reason in cell for cell in cells)


def test_the_word_document_is_the_manager_edition(diagnostic) -> None:
    document = Document(io.BytesIO(roadmap_export(diagnostic, language="en", fmt="docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DRAFT: the diagnostic is not validated yet" in text
    assert "Three priorities" in text
    assert "What the eight days deliver" in text
    assert "Action plan" in text


def test_the_export_links_refuse_another_pmes_manager(diagnostic, other_company, groups) -> None:
    stranger = UserFactory(username="stranger", role=Role.PME_MANAGER)
    other_company.managers.add(stranger)
    client = Client()
    client.force_login(stranger)
    url = reverse("reports:roadmap_export", args=[diagnostic.code, "xlsx"])
    assert client.get(url).status_code == 404


def test_the_pme_manager_downloads_the_word_document(diagnostic, company, groups) -> None:
    manager = UserFactory(username="boss", role=Role.PME_MANAGER)
    company.managers.add(manager)
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("reports:roadmap_export", args=[diagnostic.code, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')


# The demo


def test_the_manager_edition_of_demo_pmes_fits_in_twelve_pages(default_version) -> None:
    call_command("load_demo")
    planned = Assessment.objects.filter(plan__isnull=False, roadmap__isnull=False).order_by(
        "company__name"
    )[:2]
    assert len(planned) == 2
    for assessment in planned:
        pages, _text = pdf_text(render_roadmap(assessment, language="fr").data)
        assert pages <= 12, assessment.company.name


def test_an_edition_in_another_language_says_the_comments_are_quoted_as_written(
    diagnostic, consultant
) -> None:
    answer = diagnostic.answers.exclude(level=None).order_by("id").first()
    answer.comment = "Graissage noté sur un cahier à l'atelier"
    answer.save()
    for edition in ("manager", "detailed"):
        _pages, english = pdf_text(render_roadmap(diagnostic, language="en", edition=edition).data)
        assert "comments are quoted as written, in French" in english, edition
    _pages, french = pdf_text(render_roadmap(diagnostic, language="fr", edition="detailed").data)
    assert "Graissage noté sur un cahier" in french
    assert "cités tels qu’écrits" not in french
    accompaniment_services.synthesis_save(  # the consultant says they write in English
        assessment=diagnostic,
        by=consultant,
        language="en",
        strengths="Motivated maintenance team",
        weaknesses="",
        key_messages="",
        next_steps="",
    )
    _pages, english = pdf_text(render_roadmap(diagnostic, language="en", edition="detailed").data)
    assert "comments are quoted as written" not in english
