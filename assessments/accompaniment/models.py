"""The accompaniment's models: the roadmap of actions and the eight-day plan, its days and slots.

They belong to the ``assessments`` app (same tables); ``AssessmentsConfig`` imports them.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Assessment, validate_plausible_date
from diagnostics.models import Axis, Question

# The change reason of the targets the tool proposes after the scores (AxisTarget's history).
PROPOSED_TARGET = "proposed from the scores"


class Horizon(models.TextChoices):
    QUICK_WIN = "quick", _("Quick win (0–6 months)")
    MEDIUM = "medium", _("Medium term (6–18 months)")
    LONG = "long", _("Long term (18–36 months)")


class Roadmap(models.Model):
    """The prioritised actions proposed from a submitted diagnostic, as edited by the consultant."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="roadmap", verbose_name=_("diagnostic")
    )
    computed_at = models.DateTimeField(_("proposal computed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.assessment}"

    @cached_property
    def questions_by_code(self) -> dict[str, Question]:
        """The diagnostic's questions, to name them in the reasons of its items (one query).

        Items read through ``roadmap.items`` share this roadmap, so a whole list costs one query.
        """
        return {
            q.code: q
            for q in Question.objects.filter(
                axis__framework_version_id=self.assessment.framework_version_id
            )
        }


class RoadmapItem(models.Model):
    class Origin(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the tool")
        LIBRARY = "library", _("Added from the library")
        CUSTOM = "custom", _("Custom action")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="items", verbose_name=_("roadmap")
    )
    action = models.ForeignKey(
        "diagnostics.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library action"),
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="+", verbose_name=_("axis")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    effort_half_days = models.PositiveSmallIntegerField(
        _("effort (half-days)"), validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    impact = models.PositiveSmallIntegerField(
        _("expected impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    priority = models.FloatField(_("priority score"), default=0)
    gap = models.DecimalField(
        _("gap closed"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    # The consultant's changes survive a recomputed proposal.
    edited = models.BooleanField(_("changed by the consultant"), default=False)
    removed = models.BooleanField(_("removed by the consultant"), default=False)
    completed_at = models.DateTimeField(_("implemented on"), null=True, blank=True)
    # Tracking: the roadmap as the PME's action plan.
    owner_name = models.CharField(_("owner at the PME"), max_length=120, blank=True)
    owner_role = models.CharField(_("owner's role"), max_length=120, blank=True)
    start_on = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    due_on = models.DateField(
        _("due date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    budget_mad = models.DecimalField(
        _("budget (MAD)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_note = models.TextField(_("status note"), blank=True)
    kpi = models.CharField(
        _("KPI it moves"),
        max_length=200,
        blank=True,
        help_text=_("Name the unit, e.g. 'Scrap rate (%)', 'Lead time (days)'."),
    )
    # Numbers, not text: the Excel plan and the follow-up compare them; the unit is in ``kpi``.
    kpi_today = models.DecimalField(
        _("KPI today"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    kpi_target = models.DecimalField(
        _("KPI target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Why the tool proposed it, from the answers: [{"question", "level", "target"}], and the
    # proposals that need it ("needed_by": [codes]); shown as « proposée car … ».
    reasons = models.JSONField(_("why it is proposed"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        ordering = ["roadmap", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "action"],
                condition=Q(action__isnull=False),
                name="assessments_roadmapitem_action_once",
                violation_error_message=_("This action is already in the roadmap."),
            ),
            models.CheckConstraint(
                condition=Q(action__isnull=False) | ~Q(title=""),
                name="assessments_roadmapitem_custom_has_title",
                violation_error_message=_("An action of your own needs a title."),
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("start_on")),
                name="assessments_roadmapitem_due_after_start",
                violation_error_message=_("The due date cannot come before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(budget_mad__isnull=True) | Q(budget_mad__gte=0),
                name="assessments_roadmapitem_budget_positive",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def clean(self) -> None:
        """Dates of the action plan cannot come before the diagnostic they follow from."""
        super().clean()
        visit = self.roadmap.assessment.visit_date if self.roadmap_id else None
        errors = {
            field: ValidationError(
                _("This date comes before the diagnostic (%(visit)s)."),
                code="before_diagnostic",
                params={"visit": date_format(visit, "SHORT_DATE_FORMAT")},
            )
            for field in ("start_on", "due_on")
            if visit and getattr(self, field) and getattr(self, field) < visit
        }
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self) -> str:
        return self.title or (self.action.title if self.action else "")

    @property
    def reason_lines(self) -> list[str]:
        """Why the tool proposed it, in the reader's language (« proposée car … »)."""
        questions = self.reasons.get("questions", []) if isinstance(self.reasons, dict) else []
        needed_by = self.reasons.get("needed_by", []) if isinstance(self.reasons, dict) else []
        lines = []
        if questions:
            parts = [self._reason_part(r) for r in questions]
            separator = gettext("; ")  # French puts a space before the semicolon
            lines.append(
                gettext("Proposed because %(reasons)s.") % {"reasons": separator.join(parts)}
            )
        if needed_by:
            lines.append(
                gettext("Needed first by %(actions)s.") % {"actions": ", ".join(needed_by)}
            )
        return lines

    def _reason_part(self, reason: dict[str, object]) -> str:
        """« Question text… » (CODE) is at level 1, target 3: the reader knows the question."""
        question = self.roadmap.questions_by_code.get(str(reason.get("question")))
        if question is None:
            return gettext("%(question)s is at level %(level)s, target %(target)s") % reason
        return gettext("“%(text)s” (%(question)s) is at level %(level)s, target %(target)s") % {
            **reason,
            "text": Truncator(question.text).words(12, truncate="…"),
        }

    @property
    def display_description(self) -> str:
        return self.description or (self.action.description if self.action else "")


class Plan(models.Model):
    """The eight days of individual accompaniment, in half-day units."""

    BUDGET_HALF_DAYS = 16
    DAYS = 8

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed with the PME")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="plan", verbose_name=_("diagnostic")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accompaniment plan")
        verbose_name_plural = _("accompaniment plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.assessment.company} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:plan_detail", args=[self.code])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PlanDay(models.Model):
    class Outcome(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="days", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(Plan.DAYS)]
    )
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_plausible_date])
    objectives = models.TextField(_("objectives"), blank=True)
    agenda_morning = models.TextField(
        _("morning agenda"),
        blank=True,
        help_text=_("What is done in the morning, and with whom."),
    )
    agenda_afternoon = models.TextField(
        _("afternoon agenda"),
        blank=True,
        help_text=_("What is done in the afternoon, and with whom."),
    )
    preparation = models.TextField(
        _("preparation asked of the PME"),
        blank=True,
        help_text=_("What the PME gathers or does before the day (data, documents, people)."),
    )
    deliverables = models.TextField(_("deliverables"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PLANNED
    )
    achieved = models.TextField(_("what was achieved"), blank=True)
    attendees = models.TextField(_("attendees on the PME side"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    # The sign-off at the end of the day: the consultant, and the PME's representative by name
    # (they sign the printed day sheet beside the consultant).
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by (consultant)"),
    )
    pme_signatory = models.CharField(
        _("signed off by (PME's representative)"), max_length=150, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accompaniment day")
        verbose_name_plural = _("accompaniment days")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="assessments_planday_unique",
                violation_error_message=_("The plan already has this day."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=Plan.DAYS),
                name="assessments_planday_number_range",
                violation_error_message=_("A plan has days 1 to 8."),
            ),
        ]

    def __str__(self) -> str:
        return f"J{self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class PlanParticipant(models.Model):
    """Someone of the PME invited to a day, then marked present or absent on the day."""

    day = models.ForeignKey(
        PlanDay, on_delete=models.CASCADE, related_name="participants", verbose_name=_("day")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role at the PME"), max_length=150, blank=True)
    # None: not yet known (before or during the day).
    present = models.BooleanField(_("present"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("day participant")
        verbose_name_plural = _("day participants")
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(
                "day",
                Lower("name"),
                name="assessments_planparticipant_once",
                violation_error_message=_("This person is already invited to this day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanReopen(models.Model):
    """A signed closing review reopened so that the plan can change again, and why."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("plan")
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    at = models.DateTimeField(_("reopened at"), default=timezone.now)
    closing_signed_at = models.DateTimeField(_("closing review signed at"))

    class Meta:
        verbose_name = _("plan reopening")
        verbose_name_plural = _("plan reopenings")
        ordering = ["plan", "-at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="assessments_planreopen_has_reason",
                violation_error_message=_("Say why the plan is reopened."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.at:%Y-%m-%d}"


class PlanSlot(models.Model):
    """Half-days of one day given to an action, or to the kick-off or the closing review."""

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off")
        ACTION = "action", _("Action")
        CLOSING = "closing", _("Closing review")

    day = models.ForeignKey(
        PlanDay, on_delete=models.CASCADE, related_name="slots", verbose_name=_("day")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTION)
    item = models.ForeignKey(
        RoadmapItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("roadmap action"),
    )
    half_days = models.PositiveSmallIntegerField(
        _("half-days"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan slot")
        verbose_name_plural = _("plan slots")
        ordering = ["day", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(half_days__gte=1) & Q(half_days__lte=2),
                name="assessments_planslot_half_days",
                violation_error_message=_("A slot lasts one or two half-days."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="action") & Q(item__isnull=False))
                | (~Q(kind="action") & Q(item__isnull=True)),
                name="assessments_planslot_item_for_actions",
                violation_error_message=_(
                    "An action slot names a roadmap action; kick-off and closing slots name none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.item or self.get_kind_display()} ({self.half_days})"


class Synthesis(models.Model):
    """The consultant's own words on the diagnostic, printed on page one of every edition."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="synthesis", verbose_name=_("diagnostic")
    )
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=Language.choices,
        default=Language.FRENCH,
        help_text=_("An edition in the other language says the text is in this one."),
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    key_messages = models.TextField(_("key messages"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultant synthesis")
        verbose_name_plural = _("consultant syntheses")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.assessment}"

    @property
    def is_empty(self) -> bool:
        return not any((self.strengths, self.weaknesses, self.key_messages, self.next_steps))
