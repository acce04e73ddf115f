"""What every write to a plan checks first: the plan is open, the day still editable."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.accompaniment.models import (
    Plan,
    PlanDay,
    PlanSlot,
)


def closing_day(plan: Plan) -> PlanDay | None:
    slot = PlanSlot.objects.filter(day__plan=plan, kind=PlanSlot.Kind.CLOSING).first()
    return slot.day if slot else None


def ensure_plan_open(plan: Plan) -> None:
    """A signed closing review closes the plan: changing it needs ``plan_reopen``."""
    closing = closing_day(plan)
    if closing is not None and closing.is_signed:
        raise ValidationError(
            _("The closing review is signed: reopen the plan, with a reason, to change it."),
            code="closed",
        )


def ensure_plan_editable(plan: Plan, *days: PlanDay) -> None:
    if plan.status == Plan.Status.COMPLETED:
        raise ValidationError(_("This plan is completed and can no longer change."))
    ensure_plan_open(plan)
    for day in days:
        if day.outcome != PlanDay.Outcome.PLANNED:
            raise ValidationError(
                _("Day %(day)s is already logged: it can no longer change.") % {"day": day.number}
            )
        if day.is_signed:
            raise ValidationError(
                _("Day %(day)s is signed off: it can no longer change.") % {"day": day.number}
            )


def ensure_day_open(day: PlanDay) -> None:
    ensure_plan_open(day.plan)
    if day.is_signed:
        raise ValidationError(
            _("Day %(day)s is signed off: it can no longer change.") % {"day": day.number}
        )


def check_revision(day: PlanDay, expected: int | None) -> None:
    if expected is not None and day.revision != expected:
        raise ValidationError(
            _(
                "Day %(day)s was changed by someone else in the meantime. Here is what is "
                "saved now: check it and save again if needed."
            )
            % {"day": day.number},
            code="conflict",
        )
