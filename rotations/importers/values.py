"""Cell parsers: each returns the value or raises ValueError with a message for the report."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

_TRUE = frozenset({"1", "true", "yes", "y", "x"})
_FALSE = frozenset({"", "0", "false", "no", "n"})
_TAG_SEPARATORS = re.compile(r"[|,;]")
_DURATION_ISO = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?$", re.IGNORECASE)
_DURATION_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_WORD = re.compile(r"^[a-z0-9_]+$")


def required(text: str) -> str:
    if not text:
        raise ValueError("is empty")
    return text


def boolean(text: str) -> bool:
    folded = text.lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f'"{text}" is not yes/no (use true, false, yes, no, 1 or 0)')


def integer(text: str, *, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a whole number') from None
    if value < minimum:
        raise ValueError(f"must be at least {minimum}, got {value}")
    return value


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a date like 2027-01-31') from None


def tags(text: str) -> list[str]:
    """`hvac|design` (or commas/semicolons inside a quoted cell): lower-case, deduplicated."""
    seen: dict[str, None] = {}
    for tag in _TAG_SEPARATORS.split(text):
        if tag.strip():
            seen[tag.strip().lower()] = None
    return list(seen)


def word(text: str) -> str:
    """A lower-case identifier such as a slot kind (`ride_along`)."""
    folded = text.strip().lower().replace(" ", "_").replace("-", "_")
    if not _WORD.match(folded):
        raise ValueError(f'"{text}" must be letters, digits and underscores, like ride_along')
    return folded


def timezone(text: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(required(text))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if not text:
            raise
        raise ValueError(f'"{text}" is not an IANA time zone like America/Detroit') from None


def duration(text: str) -> dt.timedelta:
    """ISO 8601 hours and minutes (`PT2H30M`) or a clock length (`2:30`)."""
    iso = _DURATION_ISO.match(text)
    clock = _DURATION_CLOCK.match(text)
    if iso and (iso.group(1) or iso.group(2)):
        value = dt.timedelta(hours=int(iso.group(1) or 0), minutes=int(iso.group(2) or 0))
    elif clock:
        value = dt.timedelta(hours=int(clock.group(1)), minutes=int(clock.group(2)))
    else:
        raise ValueError(f'"{text}" is not a duration like PT2H30M or 2:30')
    if value <= dt.timedelta(0):
        raise ValueError("must be longer than zero")
    return value
