"""The maturity framework: versioned data, never gettext.

Text lives in ``<field>_fr`` / ``<field>_en`` columns; ``tr()`` picks the active
language and falls back to French, so adding a language is adding columns.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from diagnostics.codes import CodeListValidator

MAX_LEVEL = 5
LEVELS = range(0, MAX_LEVEL + 1)


def applies_to_sector(sectors: list[str], sector: str) -> bool:
    """Whether a question limited to ``sectors`` (none: every sector) is asked of ``sector``."""
    return not sectors or sector in sectors


class FallbackText(str):
    """Framework text shown in another language than the page's (French, when the
    Arabic is not provided yet): it carries its ``lang`` so templates can mark it."""

    lang = "fr"


class Translated(models.Model):
    class Meta:
        abstract = True

    def tr(self, field: str) -> str:
        lang = (translation.get_language() or "fr").split("-")[0]
        text = getattr(self, f"{field}_{lang}", "")
        if text or lang == "fr":
            return text or getattr(self, f"{field}_fr")
        french = getattr(self, f"{field}_fr")
        return FallbackText(french) if french else french


class Framework(Translated):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.tr("name")


class FrameworkVersion(Translated):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="versions", verbose_name=_("framework")
    )
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    checksum = models.CharField(_("source checksum"), max_length=64, blank=True)
    # How the roadmap's priority score weighs its components ({} = the defaults).
    priority_weights = models.JSONField(_("priority weights"), default=dict, blank=True)
    # Our questions → the EU DMA's dimensions ({dimension: {question code: weight}}), a
    # reading lens outside the checksum (diagnostics/crosswalk.py, docs/dma.md).
    dma_crosswalk = models.JSONField(_("EU DMA crosswalk"), default=dict, blank=True)
    # A sector pack (diagnostics/packs.py) extends one core version for the PMEs of its
    # sectors; a core version extends nothing and names no sector.
    extends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="packs",
        verbose_name=_("sector pack of"),
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, validators=[CodeListValidator("sector")]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__code", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"],
                name="diagnostics_version_unique",
                violation_error_message=_("This framework already has this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_pack(self) -> bool:
        return self.extends_id is not None

    @property
    def description(self) -> str:
        return self.tr("description")


class Stage(Translated):
    """The name of a maturity level (0–5) in one framework version."""

    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("framework version"),
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(MAX_LEVEL)])
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ar = models.CharField(_("name (Arabic)"), max_length=80, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["framework_version", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "level"],
                name="diagnostics_stage_unique",
                violation_error_message=_("This level already has a stage."),
            ),
            models.CheckConstraint(
                condition=Q(level__lte=MAX_LEVEL),
                name="diagnostics_stage_level_range",
                violation_error_message=_("A stage's level lies between 0 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.name_fr}"

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def description(self) -> str:
        return self.tr("description")


class Axis(Translated):
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.CASCADE,
        related_name="axes",
        verbose_name=_("framework version"),
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["framework_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "code"],
                name="diagnostics_axis_unique",
                violation_error_message=_("Another axis of this version has this code."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="diagnostics_axis_weight_pos",
                violation_error_message=_("An axis weighs more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def description(self) -> str:
        return self.tr("description")

    @property
    def pack(self) -> FrameworkVersion | None:
        """The sector pack this axis belongs to (None for a core axis)."""
        version = self.framework_version
        return version if version.extends_id is not None else None


class Question(Translated):
    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, related_name="questions", verbose_name=_("axis")
    )
    code = models.CharField(_("code"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    text_fr = models.TextField(_("question (French)"))
    text_en = models.TextField(_("question (English)"))
    text_ar = models.TextField(_("question (Arabic)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    help_ar = models.TextField(_("help (Arabic)"), blank=True)
    # Sector modules: an empty list means the question applies to every sector.
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    # Levels at or above this one need evidence attached (None: never required).
    evidence_from_level = models.PositiveSmallIntegerField(
        _("evidence required from level"), null=True, blank=True
    )
    # The PME's self-assessment asks these (none marked: every question).
    short_form = models.BooleanField(_("in the short form"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["axis__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "code"],
                name="diagnostics_question_unique",
                violation_error_message=_("Another question of this axis has this code."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="diagnostics_question_weight_pos",
                violation_error_message=_("A question weighs more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return self.tr("text")

    @property
    def help(self) -> str:
        return self.tr("help")

    def applies_to(self, sector: str) -> bool:
        return applies_to_sector(self.sectors, sector)


class LevelDescriptor(Translated):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("question")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(MAX_LEVEL)])
    text_fr = models.TextField(_("descriptor (French)"))
    text_en = models.TextField(_("descriptor (English)"))
    text_ar = models.TextField(_("descriptor (Arabic)"), blank=True)

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "level"],
                name="diagnostics_descriptor_unique",
                violation_error_message=_("This level of the question is already described."),
            ),
            models.CheckConstraint(
                condition=Q(level__lte=MAX_LEVEL),
                name="diagnostics_descriptor_level_range",
                violation_error_message=_("A descriptor's level lies between 0 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}:{self.level}"

    @property
    def text(self) -> str:
        return self.tr("text")


MAX_URGENCY = 3
RANGES = (
    ("capex_min_mad", "capex_max_mad", _("The capex range's low end is above its high end.")),
    ("opex_min_mad", "opex_max_mad", _("The opex range's low end is above its high end.")),
    (
        "internal_days_min",
        "internal_days_max",
        _("The internal days' low end is above their high end."),
    ),
    (
        "payback_months_min",
        "payback_months_max",
        _("The payback range's low end is above its high end."),
    ),
)


class Action(Translated):
    """An improvement action of the library, attached to one axis."""

    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, related_name="actions", verbose_name=_("axis")
    )
    code = models.CharField(_("code"), max_length=30)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    requires_level = models.PositiveSmallIntegerField(_("requires level"), default=0)
    target_level = models.PositiveSmallIntegerField(_("target level"))
    effort_half_days = models.PositiveSmallIntegerField(_("effort (half-days)"))
    impact = models.PositiveSmallIntegerField(
        _("expected impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        verbose_name=_("prerequisites"),
    )
    # Applicability: an empty list means every sector / size band / exposure.
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, validators=[CodeListValidator("sector")]
    )
    size_bands = models.JSONField(
        _("size bands"), default=list, blank=True, validators=[CodeListValidator("size_band")]
    )
    exposures = models.JSONField(
        _("exposures"), default=list, blank=True, validators=[CodeListValidator("exposure")]
    )
    # Business case: ranges in MAD (opex per year), days of the PME's own people, months.
    capex_min_mad = models.PositiveIntegerField(_("capex, low (MAD)"), null=True, blank=True)
    capex_max_mad = models.PositiveIntegerField(_("capex, high (MAD)"), null=True, blank=True)
    opex_min_mad = models.PositiveIntegerField(_("opex per year, low (MAD)"), null=True, blank=True)
    opex_max_mad = models.PositiveIntegerField(
        _("opex per year, high (MAD)"), null=True, blank=True
    )
    internal_days_min = models.PositiveSmallIntegerField(
        _("internal days, low"), null=True, blank=True
    )
    internal_days_max = models.PositiveSmallIntegerField(
        _("internal days, high"), null=True, blank=True
    )
    payback_months_min = models.PositiveSmallIntegerField(
        _("payback in months, low"), null=True, blank=True
    )
    payback_months_max = models.PositiveSmallIntegerField(
        _("payback in months, high"), null=True, blank=True
    )
    # [{"metric", "unit", "low", "high", "fr", "en"}]: measurable effects.
    benefits = models.JSONField(_("expected benefits"), default=list, blank=True)
    # [{"fr", "en", "mitigation_fr", "mitigation_en"}]
    risks = models.JSONField(_("risks and mitigation"), default=list, blank=True)
    # [{"kind", "body_fr", "body_en"}]: a kind of scheme and the body, never a programme name.
    funding = models.JSONField(_("funding routes"), default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency (regulatory or customer deadline, 0–3)"),
        default=0,
        validators=[MaxValueValidator(MAX_URGENCY)],
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["axis__order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "code"],
                name="diagnostics_action_unique",
                violation_error_message=_("Another action of this axis has this code."),
            ),
            models.CheckConstraint(
                condition=Q(target_level__gt=models.F("requires_level"))
                & Q(target_level__lte=MAX_LEVEL),
                name="diagnostics_action_levels",
                violation_error_message=_(
                    "An action raises the level: its target is above the level it requires."
                ),
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1) & Q(impact__lte=5),
                name="diagnostics_action_impact",
                violation_error_message=_("An action's impact lies between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(effort_half_days__gte=1),
                name="diagnostics_action_effort",
                violation_error_message=_("An action takes at least one half-day."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__lte=MAX_URGENCY),
                name="diagnostics_action_urgency",
                violation_error_message=_("An action's urgency lies between 0 and 3."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{low}__isnull": True})
                    | Q(**{f"{high}__isnull": True})
                    | Q(**{f"{low}__lte": models.F(high)}),
                    name=f"diagnostics_action_{low.removesuffix('_min_mad').removesuffix('_min')}_range",
                    violation_error_message=message,
                )
                for low, high, message in RANGES
            ],
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def description(self) -> str:
        return self.tr("description")


class ActionQuestion(models.Model):
    """A question an action improves, and the levels it moves it between."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="improves", verbose_name=_("action")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="improved_by", verbose_name=_("question")
    )
    from_level = models.PositiveSmallIntegerField(
        _("from level"), validators=[MaxValueValidator(MAX_LEVEL - 1)]
    )
    to_level = models.PositiveSmallIntegerField(
        _("to level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )

    class Meta:
        verbose_name = _("question an action improves")
        verbose_name_plural = _("questions actions improve")
        ordering = ["action", "question__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "question"],
                name="diagnostics_action_question_unique",
                violation_error_message=_("The action already names this question."),
            ),
            models.CheckConstraint(
                condition=Q(from_level__lt=models.F("to_level")) & Q(to_level__lte=MAX_LEVEL),
                name="diagnostics_action_question_levels",
                violation_error_message=_(
                    "An action moves a question up: from a level below the one it reaches, "
                    "at most 5."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.code}→{self.question.code} {self.from_level}→{self.to_level}"
