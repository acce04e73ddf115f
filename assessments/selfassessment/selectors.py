"""Reads of self-assessments, and of the manager's view beside a consultant's diagnostic."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from assessments import rules, scoring
from assessments.models import Assessment, Company
from assessments.roles import Role, roles_of
from assessments.rules import Viewer
from assessments.selectors import (
    AssessmentResult,
    applicable_questions,
    assessment_result,
    companies_visible_to,
)
from assessments.selfassessment.divergence import Pair
from assessments.selfassessment.models import DivergenceNote, SelfAnswer, SelfAssessment
from diagnostics.models import Axis, FrameworkVersion, Question
from diagnostics.selectors import axes_with_questions


def self_assessments_visible_to(user: Viewer) -> QuerySet[SelfAssessment]:
    """The PME's managers see theirs, drafts included; whoever sees the PME, the submitted ones."""
    visible = SelfAssessment.objects.select_related("company", "framework_version").filter(
        company__in=companies_visible_to(user)
    )
    scope = Q(status=SelfAssessment.Status.SUBMITTED)
    if Role.PME_MANAGER in roles_of(user):
        scope |= Q(company__managers=user)
    return visible.filter(scope).distinct()


def self_assessment_current(company: Company, user: Viewer) -> SelfAssessment | None:
    """The draft under way if the user may see it, else the last submitted one."""
    mine = self_assessments_visible_to(user).filter(company=company)
    draft = mine.filter(status=SelfAssessment.Status.DRAFT).first()
    return draft or _last_submitted(mine)


def _last_submitted(rows: QuerySet[SelfAssessment]) -> SelfAssessment | None:
    return rows.filter(status=SelfAssessment.Status.SUBMITTED).order_by("-submitted_at").first()


def form_axes(version: FrameworkVersion, sector: str) -> list[tuple[Axis, list[Question]]]:
    """The questions a manager answers: the framework's short form, or all if it marks none."""
    axes = axes_with_questions(version, descriptors=True)
    marked = any(q.short_form for axis in axes for q in axis.questions.all())
    rows = []
    for axis in axes:
        questions = [
            q for q in axis.questions.all() if q.applies_to(sector) and (q.short_form or not marked)
        ]
        if questions:
            rows.append((axis, questions))
    return rows


def form_questions(self_assessment: SelfAssessment) -> list[Question]:
    axes = form_axes(self_assessment.framework_version, self_assessment.company.sector)
    return [q for _axis, questions in axes for q in questions]


def self_answers_by_question(self_assessment: SelfAssessment) -> dict[int, SelfAnswer]:
    return {a.question_id: a for a in self_assessment.answers.all()}


def self_missing(self_assessment: SelfAssessment) -> list[Question]:
    answered = self_answers_by_question(self_assessment)
    return [
        q
        for q in form_questions(self_assessment)
        if q.id not in answered or not answered[q.id].is_answered
    ]


@dataclass(frozen=True)
class Beside:
    """One question, the consultant's level beside the manager's."""

    question: Question
    pair: Pair
    manager_not_applicable: bool
    note: DivergenceNote | None


@dataclass(frozen=True)
class AxisBeside:
    axis: Axis
    consultant: float | None
    manager: float | None

    @property
    def difference(self) -> float | None:
        """The manager's score minus the consultant's: above zero, the manager sees more."""
        if self.consultant is None or self.manager is None:
            return None
        return self.manager - self.consultant

    @property
    def consultant_shown(self) -> object:
        return scoring.shown(self.consultant)

    @property
    def manager_shown(self) -> object:
        return scoring.shown(self.manager)


@dataclass(frozen=True)
class SelfView:
    """The manager's self-assessment as it bears on one diagnostic.

    Its per-axis scores are computed when first read: a page of questions shows only the
    manager's answers, the results page and the report the axes too."""

    self_assessment: SelfAssessment
    by_question: dict[int, Beside]
    axes_of: Callable[[], list[AxisBeside]]

    @functools.cached_property
    def axes(self) -> list[AxisBeside]:
        return self.axes_of()

    @property
    def divergences(self) -> list[Beside]:
        return [row for row in self.by_question.values() if row.pair.diverges]

    @property
    def undiscussed(self) -> list[Beside]:
        return [row for row in self.divergences if row.note is None or not row.note.note.strip()]


def self_assessment_for(assessment: Assessment) -> SelfAssessment | None:
    """The managers' last submitted self-assessment before this diagnostic, if any.

    A follow-up is set beside a self-assessment made since its baseline was submitted, not
    beside the one the baseline already discussed.
    """
    rows = SelfAssessment.objects.filter(company_id=assessment.company_id)
    since = (
        Assessment.objects.filter(follow_ups=assessment)
        .values_list("submitted_at", flat=True)
        .first()
    )
    if since is not None:
        rows = rows.filter(submitted_at__gt=since)
    same_version = rows.filter(framework_version_id=assessment.framework_version_id)
    return _last_submitted(same_version) or _last_submitted(rows)


def self_view(assessment: Assessment, result: AssessmentResult | None = None) -> SelfView | None:
    """Per question and per axis, the manager's view beside the consultant's; None without one.

    ``result``: the diagnostic's ``assessment_result``, when the caller has it already."""
    mine = self_assessment_for(assessment)
    if mine is None:
        return None
    theirs = {a.question.code: a for a in mine.answers.select_related("question")}
    answers = {a.question_id: a for a in assessment.answers.all()}
    notes = {n.question_id: n for n in assessment.divergence_notes.all()}
    rows: dict[int, Beside] = {}
    for q in applicable_questions(assessment):
        self_answer = theirs.get(q.code)
        if self_answer is None or not self_answer.is_answered:
            continue
        answer = answers.get(q.id)
        rows[q.id] = Beside(
            question=q,
            pair=Pair(answer.level if answer else None, self_answer.level),
            manager_not_applicable=self_answer.not_applicable,
            note=notes.get(q.id),
        )
    answered = list(theirs.values())
    return SelfView(
        mine,
        rows,
        lambda: _axes_beside(result or assessment_result(assessment), answered),
    )


def _axes_beside(result: AssessmentResult, theirs: list[SelfAnswer]) -> list[AxisBeside]:
    axes = [row.axis for row in result.rows]
    codes = {q.id: axis.code for axis in axes for q in axis.questions.all()}
    by_code = {q.code: q for axis in axes for q in axis.questions.all()}
    inputs = [
        scoring.QuestionAnswer(
            axis=codes[by_code[a.question.code].id],
            weight=float(by_code[a.question.code].weight),
            level=a.level,
            not_applicable=a.not_applicable,
        )
        for a in theirs
        if a.question.code in by_code
    ]
    manager = scoring.score({a.code: float(a.weight) for a in axes}, inputs)
    return [
        AxisBeside(row.axis, row.score, manager.axes[row.axis.code].score) for row in result.rows
    ]


def undiscussed_divergences(assessment: Assessment) -> list[Question]:
    view = self_view(assessment)
    return [] if view is None else [row.question for row in view.undiscussed]


def self_view_for_reader(
    user: Viewer, assessment: Assessment, result: AssessmentResult | None = None
) -> SelfView | None:
    """The manager's view beside the diagnostic, for whoever may read the self-assessment."""
    if not rules.can_read_self_assessment(user, assessment.company):
        return None
    return self_view(assessment, result)


def self_assessments_to_do(user: Viewer) -> list[tuple[Company, SelfAssessment | None]]:
    """The companies whose self-assessment this user answers, each with its current one.

    ``rules.can_self_assess`` as a queryset (the PME's managers, their own companies), and
    the current self-assessments in one query: a home page costs the same however many PMEs
    the user sees."""
    if Role.PME_MANAGER not in roles_of(user):
        return []
    companies = list(companies_visible_to(user).filter(managers=user.pk).order_by("name"))
    drafts: dict[int, SelfAssessment] = {}
    submitted: dict[int, SelfAssessment] = {}
    rows = self_assessments_visible_to(user).filter(company__in=companies)
    for row in rows.order_by("-submitted_at", "pk"):
        if row.status == SelfAssessment.Status.DRAFT:
            drafts.setdefault(row.company_id, row)
        elif row.status == SelfAssessment.Status.SUBMITTED:
            submitted.setdefault(row.company_id, row)
    return [(c, drafts.get(c.pk) or submitted.get(c.pk)) for c in companies]
