"""Unavailability rows: whole days or times, in the employee's zone."""

from __future__ import annotations

import zoneinfo

from rotations.importers import unavailability
from rotations.importers.unavailability import parse_unavailability
from tests.csvtools import table

HEADER = "employee_id,start,end,reason\n"
PEOPLE = {"E1": zoneinfo.ZoneInfo("America/Phoenix")}


def _parse(body: str):
    parsed = table(HEADER + body, required=unavailability.COLUMNS, optional=unavailability.OPTIONAL)
    return parse_unavailability(parsed, people=PEOPLE)


def test_plain_dates_cover_whole_days_through_the_end_date():
    records, errors = _parse("E1,2027-02-01,2027-02-05,PTO\n")
    assert errors == []
    (record,) = records
    assert record.start.isoformat() == "2027-02-01T00:00:00-07:00"
    assert record.end.isoformat() == "2027-02-06T00:00:00-07:00"
    assert record.reason == "PTO"


def test_times_are_read_in_the_employees_zone():
    records, _ = _parse("E1,2027-02-01 13:00,2027-02-01 17:00,Dentist\n")
    assert records[0].start.isoformat() == "2027-02-01T13:00:00-07:00"


def test_every_bad_row_is_reported():
    _, errors = _parse(
        "E2,2027-02-01,2027-02-02,\n"
        "E1,2027-02-05,2027-02-01,\n"
        "E1,soon,,\n"
        "E1,2027-02-01,2027-02-05,PTO\n"
        "E1,2027-02-01,2027-02-05,again\n"
    )
    assert [str(e) for e in errors] == [
        'line 2, column employee_id: no employee "E2" (import staff first)',
        "line 3, column end: 2027-02-01 is not after start 2027-02-05",
        'line 4, column start: "soon" is not a date and time like 2027-01-05 09:00 or '
        "2027-01-05T09:00-05:00",
        "line 4, column end: is empty",
        "line 6, column start: the same interval is on line 5",
    ]
