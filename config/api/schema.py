"""The OpenAPI schema also describes refusals, so that clients (and schemathesis) expect them."""

from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from config.api.serializers import ErrorSerializer

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
ERRORS = {
    "400": "Invalid input, or refused by a rule (the message says why).",
    "401": "No valid token or session.",
    "403": "Visible to you, but you may not do this.",
    "404": "Not found, or not visible to you.",
    "409": "Changed by someone else since you read it.",
    "415": "Unsupported content type.",
    "429": "Too many requests (API_THROTTLE_USER): wait the Retry-After seconds.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "429"]
        if self.method in WRITES:
            codes += ["409", "415"]
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code] = response | {"description": ERRORS[code]}
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    """Our hashed tokens (knox) under DRF's header: ``Authorization: Token <key>``."""

    target_class = "config.api.tokens.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A token from your "API access" page, with the prefix "Token ".',
        }
