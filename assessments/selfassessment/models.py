"""The PME manager's own view of the company, kept apart from the consultant's diagnostics.

A separate model on purpose: no indicator, cohort figure or "diagnostic" count reads these
tables, so a self-assessment can never be counted as a diagnostic.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import Assessment, Company
from diagnostics.models import MAX_LEVEL, FrameworkVersion, Question


class SelfAssessment(models.Model):
    class Status(models.TextChoices):
        # French and Arabic agree with « auto-évaluation » (feminine): « soumise ».
        DRAFT = "draft", pgettext_lazy("self-assessment status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("self-assessment status", "Submitted")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("company"),
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("framework version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["company", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status="draft"),
                name="assessments_selfassessment_one_draft",
                violation_error_message=_("This company already has a self-assessment under way."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:self_assessment", args=[self.company.code])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class SelfAnswer(models.Model):
    self_assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("self-assessment"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        ordering = ["self_assessment", "question__axis__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "question"],
                name="assessments_selfanswer_unique",
                violation_error_message=_("This question is already answered."),
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=MAX_LEVEL),
                name="assessments_selfanswer_level_range",
                violation_error_message=_("A level lies between 0 and 5."),
            ),
            models.CheckConstraint(
                condition=~(Q(not_applicable=True) & Q(level__isnull=False)),
                name="assessments_selfanswer_na_has_no_level",
                violation_error_message=_(
                    "An answer is either a level or “not applicable”, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {'N/A' if self.not_applicable else self.level}"

    @property
    def is_answered(self) -> bool:
        return self.not_applicable or self.level is not None


class DivergenceNote(models.Model):
    """What the consultant and the manager said about a question they see two levels apart."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="divergence_notes",
        verbose_name=_("diagnostic"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    note = models.TextField(_("discussion note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("divergence note")
        verbose_name_plural = _("divergence notes")
        ordering = ["assessment", "question__axis__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                name="assessments_divergencenote_unique",
                violation_error_message=_("This question already has a divergence note."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.question.code}"
