"""Busy-calendar uploads are bounded and precise: no rule expands past the period, Outlook's
free/busy status counts, bad times are named, and HR's own time away is never the calendar's."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from calendars.busy import busy_import, busy_intervals
from rotations.models import Unavailability
from rotations.roles import EMPLOYEE_GROUP
from rotations.services.errors import ServiceError
from rotations.services.imports import unavailability_import
from tests.calendars.test_api import _client
from tests.calendars.test_busy_import import PERIOD, _away, _ics
from tests.factories import EmployeeFactory, local

pytestmark = pytest.mark.django_db

# The 231-byte file: one event repeating every second since 2020, with no end.
SECONDLY = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Cal 1.0//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:ticks\r\n"
    b"DTSTAMP:20270101T000000Z\r\nDTSTART:20200101T000000Z\r\nDTEND:20200101T000001Z\r\n"
    b"RRULE:FREQ=SECONDLY\r\nSUMMARY:Ticks\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _import(employee, ics: bytes):
    return busy_import(
        employee=employee, ics_bytes=ics, period_start=PERIOD[0], period_end=PERIOD[1]
    )


def test_a_231_byte_secondly_rule_is_refused_with_400_at_once():
    assert len(SECONDLY) == 231
    me = EmployeeFactory.create()
    began = time.monotonic()
    response = _client(EMPLOYEE_GROUP, me).post(
        "/api/v1/me/busy-calendar/",
        {
            "file": SimpleUploadedFile("cal.ics", SECONDLY),
            "start": "2027-03-01",
            "until": "2027-03-31",
        },
        format="multipart",
    )
    # A hang guard, not a performance figure: the refusal comes before any expansion.
    assert time.monotonic() - began < 2
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert 'event "Ticks" (ticks)' in message and "FREQ=SECONDLY" in message
    assert not Unavailability.objects.filter(employee=me).exists()


def test_a_minutely_rule_over_the_period_is_refused_and_a_weekly_one_is_not():
    employee = EmployeeFactory.create()
    # Every minute since New Year 2026: 600,000 steps before the period ends.
    minutely = _ics("DTSTART:20260101T150000Z\nDTEND:20260101T150100Z\nRRULE:FREQ=MINUTELY")
    with pytest.raises(ServiceError, match="FREQ=MINUTELY"):
        _import(employee, minutely)
    weekly = _ics("DTSTART:20100104T150000Z\nDTEND:20100104T160000Z\nRRULE:FREQ=WEEKLY")
    assert _import(employee, weekly).events == 4


def test_occurrences_are_capped(monkeypatch):
    monkeypatch.setattr("calendars.busy.MAX_OCCURRENCES", 10)
    employee = EmployeeFactory.create()
    daily = _ics("DTSTART:20270301T150000Z\nDTEND:20270301T160000Z\nRRULE:FREQ=DAILY")
    with pytest.raises(ServiceError, match="more than 10 events"):
        _import(employee, daily)


def test_the_time_budget_stops_a_slow_upload():
    daily = _ics("DTSTART:20270301T150000Z\nDTEND:20270301T160000Z\nRRULE:FREQ=DAILY")
    with pytest.raises(ServiceError, match="takes more than"):
        busy_intervals(
            ics_bytes=daily,
            zone="America/Detroit",
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            budget_s=0,
        )


def test_outlook_free_status_is_not_busy_even_when_opaque():
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART:20270302T150000Z\nDTEND:20270302T160000Z\nTRANSP:OPAQUE\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE\nSUMMARY:Optional webinar",
        "DTSTART:20270303T150000Z\nDTEND:20270303T160000Z\nTRANSP:OPAQUE\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF\nSUMMARY:Out of office",
    )
    _import(employee, ics)
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (local(2027, 3, 3, 10), local(2027, 3, 3, 11))
    ]


def test_an_event_ending_before_it_starts_is_refused_by_name():
    employee = EmployeeFactory.create()
    ics = _ics("DTSTART:20270302T160000Z\nDTEND:20270302T150000Z\nSUMMARY:Backwards")
    with pytest.raises(ServiceError, match=r'event "Backwards" \(ev-0\): ends .* before it starts'):
        _import(employee, ics)
    assert not Unavailability.objects.filter(employee=employee).exists()


def test_an_unknown_time_zone_is_refused_by_name():
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART;TZID=Mars/Olympus:20270302T090000\nDTEND;TZID=Mars/Olympus:20270302T100000\n"
        "SUMMARY:Rover sync"
    )
    with pytest.raises(ServiceError, match=r'event "Rover sync".*unknown time zone "Mars/Olympus"'):
        _import(employee, ics)


def test_an_iana_time_zone_without_vtimezone_is_read():
    employee = EmployeeFactory.create()
    ics = _ics(
        "DTSTART;TZID=Europe/Paris:20270302T150000\nDTEND;TZID=Europe/Paris:20270302T160000",
        vtimezone="",
    )
    _import(employee, ics)
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (local(2027, 3, 2, 9), local(2027, 3, 2, 10))
    ]


def test_hr_time_away_equal_to_a_busy_interval_survives_every_re_upload():
    employee = EmployeeFactory.create(employee_id="E1")
    ics = _ics("DTSTART:20270302T150000Z\nDTEND:20270302T160000Z")
    other = _ics("DTSTART:20270310T150000Z\nDTEND:20270310T160000Z")
    _import(employee, ics)
    # HR lists the very same interval in a time-away file after the calendar upload.
    hr_file = "employee_id,start,end,reason\nE1,2027-03-02T15:00Z,2027-03-02T16:00Z,Audit\n"
    assert unavailability_import(data=hr_file.encode()).ok
    for upload in (ics, other, ics, other):
        _import(employee, upload)
        assert (local(2027, 3, 2, 10), local(2027, 3, 2, 11), "Audit") in _away(employee)


def test_hr_time_away_entered_first_is_never_taken_by_an_upload():
    employee = EmployeeFactory.create(employee_id="E1")
    hr_file = "employee_id,start,end\nE1,2027-03-02T15:00Z,2027-03-02T16:00Z\n"
    assert unavailability_import(data=hr_file.encode()).ok
    ics = _ics("DTSTART:20270302T150000Z\nDTEND:20270302T160000Z")
    for upload in (ics, _ics(), ics):
        _import(employee, upload)
    assert [(s, e) for s, e, _ in _away(employee)] == [
        (local(2027, 3, 2, 10), local(2027, 3, 2, 11))
    ]


def test_a_file_with_too_many_events_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr("calendars.busy.MAX_FILE_EVENTS", 3)
    employee = EmployeeFactory.create()
    events = [f"DTSTART:2020010{day}T150000Z\nDTEND:2020010{day}T160000Z" for day in range(1, 5)]
    with pytest.raises(ServiceError, match="holds 4 events; at most 3"):
        _import(employee, _ics(*events))
    assert _import(employee, _ics(*events[:3])).events == 0  # all before the period


def test_an_imported_row_hr_edits_in_the_admin_survives_re_uploads(admin_client):
    employee = EmployeeFactory.create(employee_id="E1")
    ics = _ics("DTSTART:20270302T150000Z\nDTEND:20270302T160000Z")
    _import(employee, ics)
    row = Unavailability.objects.get(employee=employee)
    response = admin_client.post(
        f"/admin/rotations/unavailability/{row.pk}/change/",
        {
            "employee": employee.pk,
            "start_0": "2027-03-02",
            "start_1": "15:00:00",  # the admin works in UTC
            "end_0": "2027-03-02",
            "end_1": "16:00:00",
            "reason": "Audit (confirmed by HR)",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for upload in (_ics(), ics):
        _import(employee, upload)
    assert (local(2027, 3, 2, 10), local(2027, 3, 2, 11), "Audit (confirmed by HR)") in _away(
        employee
    )
