"""The codes a framework file may name for whom an action concerns and what it moves.

Sectors and size bands are the ones a PME is described with (``assessments.models.Company``
uses these very classes), so that a framework's applicability and a PME's profile speak the
same words. Exposures say to which demanding market or customer the PME answers; metrics are
what an action's benefits are measured in and what a PME's managers choose to watch.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    ELECTRONICS = "electronics", _("Electronics")
    ELECTROMECHANICS = "electromechanics", _("Electromechanics")
    MECHATRONICS = "mechatronics", _("Mechatronics")
    AERONAUTICS = "aeronautics", _("Aeronautics")
    AUTOMOTIVE = "automotive", _("Automotive")
    AGRIFOOD = "agrifood", _("Agri-food")
    TEXTILE = "textile", _("Textile and leather")
    PLASTICS = "plastics", _("Plastics and chemicals")
    METALWORKING = "metalworking", _("Metalworking")
    PHARMA = "pharma", _("Pharmaceuticals")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-199", _("50 to 199 employees")
    LARGE_SME = "200-499", _("200 to 499 employees")
    LARGE = "500+", _("500 employees or more")


class Exposure(models.TextChoices):
    EU_EXPORTER = "eu_exporter", _("Exports to the European Union")
    PRIME_SUBCONTRACTOR = "prime_subcontractor", _("Subcontractor to a prime contractor (OEM)")
    AERO_SUPPLIER = "aero_supplier", _("Supplier in the aerospace chain (EN 9100)")
    AUTOMOTIVE_SUPPLIER = "automotive_supplier", _("Supplier in the automotive chain (IATF 16949)")
    REGULATED_FOOD = "regulated_food", _("Food safety under ONSSA approval")
    LARGE_RETAIL = "large_retail", _("Supplies large retail chains")
    ENERGY_INTENSIVE = (
        "energy_intensive",
        _("Energy-intensive process (furnaces, cold, compressed air)"),
    )
    WATER_INTENSIVE = "water_intensive", _("Water-intensive process (washing, cleaning in place)")


class Metric(models.TextChoices):
    """What an action's benefit is measured in; also the KPIs a PME's managers may choose."""

    OEE = "oee", _("Overall equipment effectiveness (OEE)")
    SCRAP = "scrap", _("Scrap and rework rate")
    DOWNTIME = "downtime", _("Unplanned downtime")
    LEAD_TIME = "lead_time", _("Order lead time")
    ON_TIME_DELIVERY = "on_time_delivery", _("On-time delivery")
    INVENTORY = "inventory", _("Inventory (days of stock)")
    ENERGY = "energy", _("Energy consumption")
    WATER = "water", _("Water consumption")
    LABOUR_PRODUCTIVITY = "labour_productivity", _("Labour productivity")
    CUSTOMER_COMPLAINTS = "customer_complaints", _("Customer complaints")
    ADMIN_TIME = "admin_time", _("Time spent on data entry and reporting")
    CYBER_INCIDENTS = "cyber_incidents", _("Cyber incidents and recovery time")


class FundingKind(models.TextChoices):
    PUBLIC_INVESTMENT = "public_investment", _("Public investment support")
    CLUSTER_COFUNDING = "cluster_cofunding", _("Cluster programme co-funding")
    BANK_CREDIT = "bank_credit", _("Bank credit line")
    GUARANTEE = "guarantee", _("Public loan guarantee")
    LEASING = "leasing", _("Equipment leasing")
    SUPPLIER_FINANCING = "supplier_financing", _("Supplier financing")
    TRAINING_REFUND = "training_refund", _("Training cost refund")
    CUSTOMER_COFUNDING = "customer_cofunding", _("Customer (prime contractor) co-funding")
    SELF_FUNDING = "self_funding", _("Self-funding")


# The components of an action's priority score whose weights a framework may set (see
# ``assessments.accompaniment.planning``; docs/prioritisation.md says what each one measures).
PRIORITY_WEIGHTS = ("impact", "urgency", "cost", "effort", "relevance", "unlocks")


@deconstructible
class CodeListValidator:
    """A JSON list of distinct codes taken from ``choices`` (at most ``max_items`` of them)."""

    def __init__(self, kind: str, max_items: int | None = None) -> None:
        self.kind = kind
        self.max_items = max_items

    def __call__(self, value: object) -> None:
        allowed = set(CODE_LISTS[self.kind].values)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Expected a list of codes."), code="not_a_list")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ValidationError(
                _("Unknown codes: %(codes)s."),
                code="unknown_code",
                params={"codes": ", ".join(unknown)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A code is listed twice."), code="duplicate_code")
        if self.max_items is not None and len(value) > self.max_items:
            raise ValidationError(
                _("Choose at most %(n)s."), code="too_many", params={"n": self.max_items}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeListValidator) and (self.kind, self.max_items) == (
            other.kind,
            other.max_items,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.max_items))


CODE_LISTS: dict[str, type[models.TextChoices]] = {
    "sector": Sector,
    "size_band": SizeBand,
    "exposure": Exposure,
    "metric": Metric,
    "funding": FundingKind,
}
