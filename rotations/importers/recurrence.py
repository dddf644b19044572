"""Recurring slot rows: an RFC 5545 RRULE expanded in the host's wall-clock time."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from dateutil.rrule import rrule, rrulestr

from rotations.importers.times import localize

# Expanding FREQ=MINUTELY over a quarter by mistake should fail loudly, not fill the table.
MAX_OCCURRENCES = 500
_UTC_UNTIL = re.compile(r"UNTIL=\d{8}(T\d{6})?Z", re.IGNORECASE)


def parse_rule(text: str, start: dt.datetime, tz: zoneinfo.ZoneInfo) -> rrule:
    """Parse `FREQ=WEEKLY;BYDAY=TU` (an `RRULE:` prefix is allowed) from a naive start.

    dateutil wants a UTC UNTIL with an aware start and a floating one with a naive start, so
    the start is tagged with `tz` only when UNTIL ends in Z. Either way the occurrences keep
    the start's wall-clock time.
    """
    body = text.strip().removeprefix("RRULE:").removeprefix("rrule:")
    if not body or "\n" in body or "DTSTART" in body.upper():
        raise ValueError(f'"{text}" is not one RRULE like FREQ=WEEKLY;BYDAY=TU')
    anchor = start.replace(tzinfo=tz) if _UTC_UNTIL.search(body) else start
    try:
        rule = rrulestr(body, dtstart=anchor)
    except (ValueError, TypeError) as exc:
        raise ValueError(f'"{text}" is not a valid RRULE ({exc})') from None
    if not isinstance(rule, rrule):
        raise ValueError(f'"{text}" is not one RRULE like FREQ=WEEKLY;BYDAY=TU')
    return rule


def occurrences(
    rule_text: str,
    start: dt.datetime,
    length: dt.timedelta,
    tz: zoneinfo.ZoneInfo,
    period: tuple[dt.date, dt.date],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every (start, end) of the rule whose local date falls within `period` (inclusive).

    `start` is the wall-clock time of the first occurrence (naive, in `tz`), so 09:00 stays
    09:00 across a DST change; an occurrence that falls in a gap or an overlap is an error.
    """
    rule = parse_rule(rule_text, start, tz)
    first = dt.datetime.combine(period[0], dt.time.min)
    last = dt.datetime.combine(period[1], dt.time.max)
    if _UTC_UNTIL.search(rule_text):  # the rule was anchored in `tz` (see parse_rule)
        first = first.replace(tzinfo=tz)
    found: list[tuple[dt.datetime, dt.datetime]] = []
    for when in rule.xafter(first, inc=True):
        if when.replace(tzinfo=None) > last:
            break
        if len(found) == MAX_OCCURRENCES:
            raise ValueError(f"gives more than {MAX_OCCURRENCES} sessions in the period")
        local = localize(when.replace(tzinfo=None), tz)
        # The length is elapsed time: a 3-hour session across a DST change still lasts 3 hours.
        end = (local.astimezone(dt.UTC) + length).astimezone(tz)
        found.append((local, end))
    return found
