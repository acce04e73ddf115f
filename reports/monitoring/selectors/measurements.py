"""Reads of the results chain: PMEs' measurements, their CO₂e, people and completions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Q, QuerySet

from assessments.roles import sees_everything
from assessments.selectors import companies_visible_to
from reports.monitoring.indicators import completion
from reports.monitoring.models import (
    Activity,
    CompletionRule,
    EmissionFactor,
    Measurement,
    Participant,
    Person,
)
from reports.monitoring.models.results import Carrier
from reports.monitoring.selectors.indicators import se_clusters_visible_to

User = UserModel | AnonymousUser


def measurements_visible_to(user: User) -> QuerySet[Measurement]:
    return Measurement.objects.select_related(
        "company__cluster", "assessment", "entered_by", "validated_by"
    ).filter(company__in=companies_visible_to(user))


@dataclass(frozen=True)
class FactorUsed:
    carrier: str
    kwh: Decimal
    factor: EmissionFactor | None

    @property
    def label(self) -> str:
        return str(Carrier(self.carrier).label)

    @property
    def kg(self) -> Decimal | None:
        return None if self.factor is None else self.kwh * self.factor.kg_co2e_per_kwh


@dataclass(frozen=True)
class Footprint:
    lines: list[FactorUsed]

    @property
    def kwh(self) -> Decimal:
        return sum((line.kwh for line in self.lines), Decimal(0))

    @property
    def tonnes(self) -> Decimal | None:
        """t CO₂e; None when a carrier has no factor valid on the date."""
        kgs = [line.kg for line in self.lines]
        if not kgs or any(kg is None for kg in kgs):
            return None
        return sum((kg for kg in kgs if kg is not None), Decimal(0)) / 1000

    @property
    def placeholder(self) -> bool:
        return any(line.factor is not None and line.factor.placeholder for line in self.lines)


def measurement_footprint(measurement: Measurement) -> Footprint:
    """Each carrier's kWh with the factor valid on the last day the measurement covers."""
    lines = []
    for line in measurement.energy.all():
        factor = (
            EmissionFactor.objects.filter(
                carrier=line.carrier, valid_from__lte=measurement.period_end
            )
            .order_by("-valid_from")
            .first()
        )
        lines.append(FactorUsed(line.carrier, line.kwh, factor))
    return Footprint(lines)


# People and completions


def people_visible_to(user: User) -> QuerySet[Person]:
    """People of the clusters the user follows (all for the coordinator), and oneself."""
    if sees_everything(user):
        return Person.objects.select_related("cluster", "company")
    own = Q(user=user) if user.pk is not None else Q(pk__in=[])
    return Person.objects.select_related("cluster", "company").filter(
        Q(cluster__in=se_clusters_visible_to(user)) | own
    )


@dataclass(frozen=True)
class Completion:
    person: Person
    rule: CompletionRule
    on: datetime.date

    @property
    def requirements(self) -> list[str]:
        return requirement_labels(self.rule)


def requirement_labels(rule: CompletionRule) -> list[str]:
    """ "1 × Bootcamp", "8 × Thematic webinar": a rule's requirements in the user's language."""
    kinds = dict(Activity.Kind.choices)
    return [
        f"{r.get('min', 1)} × {kinds.get(r['kind'], r['kind'])}"
        for r in completion.requirements_of(rule.requirements)
    ]


def completions(rule: CompletionRule, people: QuerySet[Person]) -> list[Completion]:
    """The people who met the rule, with the day they did, from their attendances at its
    programme's activities."""
    rows = Participant.objects.filter(
        person__in=people, activity__programme=rule.programme_id
    ).values_list("person_id", "person__role", "activity__kind", "activity_id", "activity__date")
    attendance = pd.DataFrame(
        list(rows), columns=["unit", "role", "activity_kind", "activity_id", "date"]
    )
    attendance["date"] = pd.to_datetime(attendance["date"])
    met = completion.completed_on(
        attendance, rule.role, completion.requirements_of(rule.requirements)
    )
    found = {p.pk: p for p in people.filter(pk__in=[int(pk) for pk in met.index])}
    return sorted(
        (
            Completion(found[int(pk)], rule, day.date())
            for pk, day in met.items()
            if int(pk) in found
        ),
        key=lambda c: (c.person.name, c.person.pk),
    )


def completion_of(rule: CompletionRule, person: Person) -> Completion | None:
    found = completions(rule, Person.objects.filter(pk=person.pk))
    return found[0] if found else None
