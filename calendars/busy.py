"""Busy times in: an employee's calendar export (.ics) becomes their unavailability.

Busy means every event that is not free (Outlook's X-MICROSOFT-CDO-BUSYSTATUS, else TRANSP)
and not CANCELLED; recurring events are expanded over the period by recurring-ical-events
(RRULE, RDATE, EXDATE, moved occurrences), after a check that bounds the work (no rule that
walks past MAX_RULE_STEPS, at most MAX_OCCURRENCES, a time budget). An event ending before
it starts, or in an unknown time zone, is refused by name. Overlapping busy times are
merged. Re-uploading replaces what the previous upload created and nothing else: time away
that HR enters or imports is never merged into imported rows, and a row HR re-imports is
no longer the calendar's. A bad file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
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
# Events in the file, counted before parsing: icalendar took 16 s to parse a 5 MiB export of
# 26,000 events on a loaded two-core machine, all of them outside the period.
MAX_FILE_EVENTS = 10_000
# Steps a recurrence engine may take walking every rule from its DTSTART to the end of the
# period: a 231-byte FREQ=SECONDLY rule started years ago would otherwise never finish.
MAX_RULE_STEPS = 100_000
# Wall-clock budget of one upload (parse, check, expand); a worker must not be held longer.
TIME_BUDGET_S = 10.0
Interval = tuple[dt.datetime, dt.datetime]

_FREQ_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
# Outlook's own free/busy status, more precise than TRANSP when both are there.
_OUTLOOK_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"


def _moment(value: dt.date | dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Dates are whole days and floating times are local, both in the employee's zone."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tzinfo=zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _is_free(event: Any) -> bool:
    status = str(event.get(_OUTLOOK_STATUS, "")).upper()
    if status:
        return status == "FREE"
    return str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"


def _interval(event: Any, zone: zoneinfo.ZoneInfo) -> Interval | None:
    if _is_free(event):
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


def _name(event: Any) -> str:
    summary = str(event.get("SUMMARY", "")).strip()
    uid = str(event.get("UID", "")).strip()
    label = summary or uid or "(no summary)"
    return f'event "{label}"' + (f" ({uid})" if summary and uid else "")


def _refuse(event: Any, why: str) -> ServiceError:
    return ServiceError(f"{_name(event)}: {why}", field="file")


def _check_zones(event: Any, known: set[str]) -> None:
    """A TZID must be defined by a VTIMEZONE in the file or be an IANA name; else the times
    would silently be read in another zone."""
    for name in ("DTSTART", "DTEND"):
        prop = event.get(name)
        tzid = prop.params.get("TZID") if prop is not None else None
        if not tzid or tzid in known:
            continue
        try:
            zoneinfo.ZoneInfo(tzid)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise _refuse(
                event, f'unknown time zone "{tzid}" (no VTIMEZONE in the file, not an IANA name)'
            ) from None


def _check_times(event: Any, zone: zoneinfo.ZoneInfo) -> None:
    if "DTSTART" not in event or "DTEND" not in event:
        return
    start = _moment(event.decoded("DTSTART"), zone)
    end = _moment(event.decoded("DTEND"), zone)
    if end < start:
        raise _refuse(event, f"ends ({end.isoformat()}) before it starts ({start.isoformat()})")


def _rule_steps(event: Any, zone: zoneinfo.ZoneInfo, until: dt.datetime) -> int:
    """An upper bound of the occurrences a recurrence engine walks for this event's rules
    from its DTSTART up to `until` (the end of the period), without expanding anything."""
    rules = event.get("RRULE")
    if rules is None or "DTSTART" not in event:
        return 0
    start = _moment(event.decoded("DTSTART"), zone)
    steps = 0
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq not in _FREQ_SECONDS:
            continue  # the recurrence engine names the bad rule
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        end = until
        rule_until = (rule.get("UNTIL") or [None])[0]
        if rule_until is not None:
            end = min(end, _moment(rule_until, zone))
        periods = max(0, int((end - start).total_seconds()) // (_FREQ_SECONDS[freq] * interval))
        by = 1
        for key, values in rule.items():
            if str(key).upper().startswith("BY"):
                by *= max(1, len(values))
        count = (rule.get("COUNT") or [None])[0]
        if count is not None and by == 1:
            periods = min(periods, int(count))
        steps += (periods + 1) * by
    return steps


def _check(calendar: Calendar, zone: zoneinfo.ZoneInfo, until: dt.datetime) -> None:
    """Refuse, naming the event, what cannot be read safely, before expanding anything."""
    known = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
    steps = 0
    for event in calendar.walk("VEVENT"):
        _check_zones(event, known)
        _check_times(event, zone)
        steps += _rule_steps(event, zone, until)
        if steps > MAX_RULE_STEPS:
            raise _refuse(
                event,
                f"its repeat rule ({event.get('RRULE').to_ical().decode()}) gives more than "
                f"{MAX_RULE_STEPS:,} occurrences up to the end of the period; export the "
                "calendar without it, or over a shorter range",
            )


def busy_intervals(
    *,
    ics_bytes: bytes,
    zone: str,
    period_start: dt.datetime,
    period_end: dt.datetime,
    budget_s: float = TIME_BUDGET_S,
) -> tuple[list[Interval], int]:
    """The merged busy intervals of a calendar within the period, and how many events."""
    deadline = time.monotonic() + budget_s
    events = ics_bytes.count(b"BEGIN:VEVENT")
    if events > MAX_FILE_EVENTS:
        raise ServiceError(
            f"the file holds {events:,} events; at most {MAX_FILE_EVENTS:,} are read: export "
            "only the coming months",
            field="file",
        )
    try:
        calendar = Calendar.from_ical(ics_bytes.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ServiceError("the file is not UTF-8 text", field="file") from None
    except ValueError as exc:
        raise ServiceError(f"the file is not an iCalendar file: {exc}", field="file") from None
    if calendar.name != "VCALENDAR":
        raise ServiceError("the file holds no VCALENDAR", field="file")
    tz = zoneinfo.ZoneInfo(zone)
    try:
        _check(calendar, tz, period_end)
    except (ValueError, TypeError, KeyError) as exc:
        raise ServiceError(f"the calendar cannot be read: {exc}", field="file") from None
    found = []
    count = 0
    try:
        # Never past the period: an unbounded rule is walked only up to its end (and, by the
        # check above, only when that walk is short).
        occurrences = recurring_ical_events.of(calendar).between(period_start, period_end)
        for event in occurrences:
            count += 1
            if count > MAX_OCCURRENCES:
                raise ServiceError(
                    f"the calendar has more than {MAX_OCCURRENCES} events in the period; at "
                    "most that many are read",
                    field="file",
                )
            if time.monotonic() > deadline:
                raise ServiceError(
                    f"the calendar takes more than {budget_s:g} s to read; export a shorter range",
                    field="file",
                )
            if event.name != "VEVENT":
                continue
            interval = _interval(event, tz)
            if interval is None:
                continue
            start, end = max(interval[0], period_start), min(interval[1], period_end)
            if end > start:
                found.append((start, end))
    except (ValueError, TypeError, KeyError, recurring_ical_events.InvalidCalendar) as exc:
        raise ServiceError(f"the calendar cannot be read: {exc}", field="file") from None
    if time.monotonic() > deadline:
        raise ServiceError(
            f"the calendar takes more than {budget_s:g} s to read; export a shorter range",
            field="file",
        )
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


def busy_release(*, rows: Iterable[int]) -> None:
    """Time away rows HR has entered or imported stop being the calendar's: a re-upload no
    longer deletes them (connected to `unavailability_claimed` in CalendarsConfig.ready)."""
    BusyImport.unavailability.through.objects.filter(unavailability_id__in=list(rows)).delete()
