"""Reads of PMEs and diagnostics. Every query a view makes starts from a *_visible_to."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from assessments import rules, scoring
from assessments.models import Answer, Assessment, AxisTarget, Cluster, Company
from assessments.roles import Role, roles_of, sees_everything
from diagnostics import dma
from diagnostics.crosswalk import DIMENSION_LABELS
from diagnostics.models import Axis, FrameworkVersion, Question, Stage, applies_to_sector
from diagnostics.selectors import axes_with_questions, pack_axes_with_questions, packs_for

Viewer = UserModel | AnonymousUser
User = UserModel


def companies_visible_to(user: Viewer) -> QuerySet[Company]:
    companies = Company.objects.select_related("cluster")
    if sees_everything(user):
        return companies
    roles = roles_of(user)
    scope = Q(pk__in=[])
    if Role.CONSULTANT in roles:
        scope |= Q(consultants=user)
    if Role.PME_MANAGER in roles:
        scope |= Q(managers=user)
    if Role.CLUSTER_STAFF in roles:
        scope |= Q(cluster__staff=user)
    return companies.filter(pk__in=Company.objects.filter(scope).values("pk"))


def clusters_visible_to(user: Viewer) -> QuerySet[Cluster]:
    if sees_everything(user) or Role.CONSULTANT in roles_of(user):
        return Cluster.objects.all()
    return Cluster.objects.filter(
        Q(staff=user) | Q(companies__in=companies_visible_to(user))
    ).distinct()


def clusters_worked_in(user: Viewer) -> QuerySet[Cluster]:
    """The clusters a user works in: staffs, or follows a PME of; every one for the
    coordinator. Where they register PMEs (``rules.can_create_company_in``, as a query) and
    whose S&E they follow."""
    if sees_everything(user):
        return Cluster.objects.all()
    roles = roles_of(user)
    scope = Q(pk__in=[])
    if Role.CLUSTER_STAFF in roles:
        scope |= Q(staff=user)
    if Role.CONSULTANT in roles:
        scope |= Q(companies__consultants=user)
    return Cluster.objects.filter(pk__in=Cluster.objects.filter(scope).values("pk"))


@dataclass(frozen=True)
class MoveEffect:
    """What moving a PME to another cluster carries with it."""

    diagnostics: int
    validated: int
    plans: int


def company_move_effect(company: Company) -> MoveEffect:
    diagnostics = company.assessments.all()
    return MoveEffect(
        diagnostics=diagnostics.count(),
        validated=diagnostics.filter(status=Assessment.Status.VALIDATED).count(),
        plans=diagnostics.filter(plan__isnull=False).count(),
    )


def assessments_visible_to(user: Viewer) -> QuerySet[Assessment]:
    assessments = Assessment.objects.select_related(
        "company", "company__cluster", "framework_version", "consultant"
    ).filter(company__in=companies_visible_to(user))
    roles = roles_of(user)
    if roles == {Role.PME_MANAGER}:
        # A PME's managers read finished diagnostics, not the consultant's drafts.
        assessments = assessments.exclude(status=Assessment.Status.DRAFT)
    return assessments


def diagnostic_axes(assessment: Assessment, *, descriptors: bool = False) -> list[Axis]:
    """The axes a diagnostic answers: the core version's, then its sector packs' (if any)."""
    version, sector = assessment.framework_version, assessment.company.sector
    return axes_with_questions(version, descriptors=descriptors) + pack_axes_with_questions(
        version, sector, descriptors=descriptors
    )


def diagnostic_versions(assessment: Assessment) -> list[FrameworkVersion]:
    """The core version of a diagnostic and the sector packs that apply to its PME."""
    version = assessment.framework_version
    return [version, *packs_for(version, assessment.company.sector)]


def diagnostic_version_ids(assessment: Assessment) -> list[int]:
    """The ids of ``diagnostic_versions``, without reading the core version's row."""
    version = assessment.framework_version_id
    return [version, *(pack.id for pack in packs_for(version, assessment.company.sector))]


def diagnostic_axis(assessment: Assessment, code: str) -> Axis | None:
    return Axis.objects.filter(
        framework_version__in=diagnostic_versions(assessment), code=code
    ).first()


def diagnostic_question(assessment: Assessment, code: str) -> Question | None:
    """A question of the diagnostic by its code, if it applies to the PME's sector.

    One query for a core question (every autosave asks); the sector packs are read only when
    the code is not the core version's.
    """
    version = assessment.framework_version_id
    found = list(
        Question.objects.select_related("axis").filter(
            Q(axis__framework_version=version) | Q(axis__framework_version__extends=version),
            code=code,
        )
    )
    question = next((q for q in found if q.axis.framework_version_id == version), None)
    if question is None and found:
        packs = diagnostic_version_ids(assessment)[1:]
        question = next((q for q in found if q.axis.framework_version_id in packs), None)
    if question is None or not question.applies_to(assessment.company.sector):
        return None
    return question


def applicable_questions(assessment: Assessment) -> list[Question]:
    sector = assessment.company.sector
    return [
        q
        for axis in diagnostic_axes(assessment)
        for q in axis.questions.all()
        if q.applies_to(sector)
    ]


@dataclass(frozen=True)
class AxisProgress:
    axis: Axis
    total: int
    answered: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


@dataclass(frozen=True)
class Progress:
    axes: list[AxisProgress]

    @property
    def total(self) -> int:
        return sum(a.total for a in self.axes)

    @property
    def answered(self) -> int:
        return sum(a.answered for a in self.axes)

    @property
    def percent(self) -> int:
        return _percent(self.answered, self.total)

    @property
    def next_axis(self) -> Axis | None:
        return next((a.axis for a in self.axes if not a.complete), None)


def _percent(answered: int, total: int) -> int:
    return round(100 * answered / total) if total else 100


def assessment_progress(assessment: Assessment) -> Progress:
    answered = set(
        assessment.answers.filter(Q(not_applicable=True) | Q(level__isnull=False)).values_list(
            "question_id", flat=True
        )
    )
    sector = assessment.company.sector
    rows = []
    for axis in diagnostic_axes(assessment):
        questions = [q for q in axis.questions.all() if q.applies_to(sector)]
        rows.append(
            AxisProgress(axis, len(questions), sum(1 for q in questions if q.id in answered))
        )
    return Progress(rows)


@dataclass(frozen=True)
class AnswerCounts:
    """How many questions a diagnostic asks and how many are answered, per axis id."""

    axes: dict[int, tuple[int, int]]  # axis id → (total, answered)

    @property
    def total(self) -> int:
        return sum(total for total, _answered in self.axes.values())

    @property
    def answered(self) -> int:
        return sum(answered for _total, answered in self.axes.values())

    @property
    def percent(self) -> int:
        return _percent(self.answered, self.total)


def answer_counts(assessment: Assessment) -> AnswerCounts:
    """``assessment_progress`` in counts only, in two queries whatever the diagnostic's size:
    what each autosave answers with."""
    sector = assessment.company.sector
    given = Answer.objects.filter(
        Q(not_applicable=True) | Q(level__isnull=False),
        assessment=assessment,
        question=OuterRef("pk"),
    )
    rows = (
        Question.objects.filter(axis__framework_version__in=diagnostic_version_ids(assessment))
        .annotate(answered=Exists(given))
        .order_by()
        .values_list("axis_id", "sectors", "answered")
    )
    axes: dict[int, tuple[int, int]] = {}
    for axis_id, sectors, answered in rows:
        if applies_to_sector(sectors, sector):
            total, done = axes.get(axis_id, (0, 0))
            axes[axis_id] = (total + 1, done + answered)
    return AnswerCounts(axes)


def missing_questions(assessment: Assessment) -> list[Question]:
    answered = set(
        assessment.answers.filter(Q(not_applicable=True) | Q(level__isnull=False)).values_list(
            "question_id", flat=True
        )
    )
    return [q for q in applicable_questions(assessment) if q.id not in answered]


def unexplained_not_applicable(assessment: Assessment) -> list[Question]:
    """Questions answered "not applicable" with no comment saying why."""
    applicable = {q.id: q for q in applicable_questions(assessment)}
    rows = assessment.answers.filter(not_applicable=True, comment__regex=r"^\s*$")
    return sorted(
        (applicable[a.question_id] for a in rows if a.question_id in applicable),
        key=lambda q: (q.axis.order, q.order, q.code),
    )


@dataclass(frozen=True)
class NotApplicableChange:
    """A question the baseline answered with a level that the follow-up marks not applicable."""

    question: Question
    baseline_level: int
    reason: str


def not_applicable_since_baseline(assessment: Assessment) -> list[NotApplicableChange]:
    baseline = assessment.baseline
    if baseline is None:
        return []
    before: dict[str, int] = {
        code: level
        for code, level in baseline.answers.values_list("question__code", "level")
        if level is not None
    }
    now = assessment.answers.filter(not_applicable=True).select_related("question__axis")
    changes = [
        NotApplicableChange(a.question, before[a.question.code], a.comment.strip())
        for a in now
        if a.question.code in before
    ]
    return sorted(changes, key=lambda c: (c.question.axis.order, c.question.order))


def answers_by_question(assessment: Assessment) -> dict[int, Answer]:
    answers = assessment.answers.annotate(evidence_count=Count("evidence")).prefetch_related(
        Prefetch("evidence")
    )
    return {a.question_id: a for a in answers}


@dataclass(frozen=True)
class AxisRow:
    axis: Axis
    score: float | None
    percent: int | None
    stage: Stage | None
    target: float | None
    gap: float | None
    answered: int
    not_applicable: int

    @property
    def shown_gap(self) -> Decimal | None:
        """The gap as printed beside the target and score: their shown difference."""
        return scoring.shown_gap(self.target, self.score)


@dataclass(frozen=True)
class AssessmentResult:
    rows: list[AxisRow]
    overall: float | None
    overall_percent: int | None
    overall_stage: Stage | None

    @property
    def has_scores(self) -> bool:
        return self.overall is not None


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """Scores computed live from the answers (so drafts preview), via ``scoring``.

    The core axes only: the overall score, the indicators and cohort comparisons never
    count a sector pack, so that PMEs of every sector compare (``assessment_pack_results``).
    """
    return _axes_result(assessment, axes_with_questions(assessment.framework_version))


@dataclass(frozen=True)
class PackResult:
    """A sector pack's own score in one diagnostic, shown apart from the core score."""

    pack: FrameworkVersion
    result: AssessmentResult


def assessment_pack_results(assessment: Assessment) -> list[PackResult]:
    version, sector = assessment.framework_version, assessment.company.sector
    axes = pack_axes_with_questions(version, sector)
    packs: dict[int, list[Axis]] = {}
    for axis in axes:
        packs.setdefault(axis.framework_version_id, []).append(axis)
    return [
        PackResult(pack=pack_axes[0].framework_version, result=_axes_result(assessment, pack_axes))
        for pack_axes in packs.values()
    ]


def _axes_result(assessment: Assessment, axes: list[Axis]) -> AssessmentResult:
    sector = assessment.company.sector
    answers = {a.question_id: a for a in assessment.answers.all()}
    inputs = [
        scoring.QuestionAnswer(
            axis=axis.code,
            weight=float(q.weight),
            level=answers[q.id].level if q.id in answers else None,
            not_applicable=answers[q.id].not_applicable if q.id in answers else False,
        )
        for axis in axes
        for q in axis.questions.all()
        if q.applies_to(sector)
    ]
    result = scoring.score({a.code: float(a.weight) for a in axes}, inputs)
    stages = {s.level: s for s in assessment.framework_version.stages.all()}
    targets = {t.axis_id: float(t.level) for t in assessment.targets.all()}
    rows = []
    for axis in axes:
        axis_result = result.axes[axis.code]
        value = axis_result.score
        stage = scoring.stage(value)
        rows.append(
            AxisRow(
                axis=axis,
                score=value,
                percent=scoring.percent(value),
                stage=stages.get(stage) if stage is not None else None,
                target=targets.get(axis.id),
                gap=scoring.gap(targets.get(axis.id), value),
                answered=axis_result.answered,
                not_applicable=axis_result.not_applicable,
            )
        )
    overall_stage = scoring.stage(result.overall)
    return AssessmentResult(
        rows=rows,
        overall=result.overall,
        overall_percent=scoring.percent(result.overall),
        overall_stage=stages.get(overall_stage) if overall_stage is not None else None,
    )


@dataclass(frozen=True)
class DmaRow:
    dimension: str
    label: str
    score: int | None
    answered: int
    mapped: int
    axes: list[Axis]


@dataclass(frozen=True)
class DmaReading:
    """A diagnostic on the EU DMA's six dimensions, as shown (docs/dma.md)."""

    rows: list[DmaRow]
    overall: int | None
    covered: int
    complete: bool

    @property
    def has_crosswalk(self) -> bool:
        return any(row.mapped for row in self.rows)


def assessment_dma(assessment: Assessment) -> DmaReading:
    """Computed live from the answers (``diagnostics.dma``), over the questions that apply."""
    return assessments_dma([assessment])[assessment.pk]


def assessments_dma(assessments: Sequence[Assessment]) -> dict[int, DmaReading]:
    """Many diagnostics' readings with a constant number of queries (the funder's workbook).

    The questions that apply are read once per framework version and sector, the answers of
    all the diagnostics in one query; what depends only on the version and the sector (the
    crosswalk over the questions that apply, each dimension's axes) is worked out once too.
    """
    shapes: dict[tuple[int, str], _DmaShape] = {}
    levels: dict[int, dict[str, int | None]] = {a.pk: {} for a in assessments}
    answers = Answer.objects.filter(assessment__in=list(levels), not_applicable=False)
    for assessment_id, code, level in answers.values_list(
        "assessment_id", "question__code", "level"
    ):
        levels[assessment_id][code] = level
    labels = {dimension: str(label) for dimension, label in DIMENSION_LABELS.items()}
    readings = {}
    for assessment in assessments:
        key = (assessment.framework_version_id, assessment.company.sector)
        if key not in shapes:
            shapes[key] = _dma_shape(assessment.framework_version, applicable_questions(assessment))
        shape = shapes[key]
        answered = {
            code: lvl for code, lvl in levels[assessment.pk].items() if code in shape.questions
        }
        readings[assessment.pk] = _dma_reading(shape, answered, labels)
    return readings


@dataclass(frozen=True)
class _DmaShape:
    """The DMA crosswalk of a version over the questions that apply to one sector."""

    questions: frozenset[str]
    crosswalk: dict[str, dict[str, float]]
    axes: dict[str, list[Axis]]  # dimension → the axes of the questions feeding it


def _dma_shape(version: FrameworkVersion, applicable: list[Question]) -> _DmaShape:
    by_code = {q.code: q for q in applicable}
    crosswalk = {
        dimension: {code: w for code, w in weights.items() if code in by_code}
        for dimension, weights in version.dma_crosswalk.items()
    }
    axes = {
        dimension: _axes_of([by_code[code] for code in weights])
        for dimension, weights in crosswalk.items()
    }
    return _DmaShape(frozenset(by_code), crosswalk, axes)


def _dma_reading(
    shape: _DmaShape, levels: dict[str, int | None], labels: dict[str, str]
) -> DmaReading:
    result = dma.dma_score(shape.crosswalk, levels)
    rows = [
        DmaRow(
            dimension=d.dimension,
            label=labels[d.dimension],
            score=dma.shown(d.score),
            answered=d.answered,
            mapped=d.mapped,
            axes=shape.axes.get(d.dimension, []),
        )
        for d in result.dimensions
    ]
    return DmaReading(rows, dma.shown(result.overall), result.covered, result.complete)


def _axes_of(questions: list[Question]) -> list[Axis]:
    axes = {q.axis_id: q.axis for q in questions}
    return sorted(axes.values(), key=lambda a: (a.order, a.code))


def to_decimal(value: float | None) -> Decimal | None:
    """A score as stored: unrounded to 8 decimals (display rounds it once, ``scoring.shown``)."""
    return None if value is None else Decimal(repr(value)).quantize(Decimal("1e-8"))


# Roadmaps and plans


@dataclass(frozen=True)
class UpliftRow:
    axis: Axis
    before: float | None
    after: float | None

    @property
    def uplift(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    baseline: Assessment
    follow_up: Assessment
    rows: list[UpliftRow]
    overall_before: float | None
    overall_after: float | None

    @property
    def overall_uplift(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return self.overall_after - self.overall_before


def company_comparison(assessments: QuerySet[Assessment]) -> Comparison | None:
    """T0 against the latest submitted T1 that follows it, axis by axis."""
    follow_up = (
        assessments.filter(kind=Assessment.Kind.FOLLOW_UP, baseline__isnull=False)
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("baseline")
        .order_by("-visit_date", "-created_at")
        .first()
    )
    if follow_up is None or follow_up.baseline is None:
        return None
    before, after = assessment_result(follow_up.baseline), assessment_result(follow_up)
    scores = {row.axis.id: row.score for row in before.rows}
    return Comparison(
        baseline=follow_up.baseline,
        follow_up=follow_up,
        rows=[UpliftRow(row.axis, scores.get(row.axis.id), row.score) for row in after.rows],
        overall_before=before.overall,
        overall_after=after.overall,
    )


# Audit trail


@dataclass(frozen=True)
class Change:
    at: datetime.datetime
    who: str
    subject: str
    field: str
    before: str
    after: str


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_changes(
    records: Iterable[Any], fields: list[str], subject: Callable[[Any], str]
) -> list[Change]:
    """Field-by-field changes between each historical record and the one before it."""
    changes = []
    for record in records:
        previous = record.prev_record
        who = (
            record.history_user.get_full_name() or record.history_user.username
            if (record.history_user)
            else str(_("system"))
        )
        if previous is None:
            continue
        for change in record.diff_against(previous, included_fields=fields).changes:
            label = record.instance_type._meta.get_field(change.field).verbose_name
            changes.append(
                Change(
                    record.history_date,
                    who,
                    subject(record),
                    str(label),
                    _shown(change.old),
                    _shown(change.new),
                )
            )
    return changes


def shared_since(assessment: Assessment) -> datetime.datetime | None:
    """When the diagnostic was first submitted: what its PME's managers may read changes from."""
    first = assessment.events.filter(to_status=Assessment.Status.SUBMITTED).order_by("at").first()
    return first.at if first else None


def assessment_history(assessment: Assessment, viewer: Viewer, limit: int = 100) -> list[Change]:
    """Who changed which answer or target of a diagnostic, when, from what to what.

    The consultants and staff read it all; the PME's managers only what changed after the
    diagnostic was first submitted to them (a draft's notes are the consultant's)."""
    questions = {q.id: q.code for q in applicable_questions(assessment)}
    axes = {a.id: a.name for a in assessment.framework_version.axes.all()}
    answers = Answer.history.filter(assessment_id=assessment.pk).select_related("history_user")
    targets = AxisTarget.history.filter(assessment_id=assessment.pk).select_related("history_user")
    fields = ["level", "not_applicable", "comment", "note"]
    if not rules.can_see_full_history(viewer, assessment):
        since = shared_since(assessment)
        if since is None:
            return []
        answers, targets = (
            answers.filter(history_date__gt=since),
            targets.filter(history_date__gt=since),
        )
        fields.remove("note")  # the consulting team's, never the PME's
    changes = history_changes(
        answers.order_by("-history_date")[: limit * 2],
        fields,
        lambda r: questions.get(r.question_id, "?"),
    ) + history_changes(
        targets.order_by("-history_date")[:limit],
        ["level"],
        lambda r: f"{_('Target')} · {axes.get(r.axis_id, '?')}",
    )
    return sorted(changes, key=lambda c: c.at, reverse=True)[:limit]


def clusters_importable_by(user: User | AnonymousUser) -> QuerySet[Cluster]:
    """Cluster staff import for their clusters; the coordinator and admins for any."""
    if sees_everything(user):
        return Cluster.objects.all()
    if Role.CLUSTER_STAFF in roles_of(user):
        return Cluster.objects.filter(Q(staff=user))
    return Cluster.objects.none()
