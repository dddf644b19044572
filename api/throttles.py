"""Request rates, counted in the default cache (Redis in production, so all workers share it).

DRF's throttles read their rates once, at import; these read them on each request, so a
changed REST_FRAMEWORK setting (tests, a reload) applies at once.
"""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    scope: str

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope)
        return None if rate is None else str(rate)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_LiveRate, UserRateThrottle):
    scope = "user"


class SolveThrottle(_LiveRate, UserRateThrottle):
    """Solving costs minutes of CPU: a stricter rate, per user, on top of the general one."""

    scope = "solve"
