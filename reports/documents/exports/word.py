"""The manager edition as a Word document a consultant can adapt (python-docx).

Same sections, wording and figures as the PDF's manager edition, without its charts: the
profile's figures are in a table.
"""

import io

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt, RGBColor

from assessments.accompaniment.models import RoadmapItem
from reports.documents.pdf.business_case import BusinessCase
from reports.documents.pdf.content import RoadmapContent
from reports.templatetags.report_pdf import mad, number, score, thousands

NAVY = RGBColor(0x0B, 0x3D, 0x66)
RED = RGBColor(0xB4, 0x23, 0x18)


def _partial(name: str, content: RoadmapContent, **extra: object) -> str:
    """A sentence of the PDF's templates, as plain text: one wording for both."""
    html = render_to_string(f"reports/documents/pdf/{name}", {"report": content, **extra})
    return " ".join(strip_tags(html).split())


def _table(document: DocumentObject, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    document.add_paragraph()


def _dates(item: RoadmapItem) -> str:
    return _partial("_item_dates.html", None, item=item)  # type: ignore[arg-type]


def roadmap_document(content: RoadmapContent) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    _front_page(document, content)
    _profile(document, content)
    for case in content.business_cases:
        _business_case(document, case)
    _action_plan(document, content)
    _eight_days(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _front_page(document: DocumentObject, content: RoadmapContent) -> None:
    assessment, result = content.assessment, content.result
    if content.is_draft:
        run = document.add_paragraph().add_run(_("DRAFT: the diagnostic is not validated yet"))
        run.bold, run.font.color.rgb = True, RED
        section = document.sections[0]
        header = section.header.paragraphs[0].add_run(
            _("DRAFT: the diagnostic is not validated yet")
        )
        header.bold, header.font.color.rgb = True, RED
    document.add_heading(assessment.company.name, level=0)
    document.add_paragraph(
        f"{_('Industry 4.0 roadmap')} · {_('manager edition')} · "
        f"{assessment.get_kind_display()} · {date_format(content.generated_on, 'DATE_FORMAT')}"
    )
    document.add_paragraph(_partial("_validation.html", content))
    if result.has_scores and result.overall_stage is not None:
        _table(
            document,
            [_("Overall maturity"), _("Score out of 100"), _("Stage reached")],
            [
                [
                    f"{score(result.overall)} / 5",
                    f"{result.overall_percent} / 100",
                    f"{result.overall_stage.level} · {result.overall_stage.name}",
                ]
            ],
        )
    document.add_heading(_("Three priorities"), level=1)
    for priority in content.priorities:
        row = priority.row
        text = f"{row.axis.name}: {score(row.score)} / 5 · {_('Target')} {score(row.target)}"
        text += f" · {_('Gap to the target')} {score(row.shown_gap)}"
        if priority.action is not None:
            text += f" · {priority.action.display_title}"
        document.add_paragraph(text, style="List Number")
    document.add_heading(_("What the eight days deliver"), level=1)
    if content.plan is not None:
        document.add_paragraph(_partial("_plan_status.html", content))
        for item in content.plan_items:
            document.add_paragraph(item.display_title, style="List Bullet")
    else:
        document.add_paragraph(_("The eight-day plan has not been drawn up yet."))
    _synthesis(document, content)


def _synthesis(document: DocumentObject, content: RoadmapContent) -> None:
    synthesis = content.synthesis
    if synthesis is None or synthesis.is_empty:
        return
    document.add_heading(_("The consultant's synthesis"), level=1)
    if content.synthesis_language:
        note = _("Written by the consultant in %(language)s; quoted as written.") % {
            "language": content.synthesis_language
        }
        document.add_paragraph(note).runs[0].italic = True
    for title, text in (
        (_("Strengths"), synthesis.strengths),
        (_("Weaknesses"), synthesis.weaknesses),
        (_("Key messages"), synthesis.key_messages),
        (_("Next steps"), synthesis.next_steps),
    ):
        if text:
            document.add_heading(title, level=2)
            document.add_paragraph(text)


def _profile(document: DocumentObject, content: RoadmapContent) -> None:
    document.add_heading(_("Maturity profile"), level=1)
    _table(
        document,
        [_("Axis"), _("Score /5"), "/100", _("Stage"), _("Target"), _("Gap")],
        [
            [
                row.axis.name,
                score(row.score),
                "—" if row.percent is None else str(row.percent),
                f"{row.stage.level} · {row.stage.name}" if row.stage else "—",
                score(row.target),
                score(row.shown_gap),
            ]
            for row in content.result.rows
        ],
    )
    if content.comparison is not None:
        document.add_heading(_("Progress since the baseline"), level=2)
        _table(
            document,
            [_("Axis"), _("Baseline (T0)"), _("Follow-up (T1)"), _("Change")],
            [
                [row.axis.name, score(row.before), score(row.after), score(row.uplift)]
                for row in content.comparison.rows
            ],
        )
    for section in content.priority_sections:
        document.add_heading(section.axis.name, level=2)
        for obs in section.observations:
            level = (
                pgettext("answer level", "N/A")
                if obs.not_applicable
                else ("—" if obs.level is None else str(obs.level))
            )
            line = f"[{level}] {obs.question}"
            if obs.comment:
                line += f" — {obs.comment}"
            document.add_paragraph(line, style="List Bullet")


def _range(low: int | None, high: int | None, unit: str = "") -> str:
    if low is None and high is None:
        return _("to be estimated with the company")
    values = [thousands(v) for v in (low, high) if v is not None]
    text = " – ".join(dict.fromkeys(values))
    return f"{text} {unit}".strip()


def _business_case(document: DocumentObject, case: BusinessCase) -> None:
    item = case.item
    document.add_page_break()
    heading = _("Business case: %(title)s") % {"title": item.display_title}
    document.add_heading(heading, level=1)
    if item.display_description:
        document.add_paragraph(item.display_description)
    owner = item.owner_name or _("to be named")
    if item.owner_name and item.owner_role:
        owner += f" ({item.owner_role})"
    _table(
        document,
        [_("Item"), _("Value")],
        [
            [_("Investment (capex)"), _range(case.capex.low, case.capex.high, "MAD")],
            [_("Running cost per year (opex)"), _range(case.opex.low, case.opex.high, "MAD")],
            [_("Days of the company's own people"), _range(*_pair(case.internal_days))],
            [_("Payback"), _range(*_pair(case.payback_months))],
            [
                _("Budget set in the plan"),
                mad(item.budget_mad) if item.budget_mad is not None else _("not set yet"),
            ],
            [_("Owner at the company"), owner],
            [_("Dates"), _dates(item)],
            [_("Status"), str(item.get_status_display())],
        ],
    )
    document.add_heading(_("Expected benefits"), level=2)
    for benefit in case.benefits:
        values = " – ".join(number(v) for v in (benefit.low, benefit.high) if v is not None)
        document.add_paragraph(
            f"{benefit.metric}: {values} {benefit.unit}. {benefit.text}".strip(),
            style="List Bullet",
        )
    if item.kpi:
        document.add_paragraph(
            f"{item.kpi}: {number(item.kpi_today)} → {number(item.kpi_target)}", style="List Bullet"
        )
    document.add_heading(_("Funding routes"), level=2)
    for funding in case.funding:
        document.add_paragraph(f"{funding.kind}: {funding.body}".strip(": "), style="List Bullet")
    document.add_heading(_("Risks and how to reduce them"), level=2)
    for risk in case.risks:
        document.add_paragraph(f"{risk.risk} — {risk.mitigation}", style="List Bullet")


def _pair(value: object) -> tuple[int | None, int | None]:
    return getattr(value, "low", None), getattr(value, "high", None)


def _action_plan(document: DocumentObject, content: RoadmapContent) -> None:
    document.add_page_break()
    document.add_heading(_("Action plan"), level=1)
    document.add_paragraph(
        _("The consultant has reviewed this ranking.")
        if content.ranking_reviewed
        else _(
            "This is the ranking computed from the diagnostic; the consultant has not changed it."
        )
    )
    _table(
        document,
        ["#", _("Action"), _("Owner"), _("When"), _("Budget (MAD)"), _("Status")],
        [
            [
                str(n),
                "\n".join([f"{item.display_title} ({item.axis.name})", *item.reason_lines]),
                item.owner_name or "—",
                _dates(item),
                thousands(item.budget_mad) if item.budget_mad is not None else "—",
                str(item.get_status_display()),
            ]
            for n, item in enumerate(content.items, start=1)
        ],
    )


def _eight_days(document: DocumentObject, content: RoadmapContent) -> None:
    if content.plan is None:
        return
    document.add_heading(_("Eight-day accompaniment plan"), level=1)
    rows = []
    for entry in content.calendar:
        day = entry.day
        when = date_format(day.date, "DATE_FORMAT") if day.date else _("date to be set")
        work = [
            cell.slot.item.display_title if cell.slot.item else str(cell.slot.get_kind_display())
            for cell in entry.cells
            if cell.slot is not None
        ]
        rows.append([_("Day %(n)s") % {"n": day.number}, when, " · ".join(work) or "—"])
    _table(document, [_("Day"), _("Date"), _("Work")], rows)
