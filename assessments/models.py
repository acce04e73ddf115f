import datetime
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments import scoring
from diagnostics.codes import CodeListValidator, Exposure, Metric, Sector, SizeBand
from diagnostics.models import MAX_LEVEL, Axis, FrameworkVersion, Question

ice_validator = RegexValidator(
    r"^[0-9]{15}$", _("The ICE is the 15-digit Identifiant Commun de l'Entreprise.")
)


MAX_KPIS = 3
COST_SHARES = ("cost_labour_pct", "cost_materials_pct", "cost_energy_pct", "cost_scrap_pct")
FIRST_YEAR = 2000  # no programme record is older


def validate_plausible_date(value: datetime.date) -> None:
    """A visit or a plan day from 2000 to two years ahead: 0001-01-01 or 9999-12-31 is a typo."""
    last = timezone.localdate().year + 2
    if not FIRST_YEAR <= value.year <= last:
        raise ValidationError(
            _("Check the date: it should fall between %(first)s and %(last)s."),
            code="implausible_date",
            params={"first": FIRST_YEAR, "last": last},
        )


def normalize_ice(value: str) -> str:
    """An ICE as typed or pasted: spaces between the digit groups are fine, and digits typed on
    an Arabic keyboard (٠١٢…) or in full width are the same digits."""
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value if not c.isspace()
    )


class Region(models.TextChoices):
    TANGER_TETOUAN = "TTA", "Tanger-Tétouan-Al Hoceïma"
    ORIENTAL = "ORI", "L'Oriental"
    FES_MEKNES = "FMK", "Fès-Meknès"
    RABAT_SALE = "RSK", "Rabat-Salé-Kénitra"
    BENI_MELLAL = "BMK", "Béni Mellal-Khénifra"
    CASABLANCA_SETTAT = "CSE", "Casablanca-Settat"
    MARRAKECH_SAFI = "MSA", "Marrakech-Safi"
    DRAA_TAFILALET = "DTA", "Drâa-Tafilalet"
    SOUSS_MASSA = "SMA", "Souss-Massa"
    GUELMIM = "GON", "Guelmim-Oued Noun"
    LAAYOUNE = "LSH", "Laâyoune-Sakia El Hamra"
    DAKHLA = "DOD", "Dakhla-Oued Ed-Dahab"


class Cluster(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("main sector"), max_length=20, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=3, choices=Region.choices)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staff_clusters",
        verbose_name=_("cluster staff"),
    )

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): a PME
# named "=HYPERLINK(…)" would run in whoever opens an export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_refusal(value: str) -> str | None:
    """Why a text is refused, if it starts as a spreadsheet formula does."""
    if not value.startswith(FORMULA_STARTS):
        return None
    sign = {"\t": "⇥", "\r": "↵"}.get(value[0], value[0])
    return gettext(
        "“%(sign)s” cannot begin a text: a spreadsheet would run it as a formula. "
        "Remove it, or begin with a letter or a digit."
    ) % {"sign": sign}


def refuse_formula(value: str) -> None:
    """The validator of the texts an export shows first (a PME's name)."""
    if refusal := formula_refusal(value):
        raise ValidationError(refusal, code="formula")


class Company(models.Model):
    Headcount = SizeBand

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="companies", verbose_name=_("cluster")
    )
    name = models.CharField(_("company name"), max_length=200, validators=[refuse_formula])
    ice = models.CharField(_("ICE"), max_length=15, unique=True, validators=[ice_validator])
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=3, choices=Region.choices)
    city = models.CharField(_("city"), max_length=100)
    headcount = models.CharField(_("headcount"), max_length=10, choices=Headcount.choices)
    # What the roadmap is weighed by (empty or unknown: the framework's defaults).
    exposures = models.JSONField(
        _("markets and customers"),
        default=list,
        blank=True,
        validators=[CodeListValidator("exposure")],
        help_text=_("The demanding markets or customers the company answers to."),
    )
    cost_labour_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("labour, % of production cost"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    cost_materials_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("materials, % of production cost"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    cost_energy_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("energy and water, % of production cost"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    cost_scrap_pct = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("scrap and rework, % of production cost"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    kpis = models.JSONField(
        _("indicators the managers watch"),
        default=list,
        blank=True,
        validators=[CodeListValidator("metric", max_items=MAX_KPIS)],
        help_text=_("At most three: the roadmap favours the actions that move them."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_role = models.CharField(_("contact's role"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    women_led = models.BooleanField(
        _("women-led PME"),
        default=False,
        help_text=_("Led by a woman: majority owned or managed by women."),
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="consulted_companies",
        verbose_name=_("assigned consultants"),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_companies",
        verbose_name=_("manager accounts"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ice__regex=r"^[0-9]{15}$"),
                name="assessments_company_ice_digits",
                violation_error_message=_(
                    "The ICE is the 15-digit Identifiant Commun de l'Entreprise."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__lte": 100}) | Q(**{f"{name}__isnull": True}),
                    name=f"assessments_company_{name}_range",
                    violation_error_message=_(
                        "A share of the production cost lies between 0 and 100 %."
                    ),
                )
                for name in COST_SHARES
            ],
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessments:company_detail", args=[self.code])

    @property
    def exposure_labels(self) -> list[str]:
        labels = dict(Exposure.choices)
        return [str(labels.get(code, code)) for code in self.exposures]

    @property
    def kpi_labels(self) -> list[str]:
        labels = dict(Metric.choices)
        return [str(labels.get(code, code)) for code in self.kpis]

    def clean(self) -> None:
        super().clean()
        parts = (self.cost_labour_pct, self.cost_materials_pct, self.cost_energy_pct)
        if sum(p or 0 for p in parts) > 100:
            raise ValidationError(
                {
                    "cost_energy_pct": _(
                        # xgettext:no-python-format
                        "Labour, materials and energy together cannot exceed 100 % of the "
                        "production cost."
                    )
                }
            )


class Assessment(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "T0", _("Baseline (T0)")
        FOLLOW_UP = "T1", _("Follow-up (T1)")

    class Mode(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant diagnostic")
        SELF = "self", _("Self-assessment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("company")
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework version"),
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices, default=Kind.BASELINE)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.CONSULTANT)
    baseline = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("baseline diagnostic"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("consultant"),
    )
    visit_date = models.DateField(_("visit date"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Unrounded (8 decimals): every derived figure starts from the exact score.
    overall_score = models.DecimalField(
        _("overall score (0–5)"), max_digits=10, decimal_places=8, null=True, blank=True
    )
    # True once the scoring service stored the scores (overall and AxisScore) unrounded:
    # the indicators read them as they are. False (rows scored before full precision,
    # written by other means): the indicators recompute them from the answers.
    scores_exact = models.BooleanField(_("scores stored unrounded"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("managers notified at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["-visit_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_score__isnull=True)
                | (Q(overall_score__gte=0) & Q(overall_score__lte=MAX_LEVEL)),
                name="assessments_assessment_score_range",
                violation_error_message=_("A score lies between 0 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.kind} · {self.visit_date}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_detail", args=[self.code])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def overall_percent(self) -> int | None:
        return None if self.overall_score is None else scoring.percent(float(self.overall_score))


class AssessmentEvent(models.Model):
    """A status change of a diagnostic: who moved it, when, and why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="events", verbose_name=_("diagnostic")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Assessment.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Assessment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["assessment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AxisTarget(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="targets", verbose_name=_("diagnostic")
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="+", verbose_name=_("axis")
    )
    level = models.DecimalField(
        _("target level"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_LEVEL)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axis target")
        verbose_name_plural = _("axis targets")
        ordering = ["assessment", "axis__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "axis"],
                name="assessments_target_unique",
                violation_error_message=_("This axis already has a target in this diagnostic."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=0) & Q(level__lte=MAX_LEVEL),
                name="assessments_target_range",
                violation_error_message=_("A target level lies between 0 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis.code}: {self.level}"


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("diagnostic")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(
        _("comment"), blank=True, help_text=_("Shared with the PME: in its results and report.")
    )
    note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("For the consulting team only: never shown to the PME, never printed."),
    )
    # Bumped on every save: an autosave based on an older revision is a conflict.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "question__axis__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                name="assessments_answer_unique",
                violation_error_message=_("This question is already answered in this diagnostic."),
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=MAX_LEVEL),
                name="assessments_answer_level_range",
                violation_error_message=_("A level lies between 0 and 5."),
            ),
            models.CheckConstraint(
                condition=~(Q(not_applicable=True) & Q(level__isnull=False)),
                name="assessments_answer_na_has_no_level",
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


def evidence_path(instance: "Evidence", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.answer.assessment.code}/{uuid.uuid4().hex}.{suffix}"


class Evidence(models.Model):
    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["answer", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AxisScore(models.Model):
    """Scores stored when a diagnostic is submitted, for dashboards at scale."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="axis_scores",
        verbose_name=_("diagnostic"),
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="+", verbose_name=_("axis")
    )
    score = models.DecimalField(
        _("score (0–5)"), max_digits=10, decimal_places=8, null=True, blank=True
    )
    answered = models.PositiveSmallIntegerField(_("questions answered"), default=0)
    not_applicable = models.PositiveSmallIntegerField(_("not applicable"), default=0)

    class Meta:
        verbose_name = _("axis score")
        verbose_name_plural = _("axis scores")
        ordering = ["assessment", "axis__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "axis"],
                name="assessments_axisscore_unique",
                violation_error_message=_("This axis already has a score in this diagnostic."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis.code}: {self.score}"
