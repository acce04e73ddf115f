"""Generated documents: PDF roadmaps, with their rendering state and versions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Cluster
from reports.monitoring.models import Period

__all__ = ["Report"]


class Report(models.Model):
    """One version of a diagnostic's PDF roadmap, or of a cluster's quarterly S&E brief.

    Regenerating creates a new version; earlier files are kept. The file lives
    under ``DATA_DIR/reports`` and is served only through a permission-checked view.
    """

    class Kind(models.TextChoices):
        ROADMAP = "roadmap", _("PDF roadmap")
        SE_BRIEF = "se_brief", _("Quarterly S&E brief")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        ARABIC = "ar", _("Arabic")

    class Edition(models.TextChoices):
        MANAGER = "manager", _("Manager edition")
        DETAILED = "detailed", _("Detailed edition")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROADMAP)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("diagnostic"),
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="briefs",
        verbose_name=_("cluster"),
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs",
        verbose_name=_("period"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    edition = models.CharField(
        _("edition"), max_length=10, choices=Edition.choices, default=Edition.MANAGER
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("reason of the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("rendering attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("rendering started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.CharField(
        _("file (relative to the reports directory)"), max_length=200, blank=True
    )
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
        ordering = ["assessment", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language", "version"],
                condition=Q(kind="roadmap"),
                name="reports_report_version_unique",
                violation_error_message=_("This version of the report already exists."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "period", "language", "version"],
                condition=Q(kind="se_brief"),
                name="reports_report_brief_version_unique",
                violation_error_message=_("This version of the brief already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="roadmap") | Q(assessment__isnull=False),
                name="reports_report_roadmap_has_assessment",
                violation_error_message=_("A roadmap report belongs to a diagnostic."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="se_brief") | Q(cluster__isnull=False, period__isnull=False),
                name="reports_report_brief_has_scope",
                violation_error_message=_("A brief names its cluster and its period."),
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="reports_report_version_pos",
                violation_error_message=_("Versions start at 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(file="") & ~Q(checksum="")),
                name="reports_report_ready_has_file",
                violation_error_message=_("A ready report has its file and its checksum."),
            ),
        ]

    def __str__(self) -> str:
        subject = self.assessment if self.kind == self.Kind.ROADMAP else self.cluster
        return f"{subject} · {self.language} v{self.version}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
