"""Slot rows: single or recurring, in the host's zone, every bad cell reported."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from rotations.importers import slots
from rotations.importers.slots import HostRef, parse_slots
from tests.csvtools import table

HEADER = "host_employee_id,start,end,capacity,kind,remote,tags,rrule,dtstart,duration\n"
HOSTS = {
    "R1": HostRef(zoneinfo.ZoneInfo("America/Denver"), is_rep=True, active=True),
    "E9": HostRef(zoneinfo.ZoneInfo("America/Denver"), is_rep=False, active=True),
    "R8": HostRef(zoneinfo.ZoneInfo("America/Denver"), is_rep=True, active=False),
}
MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 31))


def _parse(body: str, period=MARCH):
    parsed = table(HEADER + body, required=slots.COLUMNS, optional=slots.OPTIONAL)
    return parse_slots(parsed, hosts=HOSTS, period=period)


def test_times_without_offset_are_read_in_the_hosts_zone():
    records, errors = _parse("R1,2027-03-02 09:00,2027-03-02 12:00,2,Customer Visit,yes,hvac,,,\n")
    assert errors == []
    (record,) = records
    assert record.start.isoformat() == "2027-03-02T09:00:00-07:00"
    assert (record.capacity, record.kind, record.remote, record.tags) == (
        2,
        "customer_visit",
        True,
        ("hvac",),
    )


def test_a_recurring_row_expands_over_the_period():
    records, errors = _parse("R1,,,1,ride_along,,,FREQ=WEEKLY;BYDAY=TU,2027-03-02 08:00,PT3H\n")
    assert errors == []
    assert [r.start.day for r in records] == [2, 9, 16, 23, 30]
    assert {r.line for r in records} == {2}
    assert records[-1].start.isoformat() == "2027-03-30T08:00:00-06:00"


def test_a_recurring_row_needs_a_period():
    _, errors = _parse("R1,,,1,ride_along,,,FREQ=WEEKLY,2027-03-02 08:00,PT3H\n", period=None)
    assert [e.column for e in errors] == ["rrule"]
    assert "needs an import period" in errors[0].message


def test_a_row_cannot_be_both_single_and_recurring():
    _, errors = _parse(
        "R1,2027-03-02 09:00,2027-03-02 12:00,1,ride_along,,,FREQ=WEEKLY,2027-03-02 08:00,PT3H\n"
    )
    assert [e.column for e in errors] == ["rrule"]


def test_every_bad_cell_is_reported():
    _, errors = _parse(
        "R1,2027-03-14 02:30,2027-03-14 04:00,0,ride/along,maybe,,,,\n"
        "R1,2027-03-03 12:00,2027-03-03 09:00,1,ride_along,,,,,\n"
        "R1,,,1,ride_along,,,FREQ=WEEKLY,2027-03-02 08:00,3 hours\n"
        "R1,yesterday,,1,ride_along,,,,,\n"
    )
    assert [(e.line, e.column) for e in errors] == [
        (2, "capacity"),
        (2, "kind"),
        (2, "remote"),
        (2, "start"),
        (3, "end"),
        (4, "duration"),
        (5, "start"),
        (5, "end"),
    ]
    assert "does not exist in America/Denver" in errors[3].message
    assert errors[4].message == "2027-03-03 09:00 is not after start 2027-03-03 12:00"
    assert errors[7].message == "is empty"


def test_hosts_must_exist_be_reps_and_be_active():
    _, errors = _parse(
        "R404,2027-03-02 09:00,2027-03-02 12:00,1,ride_along,,,,,\n"
        "E9,2027-03-02 09:00,2027-03-02 12:00,1,ride_along,,,,,\n"
        "R8,2027-03-02 09:00,2027-03-02 12:00,1,ride_along,,,,,\n"
    )
    assert [str(e) for e in errors] == [
        'line 2, column host_employee_id: no employee "R404" (import staff first)',
        'line 3, column host_employee_id: "E9" is not a rep, so cannot host',
        'line 4, column host_employee_id: "R8" is not active',
    ]


def test_two_rows_for_the_same_host_and_start_are_refused():
    _, errors = _parse(
        "R1,2027-03-02 09:00,2027-03-02 12:00,1,ride_along,,,,,\n"
        "R1,,,1,ride_along,,,FREQ=WEEKLY;COUNT=1,2027-03-02 09:00,PT1H\n"
    )
    assert [str(e) for e in errors] == [
        "line 3, column start: R1 already has a slot at 2027-03-02 09:00 (line 2)"
    ]


def test_an_ambiguous_time_with_an_offset_is_accepted():
    records, errors = _parse(
        "R1,2027-11-07T01:30-07:00,2027-11-07T03:00-07:00,1,ride_along,,,,,\n",
        period=(dt.date(2027, 11, 1), dt.date(2027, 11, 30)),
    )
    assert errors == []
    assert records[0].end - records[0].start == dt.timedelta(hours=1, minutes=30)
