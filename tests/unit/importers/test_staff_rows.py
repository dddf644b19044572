"""Staff rows: every kind of bad cell is reported with its line and column."""

from __future__ import annotations

import datetime as dt

from rotations.importers import staff
from rotations.importers.staff import parse_staff
from tests.csvtools import table

HEADER = "employee_id,name,email,role,department,site,timezone,hire_date,tags\n"


def _parse(body: str):
    return parse_staff(table(HEADER + body, required=staff.COLUMNS, optional=staff.OPTIONAL))


def test_a_good_row_becomes_a_record():
    records, errors = _parse(
        "E1,Ana Lee,Ana@Example.com,Backroom,CAD,Detroit,America/Detroit,2026-11-02,hvac|Design\n"
    )
    assert errors == []
    (record,) = records
    assert record.email == "ana@example.com"
    assert record.role == "backroom"
    assert record.hire_date == dt.date(2026, 11, 2)
    assert record.tags == ("hvac", "design")
    assert record.active is True


def test_hire_date_and_tags_may_be_empty():
    records, errors = _parse("R1,Bo,bo@example.com,rep,Sales,Denver,America/Denver,,\n")
    assert errors == []
    assert records[0].hire_date is None
    assert records[0].tags == ()


def test_every_bad_cell_is_reported():
    _, errors = _parse(",,not-an-email,manager,,,Mars/Olympus,31/12/2026,\n")
    assert [(e.line, e.column) for e in errors] == [
        (2, "employee_id"),
        (2, "name"),
        (2, "email"),
        (2, "role"),
        (2, "department"),
        (2, "site"),
        (2, "timezone"),
        (2, "hire_date"),
    ]
    messages = {e.column: e.message for e in errors}
    assert messages["role"] == '"manager" is not one of backroom, rep'
    assert messages["timezone"] == '"Mars/Olympus" is not an IANA time zone like America/Detroit'
    assert messages["hire_date"] == '"31/12/2026" is not a date like 2027-01-31'


def test_a_duplicate_employee_id_names_the_first_line():
    _, errors = _parse(
        "E1,Ana,a@example.com,backroom,CAD,Detroit,America/Detroit,,\n"
        "E1,Bo,b@example.com,backroom,CAD,Detroit,America/Detroit,,\n"
    )
    assert [str(e) for e in errors] == ['line 3, column employee_id: "E1" is also on line 2']


def test_a_site_cannot_have_two_zones_in_one_file():
    _, errors = _parse(
        "E1,Ana,a@example.com,backroom,CAD,Detroit,America/Detroit,,\n"
        "E2,Bo,b@example.com,backroom,CAD,Detroit,America/Chicago,,\n"
    )
    assert [str(e) for e in errors] == [
        'line 3, column timezone: site "Detroit" is in America/Detroit on line 2, '
        "not America/Chicago"
    ]


def test_the_optional_active_column_deactivates():
    body = "employee_id,name,email,role,department,site,timezone,active\n"
    body += "E1,Ana,a@example.com,backroom,CAD,Detroit,America/Detroit,no\n"
    records, errors = parse_staff(table(body, required=staff.COLUMNS, optional=staff.OPTIONAL))
    assert errors == []
    assert records[0].active is False
