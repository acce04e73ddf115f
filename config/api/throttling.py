"""Request rates per user (token or session). Anonymous calls need no throttle: DRF refuses
them (401) before it would count them.

The rates are read from ``settings.API_THROTTLE_RATES`` at each request, not frozen at
import as DRF's own classes do: ``None`` switches a scope off (the test suite does). The
counts live in the cache (Redis in production); when it cannot be reached, requests are let
in: an outage of the cache never becomes an outage of the API."""

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import UserRateThrottle

logger = logging.getLogger(__name__)


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        rate: str | None = settings.API_THROTTLE_RATES.get(self.scope)
        return rate

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            allowed: bool = super().allow_request(request, view)  # type: ignore[misc]
        except (RedisError, OSError):
            logger.warning("API throttle: the cache cannot be reached; request let in")
            return True
        return allowed


class UserThrottle(_RateFromSettings, UserRateThrottle):
    pass
