"""Writes to PMEs and diagnostics. Views, commands and tasks call these; nothing else saves."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import evidence_files, rules
from assessments.accompaniment.services import targets_propose_on_submission
from assessments.models import (
    Answer,
    Assessment,
    AssessmentEvent,
    AxisScore,
    AxisTarget,
    Company,
    Evidence,
)
from assessments.notifications.services import notification_enqueue
from assessments.selectors import (
    assessment_result,
    diagnostic_version_ids,
    diagnostic_versions,
    missing_questions,
    to_decimal,
    unexplained_not_applicable,
)
from assessments.selfassessment.selectors import undiscussed_divergences
from diagnostics.models import MAX_LEVEL, Axis, FrameworkVersion, Question
from diagnostics.selectors import framework_version_latest

DEFAULT_TARGET = Decimal(3)


class AnswerConflict(ValidationError):
    """Someone else saved this answer since the user loaded it."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(_("Someone else changed this answer in the meantime."), code="conflict")
        self.answer = answer


@transaction.atomic
def company_create(*, by: User, **fields: Any) -> Company:
    consultants = fields.pop("consultants", None)
    managers = fields.pop("managers", None)
    company = Company(**fields)
    if company.cluster_id is not None and not rules.can_create_company_in(by, company.cluster):
        raise ValidationError(
            {"cluster": _("You may register a PME only in a cluster you work in.")},
            code="cluster",
        )
    _ensure_may_assign(by, company, consultants=consultants, managers=managers)
    company.full_clean()
    company.save()
    if consultants is not None:
        company.consultants.set(consultants)
    if rules.is_consultant(by):  # who registers a PME follows it
        company.consultants.add(by)
    if managers is not None:
        company.managers.set(managers)
    return company


@transaction.atomic
def company_update(*, company: Company, by: User, reason: str = "", **fields: Any) -> Company:
    """Change a PME. Its people and its cluster widen or narrow who sees it: they have rules
    of their own (``rules.can_assign_people``, ``rules.can_move_company``, with a reason)."""
    consultants = fields.pop("consultants", None)
    managers = fields.pop("managers", None)
    _ensure_may_assign(by, company, consultants=consultants, managers=managers)
    cluster = fields.get("cluster")
    # A model form has already put the new cluster on the instance: compare with the stored one.
    stored = Company.objects.filter(pk=company.pk).values_list("cluster_id", flat=True).first()
    if cluster is not None and cluster.pk != stored:
        if not rules.can_move_company(by, company):
            raise PermissionDenied(
                _("Only the programme coordinator moves a PME to another cluster.")
            )
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Say why the PME moves to another cluster: it is recorded.")},
                code="reason",
            )
        company._change_reason = reason.strip()  # type: ignore[attr-defined]
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    company.save(update_fields=list(fields) or None)
    if consultants is not None:
        company.consultants.set(consultants)
    if managers is not None:
        company.managers.set(managers)
    return company


def _ensure_may_assign(by: User, company: Company, *, consultants: Any, managers: Any) -> None:
    """Only the cluster's staff and the coordinator change who follows or reads a PME; a
    consultant registering a PME is assigned to it, nothing more."""
    if company.pk:
        current = (set(company.consultants.all()), set(company.managers.all()))
        assigned: set[User] = set()
    else:
        assigned = {by} if rules.is_consultant(by) else set()
        current = (assigned, set())
    wanted = (
        set(consultants) | assigned if consultants is not None else current[0],
        set(managers) if managers is not None else current[1],
    )
    if wanted != current and not rules.can_assign_people(by, company):
        raise PermissionDenied(
            _("Only the cluster's staff or the coordinator assign consultants and managers.")
        )


@transaction.atomic
def assessment_start(
    *,
    company: Company,
    consultant: User,
    visit_date: datetime.date,
    kind: str = Assessment.Kind.BASELINE,
    framework_version: FrameworkVersion | None = None,
    baseline: Assessment | None = None,
) -> Assessment:
    """Open a draft diagnostic pinned to a published framework version.

    A follow-up (T1) reuses its baseline's framework version and targets, so
    that T0 and T1 compare like with like.
    """
    if kind == Assessment.Kind.FOLLOW_UP:
        baseline = baseline or _latest_baseline(company)
        if baseline is None:
            raise ValidationError(
                _("A follow-up diagnostic needs a submitted baseline (T0) for this PME.")
            )
        framework_version = baseline.framework_version
    framework_version = framework_version or framework_version_latest()
    if framework_version is None or not framework_version.is_published:
        raise ValidationError(_("No published framework version is available."))
    assessment = Assessment(
        company=company,
        framework_version=framework_version,
        kind=kind,
        baseline=baseline,
        consultant=consultant,
        visit_date=visit_date,
    )
    assessment.full_clean()
    assessment.save()
    previous = {t.axis_id: t.level for t in baseline.targets.all()} if baseline else {}
    # A target per axis the diagnostic answers: the core's and its sector packs' (the packs'
    # targets only steer the roadmap; no score compared across PMEs reads them).
    AxisTarget.objects.bulk_create(
        AxisTarget(assessment=assessment, axis=axis, level=previous.get(axis.id, DEFAULT_TARGET))
        for axis in Axis.objects.filter(
            framework_version__in=diagnostic_versions(assessment)
        ).order_by("framework_version_id", "order")
    )
    return assessment


def _latest_baseline(company: Company) -> Assessment | None:
    return (
        company.assessments.filter(kind=Assessment.Kind.BASELINE)
        .exclude(status=Assessment.Status.DRAFT)
        .order_by("-visit_date", "-created_at")
        .first()
    )


def _ensure_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ValidationError(
            _("This diagnostic is %(status)s and can no longer be changed. Reopen it first.")
            % {"status": assessment.get_status_display().lower()}
        )


@transaction.atomic
def answer_record(
    *,
    assessment: Assessment,
    question: Question,
    by: User,
    level: int | None = None,
    not_applicable: bool = False,
    comment: str | None = None,
    note: str | None = None,
    expected_revision: int | None = None,
    own_changes_conflict: bool = True,
) -> Answer:
    """Save one answer as it is given. ``comment=None`` (``note=None``) keeps the stored one.

    With ``expected_revision``, the answer must not have changed since the caller
    read it: otherwise ``AnswerConflict`` carries the stored answer, so that the
    user can choose between theirs and the other person's. The questionnaire passes
    ``own_changes_conflict=False``: revisions saved since by the same user (a save
    whose reply was lost, then resent with a newer choice) are no conflict with
    someone else. The API keeps the strict rule its schema documents.
    """
    stored = _lock_for_answer(assessment, question)
    _ensure_editable(assessment)
    if not _in_framework(assessment, question):
        raise ValidationError(_("This question is not part of this diagnostic's framework."))
    if level is not None and not 0 <= level <= MAX_LEVEL:
        raise ValidationError(_("A level is a whole number from 0 to 5."))
    if not_applicable:
        level = None
    if stored is None:
        answer, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    else:
        answer = stored
    if expected_revision is not None and answer.revision != expected_revision:
        unchanged = (
            (answer.level, answer.not_applicable) == (level, not_applicable)
            and (comment is None or comment == answer.comment)
            and (note is None or note == answer.note)
        )
        if unchanged:  # a resent save whose first reply was lost: nothing to reconcile
            return answer
        if own_changes_conflict or _changed_by_another(answer, since=expected_revision, by=by):
            raise AnswerConflict(answer)
    answer.revision += 1
    answer.level = level
    answer.not_applicable = not_applicable
    if comment is not None:
        answer.comment = comment
    if note is not None:
        answer.note = note
    answer.updated_by = by  # type: ignore[assignment]
    answer.updated_at = timezone.now()
    answer.save(
        update_fields=[
            "level",
            "not_applicable",
            "comment",
            "note",
            "updated_by",
            "updated_at",
            "revision",
        ]
    )
    return answer


def _lock_for_answer(assessment: Assessment, question: Question) -> Answer | None:
    """Lock the diagnostic's row (its saves and its submission take turns) and read its status
    again; with the stored answer's row, if any, in the same query.

    Only the status is read again: the rest of the caller's row does not change in a draft.
    """
    answers = Answer.objects.select_for_update().annotate(diagnostic_status=F("assessment__status"))
    try:  # FOR UPDATE over the join: the answer's row and the diagnostic's, nothing else
        answer = answers.get(assessment=assessment, question=question)
    except Answer.DoesNotExist:
        locked = Assessment.objects.select_for_update().filter(pk=assessment.pk)
        assessment.status = locked.values_list("status", flat=True).get()
        return None
    assessment.status = answer.diagnostic_status  # type: ignore[attr-defined]
    answer.assessment, answer.question = assessment, question
    return answer


def _in_framework(assessment: Assessment, question: Question) -> bool:
    """Whether ``question`` is asked by the diagnostic: its core version's (no query) or one
    of the sector packs that apply to the PME."""
    version = question.axis.framework_version_id
    if version == assessment.framework_version_id:
        return True
    return version in diagnostic_version_ids(assessment)


def _changed_by_another(answer: Answer, *, since: int, by: User) -> bool:
    """Whether someone other than ``by`` saved ``answer`` after its revision ``since``.

    A revision missing from the history counts as someone else's.
    """
    if since > answer.revision:
        return True
    later = Answer.history.filter(id=answer.pk, revision__gt=since)
    if later.exclude(updated_by=by).exists():
        return True
    return later.values("revision").distinct().count() < answer.revision - since


@transaction.atomic
def targets_set(*, assessment: Assessment, levels: dict[int, Decimal]) -> None:
    """Set the PME's target level per axis (keys are axis ids)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_editable(assessment)
    for target in assessment.targets.select_related("axis"):
        if target.axis_id in levels:
            value = levels[target.axis_id]
            if not 0 <= value <= MAX_LEVEL:
                raise ValidationError(
                    _("The target for %(axis)s must be between 0 and 5.")
                    % {"axis": target.axis.name}
                )
            target.level = value
            target.save(update_fields=["level"])


def _move(assessment: Assessment, to: str, by: User, reason: str = "") -> Assessment:
    AssessmentEvent.objects.create(
        assessment=assessment, from_status=assessment.status, to_status=to, by=by, reason=reason
    )
    assessment.status = to
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Submit a complete draft and store its scores; refuse it with the list of what is missing."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_editable(assessment)
    missing = missing_questions(assessment)
    if missing:
        codes = ", ".join(q.code for q in missing[:20])
        more = len(missing) - 20
        message = ngettext(
            "%(count)s question is not answered yet: %(codes)s",
            "%(count)s questions are not answered yet: %(codes)s",
            len(missing),
        ) % {
            "count": len(missing),
            "codes": codes + (f" (+{more})" if more > 0 else ""),
        }
        raise ValidationError(message, code="incomplete", params={"missing": missing})
    unexplained = unexplained_not_applicable(assessment)
    if unexplained:  # N/A leaves a question out of the score: it needs a reason, T1 above all
        raise ValidationError(
            ngettext(
                "Say in the comment why this question does not apply: %(codes)s",
                "Say in the comment why these questions do not apply: %(codes)s",
                len(unexplained),
            )
            % {"codes": ", ".join(q.code for q in unexplained)},
            code="not_applicable_unexplained",
        )
    undiscussed = undiscussed_divergences(assessment)
    if undiscussed:  # two levels apart from the manager's own view: discussed, and noted
        raise ValidationError(
            ngettext(
                "The manager's self-assessment is two levels or more from yours on this "
                "question: note what you discussed before submitting: %(codes)s",
                "The manager's self-assessment is two levels or more from yours on these "
                "questions: note what you discussed before submitting: %(codes)s",
                len(undiscussed),
            )
            % {"codes": ", ".join(q.code for q in undiscussed)},
            code="divergence_undiscussed",
        )
    result = assessment_result(assessment)
    AxisScore.objects.filter(assessment=assessment).delete()
    AxisScore.objects.bulk_create(
        AxisScore(
            assessment=assessment,
            axis=row.axis,
            score=to_decimal(row.score),
            answered=row.answered,
            not_applicable=row.not_applicable,
        )
        for row in result.rows
    )
    _move(assessment, Assessment.Status.SUBMITTED, by)
    assessment.overall_score = to_decimal(result.overall)
    assessment.scores_exact = True
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "overall_score", "scores_exact", "submitted_at"])
    targets_propose_on_submission(assessment=assessment, by=by)
    notification_enqueue(kind="diagnostic_submitted", object_id=assessment.pk)
    return assessment


@transaction.atomic
def assessment_validate(*, assessment: Assessment, by: User) -> Assessment:
    from assessments.tasks import assessment_notify_managers

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted diagnostic can be validated."))
    _move(assessment, Assessment.Status.VALIDATED, by)
    assessment.validated_at = timezone.now()
    assessment.save(update_fields=["status", "validated_at"])
    transaction.on_commit(
        lambda: assessment_notify_managers.delay(assessment_id=assessment.pk), robust=True
    )
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Bring a submitted or validated diagnostic back to draft; the reason is kept."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.DRAFT:
        raise ValidationError(_("This diagnostic is already a draft."))
    if not reason.strip():
        raise ValidationError(_("Say why the diagnostic is reopened."))
    _move(assessment, Assessment.Status.DRAFT, by, reason.strip())
    assessment.overall_score = None
    assessment.scores_exact = False
    assessment.submitted_at = None
    assessment.validated_at = None
    assessment.save(
        update_fields=["status", "overall_score", "scores_exact", "submitted_at", "validated_at"]
    )
    AxisScore.objects.filter(assessment=assessment).delete()
    return assessment


def assessment_mark_notified(*, assessment: Assessment) -> None:
    assessment.notified_at = timezone.now()
    assessment.save(update_fields=["notified_at"])


def answer_for_evidence(*, assessment: Assessment, question: Question) -> Answer:
    """The answer row evidence hangs on, created empty if the level is not given yet."""
    _ensure_editable(Assessment.objects.get(pk=assessment.pk))
    answer, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    return answer


@transaction.atomic
def evidence_add(*, answer: Answer, upload: UploadedFile, by: User) -> Evidence:
    _ensure_editable(Assessment.objects.select_for_update().get(pk=answer.assessment_id))
    evidence = Evidence(
        answer=answer,
        original_name=(upload.name or "file")[:255],
        size=upload.size or 0,
        uploaded_by=by,
    )
    with evidence_files.upload_stored(evidence.file, upload) as content_type:
        evidence.content_type = content_type or ""
        evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    _ensure_editable(Assessment.objects.select_for_update().get(pk=evidence.answer.assessment_id))
    evidence.file.delete(save=False)
    evidence.delete()
