"""Programmes: each funder's logframe, periods, clusters and cohort of PMEs, side by side."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Cluster, Company, validate_plausible_date
from diagnostics.models import Translated


class Programme(Translated):
    """A programme (a funder's): its logframe, periods and activities hang on it.

    ``open_to_all`` is the install's own programme, as before programmes existed: every
    cluster, PME and coordinator takes part. A funder's programme lists its clusters, its
    cohort (``Participation``) and its coordinators.
    """

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    start = models.DateField(
        _("start"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end = models.DateField(_("end"), null=True, blank=True, validators=[validate_plausible_date])
    open_to_all = models.BooleanField(
        _("open to the whole install"),
        default=False,
        help_text=_("Every cluster, PME and coordinator takes part, without being listed."),
    )
    clusters = models.ManyToManyField(
        Cluster, blank=True, related_name="programmes", verbose_name=_("clusters taking part")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("coordinators"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["start", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lte=models.F("end")),
                name="reports_programme_dates",
                violation_error_message=_("A programme ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_fr

    @property
    def name(self) -> str:
        return self.tr("name")


class Participation(models.Model):
    """A PME in a programme's cohort; a PME may take part in several programmes."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("programme"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("PME"),
    )
    joined_on = models.DateField(_("joined on"), validators=[validate_plausible_date])
    left_on = models.DateField(
        _("left on"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["programme", "company"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company"],
                name="reports_participation_unique",
                violation_error_message=_("This PME already takes part in this programme."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="reports_participation_dates",
                violation_error_message=_("A PME leaves a programme on or after it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.company}"
