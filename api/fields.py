"""Field types the API is strict about: instants with an offset, IANA zones, short tags."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.strict import StrictCharField

# Dates and instants outside these years are refused: nothing is planned there, and date
# arithmetic near year 1 or 9999 overflows.
MIN_YEAR, MAX_YEAR = 2000, 2100


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_zone(value: str) -> None:
    if value not in _zones():
        raise serializers.ValidationError(f"{value!r} is not an IANA time zone (America/Detroit)")


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 instant that must carry its UTC offset (`...-05:00` or `...Z`)."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601 with an offset")
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise serializers.ValidationError(
                "is not a date and time like 2027-01-05T09:00:00-05:00"
            )
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise serializers.ValidationError(
                "must carry a UTC offset, e.g. 2027-01-05T09:00:00-05:00 or ...Z"
            )
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise serializers.ValidationError(f"must be between {MIN_YEAR} and {MAX_YEAR}")
        return parsed.astimezone(dt.UTC)


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise serializers.ValidationError(f"must be between {MIN_YEAR} and {MAX_YEAR}")
        return day


@extend_schema_field({"type": "string", "example": "America/Detroit"})
class TimeZoneField(StrictCharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        self.validators.append(check_zone)


def tags_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=50), max_length=50, required=False, **kwargs
    )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


@extend_schema_field({"type": "object", "additionalProperties": True})
class JsonObjectField(serializers.JSONField):
    """A JSON object (PostgreSQL's jsonb refuses NUL characters, so they are refused here)."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError("must be a JSON object")
        if _has_nul(value):
            raise serializers.ValidationError("must not contain NUL characters")
        return value
