"""Refusals from the services become 400 (409 for an edit conflict) with their message."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(_body(exc), status=_status(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, ValidationError) and response is not None:
        response.data = _with_detail(response.data)
    return response


def conflict(refused: DjangoValidationError, current: Any) -> Response:
    """A 409 with the refusal's message and what is stored now, to reconcile with."""
    body = {"detail": " ".join(refused.messages), "current": current}
    return Response(body, status=status.HTTP_409_CONFLICT)


def _with_detail(data: Any) -> dict[str, Any]:
    """Every 400 has a ``detail`` a script can print; the messages per field stay beside it."""
    if isinstance(data, dict):
        if "detail" in data:
            return data
        general = data.get("non_field_errors")
        messages = general if general else _messages(data)
        return {"detail": " ".join(messages)} | data
    return {"detail": " ".join(_messages(data))}


def _messages(data: Any) -> list[str]:
    """The messages of a DRF error body, however nested (a list of rows, a field's dict)."""
    if isinstance(data, dict):
        return [m for value in data.values() for m in _messages(value)]
    if isinstance(data, list):
        return [m for value in data for m in _messages(value)]
    return [str(data)]


def _body(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        fields = {name: messages for name, messages in exc.message_dict.items()}
        general = fields.pop("__all__", [])
        return {"detail": " ".join(general or _flatten(fields))} | fields
    return {"detail": " ".join(exc.messages)}


def _flatten(fields: dict[str, list[str]]) -> list[str]:
    return [message for messages in fields.values() for message in messages]


def _status(exc: DjangoValidationError) -> int:
    if getattr(exc, "code", None) == "conflict":
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST
