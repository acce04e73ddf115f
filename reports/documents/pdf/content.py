"""Everything a PDF roadmap says, read from the database into plain objects.

Called inside the report's language: framework texts and labels come out in it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from assessments.accompaniment.models import (
    Plan,
    PlanDay,
    PlanSlot,
    Roadmap,
    RoadmapItem,
    Synthesis,
)
from assessments.accompaniment.selectors import HorizonGroup, PlanView, plan_view, roadmap_groups
from assessments.models import Answer, Assessment
from assessments.selectors import (
    AssessmentResult,
    AxisRow,
    Comparison,
    DmaReading,
    UpliftRow,
    assessment_dma,
    assessment_pack_results,
    assessment_result,
    diagnostic_axes,
)
from assessments.selfassessment.selectors import SelfView, self_view
from diagnostics.models import Axis, FrameworkVersion, LevelDescriptor, Stage
from diagnostics.selectors import framework_read_once
from reports.documents.pdf.business_case import BusinessCase, business_case
from reports.documents.pdf.kpis import KpiRow, kpi_rows
from reports.documents.selectors import PeerMedians, peer_medians

HIGHLIGHTS = 3


@dataclass(frozen=True)
class Observation:
    code: str
    question: str
    level: int | None
    not_applicable: bool
    descriptor: str
    comment: str


@dataclass(frozen=True)
class AxisSection:
    row: AxisRow
    peer: float | None
    before: float | None
    observations: list[Observation]
    actions: list[RoadmapItem]

    @property
    def axis(self) -> Axis:
        return self.row.axis


@dataclass(frozen=True)
class PackSection:
    """A sector pack's chapter: its own score and axes, apart from the core's."""

    pack: FrameworkVersion
    result: AssessmentResult
    sections: list[AxisSection]


@dataclass(frozen=True)
class Priority:
    row: AxisRow
    action: RoadmapItem | None


@dataclass(frozen=True)
class HalfDayCell:
    slot: PlanSlot | None
    span: int


@dataclass(frozen=True)
class CalendarDay:
    day: PlanDay
    cells: list[HalfDayCell]


@dataclass(frozen=True)
class Validation:
    by: str
    on: datetime.date


class Edition:
    MANAGER = "manager"
    DETAILED = "detailed"
    ALL = (MANAGER, DETAILED)


@dataclass(frozen=True)
class RoadmapContent:
    assessment: Assessment
    result: AssessmentResult
    generated_on: datetime.date
    version: int | None
    strengths: list[AxisRow]
    priorities: list[Priority]
    peers: PeerMedians | None
    sections: list[AxisSection]
    comparison: Comparison | None
    roadmap: Roadmap | None
    roadmap_from_baseline: bool
    groups: list[HorizonGroup]
    plan: PlanView | None
    calendar: list[CalendarDay]
    kpis: list[KpiRow]
    stages: list[Stage]
    edition: str = Edition.DETAILED
    validation: Validation | None = None
    synthesis: Synthesis | None = None
    business_cases: list[BusinessCase] = field(default_factory=list)
    dma: DmaReading | None = None
    packs: list[PackSection] = field(default_factory=list)
    self_view: SelfView | None = None

    @property
    def action_count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def is_draft(self) -> bool:
        """Until the diagnostic is validated, the document is a draft, and says so on every page."""
        return self.validation is None

    @property
    def ranking_reviewed(self) -> bool:
        """The consultant changed the proposed ranking (moved, removed, added or re-timed)."""
        return self.roadmap is not None and self.roadmap.items.filter(edited=True).exists()

    @property
    def synthesis_language(self) -> str | None:
        """The language the synthesis is in, when the edition is in another one."""
        if self.synthesis is None or self.synthesis.is_empty:
            return None
        current = (translation.get_language() or "fr").split("-")[0]
        if self.synthesis.language == current:
            return None
        return str(self.synthesis.get_language_display())

    @property
    def comments_language(self) -> str:
        """The language the consultant writes in: their synthesis says it; French otherwise.

        Comments on the answers are printed as written, never translated."""
        return self.synthesis.language if self.synthesis is not None else "fr"

    @property
    def comments_language_name(self) -> str | None:
        """Its name, when the edition is in another language and some comment was written."""
        current = (translation.get_language() or "fr").split("-")[0]
        if self.comments_language == current:
            return None
        if not any(obs.comment for section in self.sections for obs in section.observations):
            return None
        return str(dict(Synthesis.Language.choices)[self.comments_language])

    @property
    def priority_sections(self) -> list[AxisSection]:
        wanted = [p.row.axis.id for p in self.priorities]
        by_axis = {s.axis.id: s for s in self.sections}
        return [by_axis[axis] for axis in wanted if axis in by_axis]

    @property
    def plan_items(self) -> list[RoadmapItem]:
        """The roadmap actions the eight days work on, in the order of the days."""
        seen: dict[int, RoadmapItem] = {}
        for day in self.plan.days if self.plan else []:
            for slot in day.slots:
                if slot.item is not None:
                    seen.setdefault(slot.item.pk, slot.item)
        return list(seen.values())

    @property
    def items(self) -> list[RoadmapItem]:
        return [item for group in self.groups for item in group.items]


@framework_read_once()
def roadmap_content(
    assessment: Assessment,
    *,
    version: int | None = None,
    today: datetime.date | None = None,
    edition: str = Edition.DETAILED,
) -> RoadmapContent:
    detailed = edition == Edition.DETAILED
    result = assessment_result(assessment)
    peers = peer_medians(assessment)
    comparison = _comparison(assessment, result)
    roadmap, from_baseline = _roadmap(assessment)
    groups = roadmap_groups(roadmap) if roadmap else []
    items = [item for group in groups for item in group.items]
    plan = _plan(assessment)
    view = plan_view(plan) if plan else None
    before = {row.axis.id: row.before for row in comparison.rows} if comparison else {}
    observations = _observations(assessment)
    sections = [
        AxisSection(
            row=row,
            peer=peers.by_axis.get(row.axis.id) if peers else None,
            before=before.get(row.axis.id),
            observations=observations.get(row.axis.id, []),
            actions=[i for i in items if i.axis_id == row.axis.id],
        )
        for row in result.rows
    ]
    top = priorities(result, items)
    # What only the detailed edition prints (the sector packs' chapters, the managers' own
    # view, the KPI table, the DMA reading) is not computed for the manager edition.
    packs = [
        PackSection(
            pack=pack.pack,
            result=pack.result,
            sections=[
                AxisSection(
                    row=row,
                    peer=None,
                    before=None,
                    observations=observations.get(row.axis.id, []),
                    actions=[i for i in items if i.axis_id == row.axis.id],
                )
                for row in pack.result.rows
            ],
        )
        for pack in (assessment_pack_results(assessment) if detailed else [])
    ]
    return RoadmapContent(
        packs=packs,
        edition=edition,
        validation=_validation(assessment),
        synthesis=Synthesis.objects.filter(assessment=assessment).first(),
        business_cases=[business_case(p.action) for p in top if p.action is not None],
        self_view=self_view(assessment) if detailed else None,
        assessment=assessment,
        result=result,
        generated_on=today or timezone.localdate(),
        version=version,
        strengths=strengths(result),
        priorities=top,
        peers=peers,
        sections=sections,
        comparison=comparison,
        roadmap=roadmap,
        roadmap_from_baseline=from_baseline,
        groups=groups,
        plan=view,
        calendar=calendar(view) if view else [],
        kpis=kpi_rows(_followed_axes(result, items, view)) if detailed else [],
        stages=list(assessment.framework_version.stages.order_by("level")),
        dma=assessment_dma(assessment) if detailed else None,
    )


def _validation(assessment: Assessment) -> Validation | None:
    """Who validated the diagnostic and when: only if it stands validated now."""
    if assessment.status != Assessment.Status.VALIDATED:
        return None
    event = (
        assessment.events.filter(to_status=Assessment.Status.VALIDATED)
        .select_related("by")
        .order_by("-at")
        .first()
    )
    if event is None:
        when = assessment.validated_at or timezone.now()
        return Validation(by="", on=timezone.localdate(when))
    return Validation(
        by=event.by.get_full_name() or event.by.username, on=timezone.localdate(event.at)
    )


def strengths(result: AssessmentResult) -> list[AxisRow]:
    scored = [row for row in result.rows if row.score is not None]
    return sorted(scored, key=lambda row: -(row.score or 0))[:HIGHLIGHTS]


def priorities(result: AssessmentResult, items: list[RoadmapItem]) -> list[Priority]:
    """The axes with the largest weighted gap to their target, each with its first action."""
    scored = [row for row in result.rows if row.score is not None]
    ranked = sorted(
        scored, key=lambda row: (-(row.gap or 0) * float(row.axis.weight), row.score or 0)
    )
    first: dict[int, RoadmapItem] = {}
    for item in items:
        first.setdefault(item.axis_id, item)
    return [Priority(row, first.get(row.axis.id)) for row in ranked[:HIGHLIGHTS]]


def calendar(view: PlanView) -> list[CalendarDay]:
    """Each day as its morning and afternoon: a two-half-day slot fills both."""
    days = []
    for day_view in view.days:
        cells = [HalfDayCell(slot, min(slot.half_days, 2)) for slot in day_view.slots]
        free = 2 - sum(cell.span for cell in cells)
        if free > 0:
            cells.append(HalfDayCell(None, free))
        days.append(CalendarDay(day_view.day, cells))
    return days


def _comparison(assessment: Assessment, result: AssessmentResult) -> Comparison | None:
    if assessment.kind != Assessment.Kind.FOLLOW_UP or assessment.baseline is None:
        return None
    before = assessment_result(assessment.baseline)
    scores = {row.axis.id: row.score for row in before.rows}
    return Comparison(
        baseline=assessment.baseline,
        follow_up=assessment,
        rows=[UpliftRow(row.axis, scores.get(row.axis.id), row.score) for row in result.rows],
        overall_before=before.overall,
        overall_after=result.overall,
    )


def _roadmap(assessment: Assessment) -> tuple[Roadmap | None, bool]:
    """The diagnostic's own roadmap; a follow-up without one shows its baseline's."""
    roadmap = Roadmap.objects.filter(assessment=assessment).first()
    if roadmap is None and assessment.baseline_id is not None:
        return Roadmap.objects.filter(assessment_id=assessment.baseline_id).first(), True
    return roadmap, False


def _plan(assessment: Assessment) -> Plan | None:
    plan = Plan.objects.filter(assessment=assessment).first()
    if plan is None and assessment.baseline_id is not None:
        plan = Plan.objects.filter(assessment_id=assessment.baseline_id).first()
    return plan


def _observations(assessment: Assessment) -> dict[int, list[Observation]]:
    answers: dict[int, Answer] = {a.question_id: a for a in assessment.answers.all()}
    sector = assessment.company.sector
    # Only the descriptor of each level given is printed: those are read, not all six.
    given = Answer.objects.filter(
        assessment=assessment, question_id=OuterRef("question_id"), level=OuterRef("level")
    )
    descriptors: dict[tuple[int, int | None], str] = {
        (d.question_id, d.level): d.text for d in LevelDescriptor.objects.filter(Exists(given))
    }
    by_axis: dict[int, list[Observation]] = {}
    for axis in diagnostic_axes(assessment):
        for question in axis.questions.all():
            if not question.applies_to(sector):
                continue
            answer = answers.get(question.id)
            level = answer.level if answer else None
            by_axis.setdefault(axis.id, []).append(
                Observation(
                    code=question.code,
                    question=question.text,
                    level=level,
                    not_applicable=bool(answer and answer.not_applicable),
                    descriptor=descriptors.get((question.id, level), ""),
                    comment=answer.comment if answer else "",
                )
            )
    return by_axis


def _followed_axes(
    result: AssessmentResult, items: list[RoadmapItem], view: PlanView | None
) -> list[tuple[str, str]]:
    """Axes worked on in the plan, else the roadmap's first ones, else the widest gaps."""
    axes: dict[str, str] = {}
    if view:
        for day in view.days:
            for slot in day.slots:
                if slot.item is not None:
                    axes.setdefault(slot.item.axis.code, slot.item.axis.name)
    for item in items:
        if len(axes) >= HIGHLIGHTS:
            break
        axes.setdefault(item.axis.code, item.axis.name)
    for priority in priorities(result, []):
        if len(axes) >= HIGHLIGHTS:
            break
        axes.setdefault(priority.row.axis.code, priority.row.axis.name)
    return list(axes.items())
