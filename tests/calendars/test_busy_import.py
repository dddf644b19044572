"""Busy times in: an exported calendar becomes unavailability; re-upload replaces it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from calendars.busy import REASON, busy_import
from calendars.models import BusyImport
from rotations.models import Unavailability
from rotations.services.errors import ServiceError
from tests.factories import EmployeeFactory, UnavailabilityFactory, local

pytestmark = pytest.mark.django_db
DETROIT = zoneinfo.ZoneInfo("America/Detroit")
PERIOD = (local(2027, 3, 1, 0), local(2027, 3, 29, 0))

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def _ics(*events: str, vtimezone: str = VTIMEZONE) -> bytes:
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\n"
    body += vtimezone
    for index, event in enumerate(events):
        body += f"BEGIN:VEVENT\nUID:ev-{index}\nDTSTAMP:20270101T000000Z\n{event.strip()}\n"
        body += "END:VEVENT\n"
    body += "END:VCALENDAR\n"
    return body.replace("\n", "\r\n").encode()


def _away(employee) -> list[tuple[dt.datetime, dt.datetime, str]]:
    return [
        (u.start.astimezone(DETROIT), u.end.astimezone(DETROIT), u.reason)
        for u in Unavailability.objects.filter(employee=employee).order_by("start")
    ]


def test_busy_events_become_unavailability_and_free_ones_do_not():
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART:20270302T150000Z\nDTEND:20270302T160000Z\nSUMMARY:Audit call",
        "DTSTART:20270303T150000Z\nDTEND:20270303T160000Z\nTRANSP:TRANSPARENT\nSUMMARY:Free",
        "DTSTART:20270304T150000Z\nDTEND:20270304T160000Z\nSTATUS:CANCELLED\nSUMMARY:Off",
        "DTSTART;VALUE=DATE:20270305\nDTEND;VALUE=DATE:20270306\nSUMMARY:Conference",
        "DTSTART:20270420T150000Z\nDTEND:20270420T160000Z\nSUMMARY:After the period",
        # floating time: read in the employee's zone (Detroit)
        "DTSTART:20270308T130000\nDURATION:PT30M\nSUMMARY:Floating",
    )
    record = busy_import(
        employee=employee, ics_bytes=ics, period_start=PERIOD[0], period_end=PERIOD[1]
    )
    assert _away(employee) == [
        (local(2027, 3, 2, 10), local(2027, 3, 2, 11), REASON),
        (local(2027, 3, 5, 0), local(2027, 3, 6, 0), REASON),
        (local(2027, 3, 8, 13), local(2027, 3, 8, 13, 30), REASON),
    ]
    assert record.events == 3
    assert record.unavailability.count() == 3


def test_recurring_events_expand_over_the_period_across_the_dst_change():
    """A weekly 9:00 meeting in Outlook's zone stays at 9:00 Detroit time after March 14."""
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART;TZID=Eastern Standard Time:20270201T090000\n"
        "DTEND;TZID=Eastern Standard Time:20270201T100000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270322T235959Z\n"
        "EXDATE;TZID=Eastern Standard Time:20270308T090000\n"
        "SUMMARY:Month-end close"
    )
    busy_import(employee=employee, ics_bytes=ics, period_start=PERIOD[0], period_end=PERIOD[1])
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (local(2027, 3, 1, 9), local(2027, 3, 1, 10)),
        (local(2027, 3, 15, 9), local(2027, 3, 15, 10)),  # after the change: still 09:00
        (local(2027, 3, 22, 9), local(2027, 3, 22, 10)),
    ]


def test_overlapping_busy_times_are_merged_and_clipped_to_the_period():
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART:20270302T150000Z\nDTEND:20270302T170000Z",
        "DTSTART:20270302T160000Z\nDTEND:20270302T180000Z",
        "DTSTART:20270228T120000Z\nDTEND:20270301T070000Z",  # 02:00 Detroit on March 1
    )
    busy_import(employee=employee, ics_bytes=ics, period_start=PERIOD[0], period_end=PERIOD[1])
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (local(2027, 3, 1, 0), local(2027, 3, 1, 2)),
        (local(2027, 3, 2, 10), local(2027, 3, 2, 13)),
    ]


def test_uploading_again_replaces_the_previous_import_and_keeps_other_time_away():
    employee = EmployeeFactory.create()
    pto = UnavailabilityFactory.create(employee=employee)
    first = _ics("DTSTART:20270302T150000Z\nDTEND:20270302T160000Z")
    second = _ics("DTSTART:20270310T150000Z\nDTEND:20270310T160000Z")
    busy_import(employee=employee, ics_bytes=first, period_start=PERIOD[0], period_end=PERIOD[1])
    busy_import(employee=employee, ics_bytes=second, period_start=PERIOD[0], period_end=PERIOD[1])
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (pto.start.astimezone(DETROIT), pto.end.astimezone(DETROIT)),
        (local(2027, 3, 10, 10), local(2027, 3, 10, 11)),  # EST until March 14
    ]
    assert BusyImport.objects.filter(employee=employee).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "not UTF-8"),
        (b"this is not a calendar", "not an iCalendar file"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "VCALENDAR"),
        (
            (
                b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270302T150000Z\r\n"
                b"RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
            "cannot be read",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_field_and_changes_nothing(content, message):
    employee = EmployeeFactory.create()
    good = _ics("DTSTART:20270302T150000Z\nDTEND:20270302T160000Z")
    busy_import(employee=employee, ics_bytes=good, period_start=PERIOD[0], period_end=PERIOD[1])
    before = _away(employee)
    with pytest.raises(ServiceError) as caught:
        busy_import(
            employee=employee, ics_bytes=content, period_start=PERIOD[0], period_end=PERIOD[1]
        )
    assert caught.value.field == "file"
    assert message in caught.value.message
    assert _away(employee) == before


def test_a_reversed_period_is_refused():
    employee = EmployeeFactory.create()
    with pytest.raises(ServiceError) as caught:
        busy_import(
            employee=employee, ics_bytes=_ics(), period_start=PERIOD[1], period_end=PERIOD[0]
        )
    assert caught.value.field == "period_end"
