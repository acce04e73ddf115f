"""Access helpers every API module uses, with the same scoping and predicates as the views.

Objects come through the apps' ``*_visible_to`` selectors and ``object_or_404`` (someone
else's object is a 404, never data); what a user may change is decided by the apps'
``can_*`` predicates, asked through ``require`` (403).
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from rest_framework.exceptions import NotFound, PermissionDenied


def has_nul(values: Iterable[object]) -> bool:
    """PostgreSQL refuses NUL in text: such a lookup or filter matches nothing, not a 500."""
    return any("\x00" in value for value in values if isinstance(value, str))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def code_or_404(value: object) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as exc:
        raise NotFound from exc


def object_or_404(queryset: Any, **lookup: object) -> Any:
    if has_nul(lookup.values()):
        raise NotFound
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound
    return found
