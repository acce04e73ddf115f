"""Serializers every part of the API shares: the error body, objects named by code."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers


def request_user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return request.user if request is not None else AnonymousUser()


class CodeRelatedField(serializers.SlugRelatedField):
    """An object named by its code or username; NUL (refused by PostgreSQL) names nothing."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="")
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a message, and for invalid input the messages per field."""

    detail = serializers.CharField(required=False)
