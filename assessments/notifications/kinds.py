"""The kinds of e-mail, as data: for each, who it concerns, who receives it about one event,
what it says (its templates) and where it links.

Each app declares its own kinds beside its models: the diagnostics' and the plan days' here,
the reports' in ``reports.documents.notifications`` and ``reports.monitoring.notifications``
(registered by ``ReportsConfig.ready``). ``services.notification_send`` does the rest:
preferences, scope, language, sending once.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.accompaniment.models import Plan, PlanDay
from assessments.accompaniment.selectors import plans_visible_to
from assessments.models import Assessment
from assessments.notifications import ics
from assessments.rules import is_cluster_staff, is_consultant, is_pme_manager
from assessments.selectors import assessments_visible_to

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Recipient:
    address: str
    user: User | None = None  # None: a contact person without an account


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


@dataclass(frozen=True)
class Mailing:
    """One event of a kind: what its message says and who may receive it."""

    key: str  # the event: sending twice the same key to an address sends once
    context: dict[str, object]
    path: str  # the page the message links to
    recipients: list[Recipient]
    sees: Callable[[User], bool]  # whether a user may see the object (scope)
    attachments: Callable[[], list[Attachment]] = field(default=lambda: [])


@dataclass(frozen=True)
class Kind:
    key: str
    label: "str | _StrPromise"
    concerns: Callable[[User], bool]  # the account page offers its switch to these users
    template: str  # <template>_subject.txt, <template>.txt, <template>.html
    mailing: Callable[[int], Mailing | None]  # None: nothing to say any more
    order: int = 0


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def kinds_for(user: User) -> list[Kind]:
    """The kinds that concern a user, in the order the account page lists them."""
    return sorted((k for k in KINDS.values() if k.concerns(user)), key=lambda k: k.order)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _visible(queryset_for: Callable[[User], object], pk: int) -> Callable[[User], bool]:
    return lambda user: queryset_for(user).filter(pk=pk).exists()  # type: ignore[attr-defined]


def _users(users: object) -> list[Recipient]:
    return [Recipient(address=u.email, user=u) for u in users]  # type: ignore[attr-defined]


def _moment(value: datetime.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _assessment(pk: int, status: str) -> Assessment | None:
    return (
        Assessment.objects.select_related("company__cluster", "consultant")
        .filter(pk=pk, status=status)
        .first()
    )


def diagnostic_submitted(assessment_id: int) -> Mailing | None:
    assessment = _assessment(assessment_id, Assessment.Status.SUBMITTED)
    if assessment is None:
        return None  # reopened or validated meanwhile: nothing left to validate
    return Mailing(
        key=f"{assessment.pk}:{_moment(assessment.submitted_at)}",
        context={"assessment": assessment, "company": assessment.company},
        path=assessment.get_absolute_url(),
        recipients=_users(assessment.company.cluster.staff.all()),
        sees=_visible(assessments_visible_to, assessment.pk),
    )


def diagnostic_validated(assessment_id: int) -> Mailing | None:
    assessment = _assessment(assessment_id, Assessment.Status.VALIDATED)
    if assessment is None:
        return None
    return Mailing(
        key=f"{assessment.pk}:{_moment(assessment.validated_at)}",
        context={"assessment": assessment, "company": assessment.company},
        path=reverse("assessments:results", args=[assessment.code]),
        recipients=_users(assessment.company.managers.all()),
        sees=_visible(assessments_visible_to, assessment.pk),
    )


def day_coming(day_id: int) -> Mailing | None:
    day = (
        PlanDay.objects.select_related("plan__assessment__company", "plan__assessment__consultant")
        .filter(pk=day_id, date__isnull=False, outcome=PlanDay.Outcome.PLANNED)
        .first()
    )
    if day is None:
        return None
    assert day.date is not None
    plan = day.plan
    company = plan.assessment.company
    return Mailing(
        key=f"{day.pk}:{day.date.isoformat()}",
        context={"day": day, "plan": plan, "company": company},
        path=plan.get_absolute_url(),
        recipients=[
            Recipient(address=plan.assessment.consultant.email, user=plan.assessment.consultant)
        ]
        + _contact(plan),
        sees=_visible(plans_visible_to, plan.pk),
        attachments=lambda: [_invitation(day, plan)],
    )


def _contact(plan: Plan) -> list[Recipient]:
    """The PME's contact person: through their manager account when they have one (their
    language and their switches then count), else at the address the PME gave."""
    company = plan.assessment.company
    address = company.contact_email.strip()
    if not address:
        return []
    account = company.managers.filter(email__iexact=address).first()
    return [Recipient(address=address, user=account)]


def day_hours(day: PlanDay) -> tuple[datetime.datetime, datetime.datetime]:
    """When a day of accompaniment starts and ends, in the programme's time zone."""
    assert day.date is not None
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.time.fromisoformat(settings.PLAN_DAY_START)
    end = datetime.time.fromisoformat(settings.PLAN_DAY_END)
    return (
        datetime.datetime.combine(day.date, start, tzinfo=zone),
        datetime.datetime.combine(day.date, end, tzinfo=zone),
    )


def _invitation(day: PlanDay, plan: Plan) -> Attachment:
    company = plan.assessment.company
    start, end = day_hours(day)
    summary = gettext("Maturité 4.0 — day %(number)s of %(total)s at %(company)s") % {
        "number": day.number,
        "total": Plan.DAYS,
        "company": company.name,
    }
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    event = ics.Event(
        uid=f"plan-{plan.code}-day-{day.number}@{host}",
        start=start,
        end=end,
        summary=summary,
        location=f"{company.name}, {company.city}",
        description=day.objectives,
        url=absolute(plan.get_absolute_url()),
        sequence=day.revision,
    )
    content = ics.calendar(event, stamp=timezone.now(), product="-//Maturité 4.0//Plan//FR")
    return Attachment(f"maturite40-day-{day.number}.ics", content, "text/calendar")


register(
    Kind(
        key="diagnostic_submitted",
        label=_("A diagnostic of my cluster is submitted and waits for validation"),
        concerns=is_cluster_staff,
        template="assessments/email/submitted",
        mailing=diagnostic_submitted,
        order=10,
    )
)
register(
    Kind(
        key="diagnostic_validated",
        label=_("My PME's diagnostic is validated"),
        concerns=is_pme_manager,
        template="assessments/email/validated",
        mailing=diagnostic_validated,
        order=20,
    )
)
register(
    Kind(
        key="day_coming",
        label=_("A day of accompaniment is tomorrow (with a calendar invitation)"),
        concerns=is_consultant | is_pme_manager,
        template="assessments/email/day_coming",
        mailing=day_coming,
        order=30,
    )
)
