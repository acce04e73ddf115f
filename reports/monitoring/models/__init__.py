"""S&E logframe: results, indicators, periods, values, activities."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Cluster, Company, validate_plausible_date
from diagnostics.models import Translated

__all__ = [
    "Activity",
    "Participation",
    "Programme",
    "BriefNarrative",
    "CompletionRule",
    "EmissionFactor",
    "EnergyUse",
    "Indicator",
    "IndicatorValue",
    "Measurement",
    "Participant",
    "Person",
    "Period",
    "Result",
    "Target",
    "ValueChange",
]


class Result(Translated):
    """A result of the logframe: the change an indicator gives evidence of."""

    class Level(models.TextChoices):
        IMPACT = "impact", _("Impact")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    programme = models.ForeignKey(
        "reports.Programme",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=30)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    statement_fr = models.TextField(_("statement (French)"))
    statement_en = models.TextField(_("statement (English)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="reports_result_unique_code",
                violation_error_message=_("This programme already has a result with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement_fr}"

    @property
    def statement(self) -> str:
        return self.tr("statement")


class Indicator(Translated):
    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from the app's data")
        COLLECTED = "collected", _("Collected by hand")

    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERCENT = "percent", _("%")
        DAYS = "days", _("days")
        HOURS = "hours", _("hours")
        PEOPLE = "people", _("people")
        POINTS = "points", _("points (0–100)")
        SCORE = "score", _("score (1–5)")
        MAD = "mad", _("MAD")
        KWH = "kwh", _("kWh")
        M3 = "m3", _("m³")
        TCO2E = "tco2e", _("t CO₂e")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean (weighted by n)")
        LAST = "last", _("Last value")
        NONE = "none", _("Not summable")

    programme = models.ForeignKey(
        "reports.Programme",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("result")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    formula_fr = models.TextField(_("formula (French)"), blank=True)
    formula_en = models.TextField(_("formula (English)"), blank=True)
    min_n = models.PositiveSmallIntegerField(
        _("minimum n"),
        default=5,
        help_text=_("Below this n, a figure is shown flagged: to interpret with care."),
    )
    on_track_from = models.DecimalField(
        # xgettext:no-python-format
        _("on track from (% of target)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(90),
    )
    at_risk_from = models.DecimalField(
        # xgettext:no-python-format
        _("at risk from (% of target)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(70),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(
        _("baseline date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    verification_fr = models.TextField(_("means of verification (French)"), blank=True)
    verification_en = models.TextField(_("means of verification (English)"), blank=True)
    across_scopes = models.CharField(
        _("aggregation across PMEs and clusters"), max_length=4, choices=Aggregation.choices
    )
    across_periods = models.CharField(
        _("aggregation across periods"), max_length=4, choices=Aggregation.choices
    )
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    counts_pmes = models.BooleanField(
        _("aggregates PMEs"),
        default=False,
        help_text=_("Values over fewer than 5 PMEs are hidden from people outside their cluster."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="reports_indicator_unique_code",
                violation_error_message=_(
                    "This programme already has an indicator with this code."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | ~Q(across_scopes="sum"),
                name="reports_indicator_percent_never_summed",
                violation_error_message=_("A percentage is never added up across clusters."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | ~Q(across_periods="sum"),
                name="reports_indicator_percent_never_summed_over_time",
                violation_error_message=_("A percentage is never added up over periods."),
            ),
            models.CheckConstraint(
                condition=Q(at_risk_from__gte=0) & Q(at_risk_from__lte=models.F("on_track_from")),
                name="reports_indicator_status_thresholds",
                violation_error_message=_(
                    "The 'at risk' threshold lies between 0 and the 'on track' threshold."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def definition(self) -> str:
        return self.tr("definition")

    @property
    def verification(self) -> str:
        return self.tr("verification")

    @property
    def formula(self) -> str:
        return self.tr("formula")

    @property
    def is_rate(self) -> bool:
        """A rate or a mean is judged against its target whole, never pro rata of time."""
        return self.unit in (self.Unit.PERCENT, self.Unit.POINTS, self.Unit.SCORE)

    @property
    def thresholds(self) -> tuple[float, float]:
        """(on track from, at risk from) as shares of the target."""
        return float(self.on_track_from) / 100, float(self.at_risk_from) / 100

    @property
    def is_computed(self) -> bool:
        return self.kind == self.Kind.COMPUTED

    @property
    def value_range(self) -> tuple[Decimal, Decimal | None]:
        """The values an entered figure may take in this unit (None: no upper bound)."""
        bounded = {
            self.Unit.PERCENT: (Decimal(0), Decimal(100)),
            self.Unit.POINTS: (Decimal(0), Decimal(100)),
            self.Unit.SCORE: (Decimal(1), Decimal(5)),
        }
        return bounded.get(self.Unit(self.unit), (Decimal(0), None))

    @property
    def is_cumulative(self) -> bool:
        """A stock (counted up to the end of a period) rather than a flow within it."""
        return self.across_periods in (self.Aggregation.LAST, self.Aggregation.NONE)


class Period(Translated):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        MILESTONE = "milestone", _("Milestone")
        TOTAL = "total", _("Programme total")

    programme = models.ForeignKey(
        "reports.Programme",
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    start = models.DateField(_("start"), validators=[validate_plausible_date])
    end = models.DateField(_("end"), validators=[validate_plausible_date])
    locked = models.BooleanField(_("locked"), default=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["end", "start", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="reports_period_unique_code",
                violation_error_message=_("This programme already has a period with this code."),
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")),
                name="reports_period_dates",
                violation_error_message=_("A period ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(locked=False) | Q(locked_at__isnull=False),
                name="reports_period_lock_dated",
                violation_error_message=_("A locked period records when it was locked."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.tr("name")


class Target(models.Model):
    """A target for one period and one scope (no cluster: the whole programme)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="targets", verbose_name=_("period")
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period", "cluster"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "cluster"],
                condition=Q(cluster__isnull=False),
                name="reports_target_unique_cluster",
                violation_error_message=_(
                    "This indicator already has a target for this cluster and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(cluster__isnull=True),
                name="reports_target_unique_programme",
                violation_error_message=_(
                    "This indicator already has a programme target for this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}: {self.value}"


def value_evidence_path(instance: "IndicatorValue", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"se-evidence/values/{instance.code}/{uuid.uuid4().hex}.{suffix}"


def activity_evidence_path(instance: "Activity", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"se-evidence/activities/{instance.code}/{uuid.uuid4().hex}.{suffix}"


class IndicatorValue(models.Model):
    """The value reported for one indicator, period and scope, with its approval state."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="values", verbose_name=_("period")
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    n = models.PositiveIntegerField(_("n (PMEs or people behind it)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=value_evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    sources = models.JSONField(_("source records"), default=list, blank=True)
    breakdown = models.JSONField(_("disaggregated values"), default=list, blank=True)
    stale = models.BooleanField(_("data changed since approval"), default=False)
    recomputed_value = models.DecimalField(
        _("recomputed value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    recomputed_n = models.PositiveIntegerField(_("recomputed n"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period", "indicator", "cluster"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "cluster"],
                condition=Q(cluster__isnull=False),
                name="reports_value_unique_cluster",
                violation_error_message=_(
                    "This indicator already has a value for this cluster and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(cluster__isnull=True),
                name="reports_value_unique_programme",
                violation_error_message=_(
                    "This indicator already has a programme value for this period."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="reports_value_approval_dated",
                violation_error_message=_("An approved value records when it was approved."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code} {self.cluster or '*'}: {self.value}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.APPROVED


class ValueChange(models.Model):
    """One step in a value's history: what changed, who did it and why."""

    value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="changes", verbose_name=_("value")
    )
    action = models.CharField(_("action"), max_length=20)
    before = models.DecimalField(
        _("before"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    after = models.DecimalField(_("after"), max_digits=12, decimal_places=2, null=True, blank=True)
    status_before = models.CharField(_("status before"), max_length=10, blank=True)
    status_after = models.CharField(_("status after"), max_length=10, blank=True)
    reason = models.TextField(_("reason or comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")
        ordering = ["value", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.before} → {self.after}"


class Activity(models.Model):
    """One session (a webinar of a series, a bootcamp, an event...) with who attended it.

    It belongs to one cluster, or to the whole programme (no cluster): a national day, a B2B
    meeting, a learning expedition or a webinar shared by the clusters is recorded once.
    """

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Thematic webinar")
        BOOTCAMP = "bootcamp", _("Bootcamp")
        MENTORING = "mentoring", _("Mentoring session")
        EVENT = "event", _("Event")
        SE_TRAINING = "se_training", _("Training on the S&E system")
        NATIONAL_DAY = "national_day", _("National Industry 4.0 day")
        B2B = "b2b", _("B2B innovation meeting")
        EXPEDITION = "expedition", _("Learning expedition")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "reports.Programme",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("cluster"),
        help_text=_("Empty: an activity of the whole programme, shared by the clusters."),
    )
    series = models.CharField(
        _("series"),
        max_length=100,
        blank=True,
        help_text=_("Sessions of one series share it, e.g. “Webinars 2026”."),
    )
    hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=activity_evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="reports_activity_hours",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def is_programme(self) -> bool:
        return self.cluster_id is None


class Participant(models.Model):
    """A person's attendance at an activity, or a group of anonymous people of one sex and
    role; ``cluster`` is whom the line counts for (the person's own cluster)."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Woman")
        MALE = "M", _("Man")
        UNKNOWN = "U", _("Not stated")

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        PME = "pme", _("PME staff")
        CLUSTER_STAFF = "cluster_staff", _("Cluster staff")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("activity"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PME"),
    )
    count = models.PositiveIntegerField(_("number of people"), default=1)
    person = models.ForeignKey(
        "reports.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("person"),
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted for the cluster"),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["activity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="reports_participant_count",
                violation_error_message=_("A line counts at least one participant."),
            ),
            models.CheckConstraint(
                condition=Q(count=1) | (Q(name="") & Q(email="")),
                name="reports_participant_named_is_one",
                violation_error_message=_(
                    "A named participant counts as one person: "
                    "leave the name and e-mail empty to count a group."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.count} × {self.get_role_display()}"


class BriefNarrative(models.Model):
    """What a cluster's quarterly brief says in words, approved with the values (four eyes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="narratives", verbose_name=_("period")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="+", verbose_name=_("cluster")
    )
    progress = models.TextField(_("progress this period"), blank=True)
    risks = models.TextField(_("risks and mitigation"), blank=True)
    next_steps = models.TextField(_("next quarter"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("brief narrative")
        verbose_name_plural = _("brief narratives")
        ordering = ["period", "cluster"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "cluster"],
                name="reports_narrative_unique",
                violation_error_message=_("This cluster already has a narrative for this period."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="reports_narrative_approval_dated",
                violation_error_message=_("An approved narrative records when it was approved."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.period}"


class RecheckMark(models.Model):
    """A scope whose reported values wait for a recheck since its data changed: one row per
    scope however many changes, so a burst of changes costs one recheck (``signals``)."""

    scope = models.CharField(_("scope"), max_length=30, unique=True)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )
    marked_at = models.DateTimeField(_("first change at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending recheck")
        verbose_name_plural = _("pending rechecks")
        ordering = ["marked_at", "id"]

    def __str__(self) -> str:
        return self.scope


from reports.monitoring.models.people import CompletionRule, Person  # noqa: E402
from reports.monitoring.models.programmes import Participation, Programme  # noqa: E402
from reports.monitoring.models.results import EmissionFactor, EnergyUse, Measurement  # noqa: E402
