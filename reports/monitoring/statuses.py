"""The words and symbols of progress statuses, shared by pages, the brief and the exports."""

from django.utils.translation import gettext_lazy as _

from reports.monitoring.indicators.progress import (
    AT_RISK,
    NO_DATA,
    NO_TARGET,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
)

STATUSES = {
    ON_TRACK: ("●", _("On track")),
    AT_RISK: ("▲", _("At risk")),
    OFF_TRACK: ("▼", _("Off track")),
    NO_DATA: ("○", _("No data")),
    NO_TARGET: ("", _("No target")),
    NOT_STARTED: ("…", _("Not started")),
}


def status_label(status: str) -> str:
    return str(STATUSES.get(status, ("", status))[1])


def status_symbol(status: str) -> str:
    return STATUSES.get(status, ("", ""))[0]
