"""The results chain of each PME: what it measures at baseline and at follow-up (jobs,
turnover, exports, investment, energy by carrier, water), and the dated emission factors
its CO₂e is computed with."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Company, validate_plausible_date


class Carrier(models.TextChoices):
    ELECTRICITY = "electricity", _("Grid electricity")
    NATURAL_GAS = "natural_gas", _("Natural gas")
    LPG = "lpg", _("LPG (butane, propane)")
    DIESEL = "diesel", _("Diesel (gas oil)")
    FUEL_OIL = "fuel_oil", _("Heavy fuel oil")


def measurement_evidence_path(instance: "Measurement", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"se-evidence/measurements/{instance.code}/{uuid.uuid4().hex}.{suffix}"


class Measurement(models.Model):
    """A PME's figures over twelve months, at baseline or at a follow-up.

    Dated by the months it covers, not by a diagnostic: accounts and energy bills run by
    month and year whatever the day of the visit, and a follow-up counts even when no T1
    diagnostic took place; the diagnostic of the same visit is linked when there is one.
    It counts in the indicators once another person validated it.
    """

    class Stage(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Status(models.TextChoices):
        ENTERED = "entered", _("Awaiting validation")
        VALIDATED = "validated", _("Validated")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("PME")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diagnostic of the same visit"),
    )
    period_start = models.DateField(_("first day covered"), validators=[validate_plausible_date])
    period_end = models.DateField(_("last day covered"), validators=[validate_plausible_date])
    jobs_women = models.PositiveIntegerField(_("jobs held by women"), null=True, blank=True)
    jobs_men = models.PositiveIntegerField(_("jobs held by men"), null=True, blank=True)
    turnover_mad = models.DecimalField(
        _("turnover (MAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    exports_mad = models.DecimalField(
        _("exports (MAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    investment_mad = models.DecimalField(
        _("investment triggered by the roadmap (MAD)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    water_m3 = models.DecimalField(
        _("water used (m³)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=measurement_evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PME measurement")
        verbose_name_plural = _("PME measurements")
        ordering = ["company", "period_end", "stage"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="reports_measurement_dates",
                violation_error_message=_("The last day covered comes after the first."),
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(validated_at__isnull=False),
                name="reports_measurement_validation_dated",
                violation_error_message=_("A validated measurement records when."),
            ),
            models.CheckConstraint(
                condition=(
                    (Q(turnover_mad__isnull=True) | Q(turnover_mad__gte=0))
                    & (Q(exports_mad__isnull=True) | Q(exports_mad__gte=0))
                    & (Q(investment_mad__isnull=True) | Q(investment_mad__gte=0))
                    & (Q(water_m3__isnull=True) | Q(water_m3__gte=0))
                ),
                name="reports_measurement_not_negative",
                violation_error_message=_("Amounts and volumes cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["company", "stage", "period_end"],
                name="reports_measurement_unique_period",
                violation_error_message=_(
                    "This PME already has a measurement of this stage ending that day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.stage} {self.period_end}"

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED

    @property
    def jobs(self) -> int | None:
        if self.jobs_women is None and self.jobs_men is None:
            return None
        return (self.jobs_women or 0) + (self.jobs_men or 0)


class EnergyUse(models.Model):
    """The energy of one carrier a measurement covers, in kWh (final energy)."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="energy", verbose_name=_("measurement")
    )
    carrier = models.CharField(_("energy carrier"), max_length=12, choices=Carrier.choices)
    kwh = models.DecimalField(_("energy used (kWh)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("energy use")
        verbose_name_plural = _("energy uses")
        ordering = ["measurement", "carrier"]
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "carrier"],
                name="reports_energy_unique_carrier",
                violation_error_message=_("Each carrier is entered once per measurement."),
            ),
            models.CheckConstraint(
                condition=Q(kwh__gte=0),
                name="reports_energy_not_negative",
                violation_error_message=_("Energy used cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier}: {self.kwh} kWh"


class EmissionFactor(models.Model):
    """kg CO₂e per kWh of a carrier, valid from a date until the next factor of the carrier."""

    carrier = models.CharField(_("energy carrier"), max_length=12, choices=Carrier.choices)
    valid_from = models.DateField(_("valid from"))
    kg_co2e_per_kwh = models.DecimalField(_("kg CO₂e per kWh"), max_digits=10, decimal_places=6)
    source = models.TextField(_("source"))
    placeholder = models.BooleanField(
        _("placeholder to be confirmed"),
        default=False,
        help_text=_("No published source was found: the figure must be confirmed."),
    )

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["carrier", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "valid_from"],
                name="reports_factor_unique_date",
                violation_error_message=_("This carrier already has a factor from that day."),
            ),
            models.CheckConstraint(
                condition=Q(kg_co2e_per_kwh__gte=0),
                name="reports_factor_not_negative",
                violation_error_message=_("An emission factor cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.valid_from}: {self.kg_co2e_per_kwh}"
