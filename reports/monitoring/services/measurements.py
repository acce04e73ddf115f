"""Writes to a PME's measurements: figures entered with evidence, validated by another person."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import evidence_files
from assessments.models import Company
from reports.monitoring.models import EnergyUse, Measurement
from reports.monitoring.rules import (
    can_change_measurement,
    can_enter_measurement,
    can_validate_measurement,
)

FIGURES = (
    "assessment",
    "period_start",
    "period_end",
    "jobs_women",
    "jobs_men",
    "turnover_mad",
    "exports_mad",
    "investment_mad",
    "water_m3",
    "comment",
    "evidence_link",
)


def _energy(measurement: Measurement, energy: Mapping[str, Decimal | None]) -> None:
    measurement.energy.all().delete()
    lines = [
        EnergyUse(measurement=measurement, carrier=carrier, kwh=kwh)
        for carrier, kwh in energy.items()
        if kwh is not None
    ]
    for line in lines:
        line.full_clean(exclude=["measurement"])
    EnergyUse.objects.bulk_create(lines)


def _check(measurement: Measurement) -> None:
    if measurement.assessment is not None and (
        measurement.assessment.company_id != measurement.company_id
    ):
        raise ValidationError({"assessment": _("This diagnostic is of another PME.")})
    if not measurement.evidence and not measurement.evidence_link:
        raise ValidationError(_("Attach the evidence: a file or a link."))
    measurement.full_clean()


@transaction.atomic
def measurement_create(
    *,
    by: User,
    company: Company,
    stage: str,
    period_start: datetime.date,
    period_end: datetime.date,
    energy: Mapping[str, Decimal | None] | None = None,
    evidence: UploadedFile | None = None,
    **figures: Any,
) -> Measurement:
    """Enter a PME's figures over a period; they count once another person validates them."""
    if not can_enter_measurement(by, company):
        raise ValidationError(_("You cannot enter figures for this PME."))
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise TypeError(f"unknown figures: {sorted(unknown)}")
    measurement = Measurement(
        company=company,
        stage=stage,
        period_start=period_start,
        period_end=period_end,
        entered_by=by,
        **figures,
    )
    with evidence_files.upload_stored(measurement.evidence, evidence) as content_type:
        if evidence is not None:
            measurement.evidence_name = (evidence.name or content_type or "")[:255]
        _check(measurement)
        measurement.save()
        _energy(measurement, energy or {})
    return measurement


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    by: User,
    energy: Mapping[str, Decimal | None] | None = None,
    evidence: UploadedFile | None = None,
    **figures: Any,
) -> Measurement:
    """Correct figures not yet validated; ``energy`` (when given) replaces every carrier."""
    stored = (
        Measurement.objects.select_for_update().select_related("company").get(pk=measurement.pk)
    )
    if not can_change_measurement(by, stored):
        raise ValidationError(_("These figures are validated or not yours to change."))
    for name, value in figures.items():
        if name not in (*FIGURES, "stage"):
            raise TypeError(f"unknown figure: {name}")
        setattr(stored, name, value)
    with evidence_files.upload_stored(stored.evidence, evidence) as content_type:
        if evidence is not None:
            stored.evidence_name = (evidence.name or content_type or "")[:255]
        _check(stored)
        stored.save()
        if energy is not None:
            _energy(stored, energy)
    return stored


@transaction.atomic
def measurement_validate(*, measurement: Measurement, by: User) -> Measurement:
    """Four eyes: another person of the PME's unit vouches for the figures and evidence."""
    stored = (
        Measurement.objects.select_for_update().select_related("company").get(pk=measurement.pk)
    )
    if stored.is_validated:
        raise ValidationError(_("These figures are already validated."))
    if not can_validate_measurement(by, stored):
        raise ValidationError(
            _(
                "Figures are validated by the PME's cluster staff or the coordinator, "
                "never by who entered them."
            )
        )
    stored.status = Measurement.Status.VALIDATED
    stored.validated_by = by
    stored.validated_at = timezone.now()
    stored.save(update_fields=["status", "validated_by", "validated_at"])
    return stored


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: User) -> None:
    if not can_change_measurement(by, measurement):
        raise ValidationError(_("These figures are validated or not yours to change."))
    if measurement.evidence:
        measurement.evidence.delete(save=False)
    measurement.delete()
