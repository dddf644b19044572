"""Calendar arithmetic in the plan timezone: local dates, ISO weeks, interval overlap.

The contract counts dates and ISO weeks in `horizon.timezone`, never in UTC or in the
offset a datetime happens to carry: 23:30 local on a Sunday is still that Sunday.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

IsoWeek = tuple[int, int]  # (ISO year, ISO week number)


@lru_cache(maxsize=32)
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local_date(moment: dt.datetime, timezone: str) -> dt.date:
    """The calendar date of an aware datetime, seen in `timezone`."""
    return moment.astimezone(zone(timezone)).date()


def iso_week(moment: dt.datetime, timezone: str) -> IsoWeek:
    """The ISO (year, week) of an aware datetime, seen in `timezone`."""
    year, week, _ = local_date(moment, timezone).isocalendar()
    return (year, week)


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share an instant."""
    return a_start < b_end and b_start < a_end


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def epoch_us(moment: dt.datetime) -> int:
    """Exact microseconds since the Unix epoch: a cheap, comparable key for aware datetimes."""
    return (moment - _EPOCH) // _MICROSECOND
