"""Writes to the axis targets: proposed after the scores, changed until validation."""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.accompaniment import planning
from assessments.accompaniment.models import (
    PROPOSED_TARGET,
)
from assessments.models import Assessment, AxisTarget
from assessments.rules import can_edit_roadmap
from diagnostics.models import MAX_LEVEL


def _ensure_targets_open(assessment: Assessment, by: User) -> None:
    if not can_edit_roadmap(by, assessment):
        raise PermissionDenied
    if assessment.status == Assessment.Status.VALIDATED:
        raise ValidationError(
            _("The diagnostic is validated: its targets can no longer change. Reopen it first.")
        )


def _keep_level_before(target: AxisTarget) -> None:
    """Targets are created in bulk, without history: record the level before a first change,
    so that the change reads from → to."""
    if not target.history.exists():  # type: ignore[attr-defined]
        target.save(update_fields=["level"])


def _propose(
    assessment: Assessment, by: User, keep: frozenset[int] = frozenset()
) -> list[AxisTarget]:
    """Aim each axis one stage above its score, capped at the top stage, but the axes in
    ``keep``. Recorded as proposed from the scores, by ``by``."""
    scores = {s.axis_id: s.score for s in assessment.axis_scores.all() if s.score is not None}
    if not scores:
        raise ValidationError(_("Submit the diagnostic first: targets follow from its scores."))
    changed = []
    for target in AxisTarget.objects.select_for_update().filter(assessment=assessment):
        if target.axis_id not in scores or target.axis_id in keep:
            continue
        level = Decimal(planning.proposed_target(float(scores[target.axis_id]), MAX_LEVEL))
        if target.level != level:
            _keep_level_before(target)
            target.level = level
            target._change_reason = PROPOSED_TARGET  # type: ignore[attr-defined]
            target._history_user = by  # type: ignore[attr-defined]
            target.save(update_fields=["level"])
            changed.append(target)
    return changed


@transaction.atomic
def targets_propose(*, assessment: Assessment, by: User) -> list[AxisTarget]:
    """Propose every axis's target again from the scores (the consultant asked for it: the
    levels typed by a person are replaced too, and the history keeps them)."""
    _ensure_targets_open(assessment, by)
    return _propose(assessment, by)


def _targets_set(assessment: Assessment) -> frozenset[int]:
    """The axes whose target was set by a person: changed last by someone, not by a proposal,
    or, in a follow-up, carried over from the baseline (T1 is measured against T0's aims)."""
    latest: dict[int, str | None] = {}
    records = AxisTarget.history.filter(assessment_id=assessment.pk)  # type: ignore[attr-defined]
    for axis_id, reason in records.order_by("history_date", "history_id").values_list(
        "axis_id", "history_change_reason"
    ):
        latest[axis_id] = reason
    typed = {axis for axis, reason in latest.items() if reason != PROPOSED_TARGET}
    if assessment.baseline_id is not None:
        typed |= set(
            AxisTarget.objects.filter(assessment_id=assessment.baseline_id).values_list(
                "axis_id", flat=True
            )
        )
    return frozenset(typed)


@transaction.atomic
def targets_propose_on_submission(*, assessment: Assessment, by: User) -> list[AxisTarget]:
    """Propose the targets nobody has set yet, once the scores are stored: a target a person
    typed (or a follow-up's carried-over one) stays; the consultant may change the rest until
    the diagnostic is validated, or propose all of them again from the plan page."""
    return _propose(assessment, by, keep=_targets_set(assessment))


@transaction.atomic
def targets_change(
    *, assessment: Assessment, levels: Mapping[int, Decimal], by: User
) -> list[AxisTarget]:
    """Change the targets of several axes (keys are axis ids) at once, or none."""
    targets = assessment.targets.filter(axis_id__in=levels)
    return [target_change(target=t, level=levels[t.axis_id], by=by) for t in targets]


@transaction.atomic
def target_change(*, target: AxisTarget, level: Decimal, by: User) -> AxisTarget:
    """Change one axis's target; its history keeps who, when, and the level before."""
    target = (
        AxisTarget.objects.select_for_update()
        .select_related("assessment", "axis")
        .get(pk=target.pk)
    )
    _ensure_targets_open(target.assessment, by)
    if not 0 <= level <= MAX_LEVEL:
        raise ValidationError(
            {
                "level": _("The target for %(axis)s must be between 0 and 5.")
                % {"axis": target.axis.name}
            }
        )
    if level != target.level:
        _keep_level_before(target)
        target.level = level
        target._history_user = by  # type: ignore[attr-defined]
        target.save(update_fields=["level"])
    return target
