"""Writes to a brief's narrative: cluster staff write and submit, the coordinator approves or
returns it (four eyes), nothing changes in a locked period."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Cluster
from reports.monitoring.models import BriefNarrative, Period
from reports.monitoring.rules import can_approve_narrative, se_can_approve, se_can_write_narrative
from reports.monitoring.services.indicators import ensure_unlocked

Status = BriefNarrative.Status


@transaction.atomic
def narrative_save(
    *,
    period: Period,
    cluster: Cluster,
    by: User,
    progress: str,
    risks: str,
    next_steps: str,
    submit: bool = False,
) -> BriefNarrative:
    """Write the narrative (a draft, or a returned one again); ``submit`` sends it for approval."""
    ensure_unlocked(period)
    if not se_can_write_narrative(by, cluster):
        raise ValidationError(_("Only the cluster's staff write its brief's narrative."))
    narrative, _created = BriefNarrative.objects.select_for_update().get_or_create(
        period=period, cluster=cluster, defaults={"written_by": by}
    )
    if narrative.status in (Status.SUBMITTED, Status.APPROVED):
        raise ValidationError(_("This narrative is submitted or approved: it cannot change now."))
    narrative.progress, narrative.risks, narrative.next_steps = (
        progress.strip(),
        risks.strip(),
        next_steps.strip(),
    )
    narrative.written_by, narrative.written_at = by, timezone.now()
    fields = ["progress", "risks", "next_steps", "written_by", "written_at"]
    if submit:
        if not (narrative.progress and narrative.risks and narrative.next_steps):
            raise ValidationError(
                _(
                    "Write the progress, the risks and mitigation and the next quarter "
                    "before submitting."
                )
            )
        narrative.status, narrative.submitted_by = Status.SUBMITTED, by
        fields += ["status", "submitted_by"]
    narrative.save(update_fields=fields)
    return narrative


def _for_review(narrative: BriefNarrative, by: User) -> BriefNarrative:
    if not se_can_approve(by):
        raise ValidationError(_("Only the programme coordinator approves narratives."))
    ensure_unlocked(narrative.period)
    locked = (
        BriefNarrative.objects.select_for_update().select_related("period").get(pk=narrative.pk)
    )
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted narrative can be approved or returned."))
    return locked


@transaction.atomic
def narrative_approve(*, narrative: BriefNarrative, by: User) -> BriefNarrative:
    narrative = _for_review(narrative, by)
    if not can_approve_narrative(by, narrative):
        raise ValidationError(
            _("You wrote or submitted this narrative: another person approves it (four eyes)."),
            code="four_eyes",
        )
    narrative.status, narrative.approved_by, narrative.approved_at = (
        Status.APPROVED,
        by,
        timezone.now(),
    )
    narrative.save(update_fields=["status", "approved_by", "approved_at"])
    return narrative


@transaction.atomic
def narrative_return(*, narrative: BriefNarrative, by: User, comment: str) -> BriefNarrative:
    narrative = _for_review(narrative, by)
    if not comment.strip():
        raise ValidationError(_("Say what needs changing when returning a narrative."))
    narrative.status, narrative.review_comment = Status.RETURNED, comment.strip()
    narrative.save(update_fields=["status", "review_comment"])
    return narrative
