"""Writes of self-assessments and divergence notes. Views call these; nothing else saves."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import rules
from assessments.models import Assessment, Company
from assessments.selfassessment.models import DivergenceNote, SelfAnswer, SelfAssessment
from assessments.selfassessment.selectors import form_questions, self_missing
from diagnostics.models import MAX_LEVEL, Question
from diagnostics.selectors import framework_version_latest

MAX_NOTE = 4000


@transaction.atomic
def self_assessment_start(*, company: Company, by: User) -> SelfAssessment:
    """The company's self-assessment under way, or a new one on the latest framework."""
    if not rules.can_self_assess(by, company):
        raise PermissionDenied
    Company.objects.select_for_update().filter(pk=company.pk).first()
    draft = company.self_assessments.filter(status=SelfAssessment.Status.DRAFT).first()
    if draft is not None:
        return draft
    version = framework_version_latest()
    if version is None:
        raise ValidationError(_("No framework is published yet."))
    return SelfAssessment.objects.create(company=company, framework_version=version, started_by=by)


def _editable(self_assessment: SelfAssessment, by: User) -> SelfAssessment:
    if not rules.can_self_assess(by, self_assessment.company):
        raise PermissionDenied
    locked = SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)
    if not locked.is_editable:
        raise ValidationError(_("This self-assessment is submitted: it can no longer change."))
    return locked


@transaction.atomic
def self_answer_record(
    *,
    self_assessment: SelfAssessment,
    question: Question,
    by: User,
    level: int | None,
    not_applicable: bool = False,
) -> SelfAnswer:
    self_assessment = _editable(self_assessment, by)
    if question.pk not in {q.pk for q in form_questions(self_assessment)}:
        raise ValidationError(_("This question is not part of this self-assessment."))
    if level is not None and not 0 <= level <= MAX_LEVEL:
        raise ValidationError(_("A level is a whole number from 0 to 5."))
    answer, _created = SelfAnswer.objects.get_or_create(
        self_assessment=self_assessment, question=question
    )
    answer.level = None if not_applicable else level
    answer.not_applicable = not_applicable
    answer.updated_at = timezone.now()
    answer.save(update_fields=["level", "not_applicable", "updated_at"])
    return answer


@transaction.atomic
def self_assessment_submit(*, self_assessment: SelfAssessment, by: User) -> SelfAssessment:
    """Submit a complete self-assessment; refuse it with the list of what is missing."""
    self_assessment = _editable(self_assessment, by)
    missing = self_missing(self_assessment)
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)s question is not answered yet: %(codes)s",
                "%(count)s questions are not answered yet: %(codes)s",
                len(missing),
            )
            % {"count": len(missing), "codes": ", ".join(q.code for q in missing)},
            code="incomplete",
        )
    self_assessment.status = SelfAssessment.Status.SUBMITTED
    self_assessment.submitted_at = timezone.now()
    self_assessment.save(update_fields=["status", "submitted_at"])
    return self_assessment


@transaction.atomic
def divergence_note_record(
    *, assessment: Assessment, question: Question, note: str, by: User
) -> DivergenceNote | None:
    """Store (or clear, when empty) the note on a question the two views disagree on."""
    if not rules.can_note_divergence(by, assessment):
        raise PermissionDenied
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_editable:
        raise ValidationError(_("This diagnostic is no longer a draft: answers are read-only."))
    if question.axis.framework_version_id != assessment.framework_version_id:
        raise ValidationError(_("This question is not part of this diagnostic's framework."))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("A note holds at most %(max)s characters.") % {"max": MAX_NOTE}, code="too_long"
        )
    if not note:
        DivergenceNote.objects.filter(assessment=assessment, question=question).delete()
        return None
    row, _created = DivergenceNote.objects.update_or_create(
        assessment=assessment,
        question=question,
        defaults={"note": note, "written_by": by, "written_at": timezone.now()},
    )
    return row
