"""Local times from spreadsheets: read in a site's zone, refusing DST gaps and ambiguity."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def localize(naive: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """Attach `tz` to a wall-clock time; raise ValueError if that time is skipped or repeated."""
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    # A wall time inside a spring-forward gap does not survive a round trip through UTC.
    if early.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValueError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks skip it); "
            "pick another time"
        )
    if early.utcoffset() != late.utcoffset():
        raise ValueError(
            f"{naive:%Y-%m-%d %H:%M} happens twice in {tz.key} (the clocks go back); "
            f"add the offset, e.g. {early.isoformat()} or {late.isoformat()}"
        )
    return early


def is_date_only(text: str) -> bool:
    return bool(_DATE_ONLY.match(text.strip()))


def moment(text: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """`2027-01-05 09:00` in `tz`, or with its own offset (`...T09:00-05:00`, `...Z`)."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f'"{text}" is not a date and time like 2027-01-05 09:00 or 2027-01-05T09:00-05:00'
        ) from None
    if value.tzinfo is not None:
        return value
    return localize(value, tz)


def day_start(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """Midnight at the start of `day` in `tz` (a skipped midnight is an error, as above)."""
    return localize(dt.datetime.combine(day, dt.time.min), tz)
