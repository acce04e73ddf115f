"""The all-or-nothing import of a cluster's PME list, from rows checked at preview."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import imports
from assessments.models import Cluster, Company
from assessments.services import company_create

MAX_LISTED_ERRORS = 20


@transaction.atomic
def companies_import(*, cluster: Cluster, rows: list[dict[str, Any]], by: User) -> list[Company]:
    """Register every PME of the list in ``cluster``, or none of them.

    The rows are checked again here, since the register may have changed since the
    preview; any problem, found now or raised by the database, undoes the whole import.
    """
    if not rows:
        raise ValidationError(_("There is no PME to import."))
    cleaned, errors = imports.check_rows(cluster=cluster, rows=rows)
    if errors:
        raise ValidationError(_refusal(errors))
    try:
        return [
            company_create(by=by, cluster=cluster, **{f: values[f] for f in imports.FIELDS})
            for values in cleaned
        ]
    except IntegrityError as exc:
        raise ValidationError(
            _("Another user registered one of these PMEs meanwhile. Nothing was imported.")
        ) from exc


def _refusal(errors: list[imports.RowError]) -> list[str]:
    summary = ngettext(
        "Nothing was imported: %(count)s problem was found.",
        "Nothing was imported: %(count)s problems were found.",
        len(errors),
    ) % {"count": len(errors)}
    return [summary] + [error.text for error in errors[:MAX_LISTED_ERRORS]]
