"""Busy times in: an employee's calendar export (.ics) becomes their unavailability.

Busy means every event that is not TRANSPARENT (free) and not CANCELLED; recurring events
are expanded over the period by recurring-ical-events (RRULE, RDATE, EXDATE, moved
occurrences). Overlapping busy times are merged. Re-uploading replaces what the previous
upload created and nothing else; a bad file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from icalendar import Calendar

from calendars.models import BusyImport
from rotations.models import Employee, Unavailability
from rotations.services.errors import ServiceError

REASON = "Busy (imported calendar)"
MAX_OCCURRENCES = 5000
Interval = tuple[dt.datetime, dt.datetime]


def _moment(value: dt.date | dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Dates are whole days and floating times are local, both in the employee's zone."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tzinfo=zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _interval(event: Any, zone: zoneinfo.ZoneInfo) -> Interval | None:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if "DTSTART" not in event:
        return None
    start_value = event.decoded("DTSTART")
    if "DTEND" in event:
        end_value = event.decoded("DTEND")
    elif "DURATION" in event:
        end_value = start_value + event.decoded("DURATION")
    elif isinstance(start_value, dt.datetime):
        return None  # an instant takes no time (RFC 5545 3.6.1)
    else:
        end_value = start_value + dt.timedelta(days=1)
    start, end = _moment(start_value, zone), _moment(end_value, zone)
    return (start, end) if end > start else None


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def busy_intervals(
    *, ics_bytes: bytes, zone: str, period_start: dt.datetime, period_end: dt.datetime
) -> tuple[list[Interval], int]:
    """The merged busy intervals of a calendar within the period, and how many events."""
    try:
        calendar = Calendar.from_ical(ics_bytes.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ServiceError("the file is not UTF-8 text", field="file") from None
    except ValueError as exc:
        raise ServiceError(f"the file is not an iCalendar file: {exc}", field="file") from None
    if calendar.name != "VCALENDAR":
        raise ServiceError("the file holds no VCALENDAR", field="file")
    try:
        occurrences = recurring_ical_events.of(calendar).between(period_start, period_end)
    except (ValueError, TypeError, KeyError, recurring_ical_events.InvalidCalendar) as exc:
        raise ServiceError(f"the calendar cannot be read: {exc}", field="file") from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise ServiceError(
            f"the calendar has {len(occurrences)} events in the period; at most "
            f"{MAX_OCCURRENCES} are read",
            field="file",
        )
    tz = zoneinfo.ZoneInfo(zone)
    found = []
    for event in occurrences:
        if event.name != "VEVENT":
            continue
        interval = _interval(event, tz)
        if interval is None:
            continue
        start, end = max(interval[0], period_start), min(interval[1], period_end)
        if end > start:
            found.append((start, end))
    return _merged(found), len(found)


def busy_import(
    *,
    employee: Employee,
    ics_bytes: bytes,
    period_start: dt.datetime,
    period_end: dt.datetime,
    by: AbstractBaseUser | None = None,
) -> BusyImport:
    """Replace the employee's imported busy times with those of `ics_bytes`, all or nothing."""
    if period_start.tzinfo is None or period_end.tzinfo is None:
        raise ServiceError("the period needs a time zone", field="period_start")
    if period_end <= period_start:
        raise ServiceError("the period ends before it starts", field="period_end")
    intervals, events = busy_intervals(
        ics_bytes=ics_bytes,
        zone=employee.site.timezone,
        period_start=period_start,
        period_end=period_end,
    )
    with transaction.atomic():
        previous = BusyImport.objects.select_for_update().filter(employee=employee).first()
        if previous is not None:
            Unavailability.objects.filter(pk__in=previous.unavailability.values("pk")).delete()
        # Time away entered another way already blocks that exact interval: keep it as it is.
        taken = set(Unavailability.objects.filter(employee=employee).values_list("start", "end"))
        rows = Unavailability.objects.bulk_create(
            Unavailability(employee=employee, start=start, end=end, reason=REASON)
            for start, end in intervals
            if (start, end) not in taken
        )
        record, _ = BusyImport.objects.update_or_create(
            employee=employee,
            defaults={
                "uploaded_by": by,
                "period_start": period_start,
                "period_end": period_end,
                "events": events,
            },
        )
        record.unavailability.set(rows)
    return record
