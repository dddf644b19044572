"""Request rates, counted in the default cache (Redis in production, so all workers share it).

DRF's throttles read their rates once, at import; these read them on each request, so a
changed REST_FRAMEWORK setting (tests, a reload) applies at once.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

if TYPE_CHECKING:  # rest_framework.views imports the throttles at run time
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

# A cache outage is logged at most this often (every request would otherwise log it).
_LOG_EVERY_S = 60.0
_last_logged = 0.0


class _LiveRate:
    scope: str

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope)
        return None if rate is None else str(rate)

    def allow_request(self, request: Request, view: APIView) -> bool:
        """Fail open: with the cache (Redis) out of reach the request goes through, and the
        outage is logged, rather than every API call answering 500."""
        global _last_logged
        try:
            return bool(super().allow_request(request, view))  # type: ignore[misc]
        except Exception:
            if time.monotonic() - _last_logged >= _LOG_EVERY_S:
                _last_logged = time.monotonic()
                logger.warning("throttling is off: the cache is out of reach", exc_info=True)
            return True


class AnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_LiveRate, UserRateThrottle):
    scope = "user"


class SolveThrottle(_LiveRate, UserRateThrottle):
    """Solving costs minutes of CPU: a stricter rate, per user, on top of the general one."""

    scope = "solve"
