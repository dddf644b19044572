"""Unavailability CSV: employee_id,start,end,reason.

Times without an offset are read in the employee's site zone. A plain date is a whole day:
`start` 2027-02-01 and `end` 2027-02-05 cover Monday morning to Friday night.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from rotations.importers import values
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import RowError
from rotations.importers.rows import RowReader
from rotations.importers.times import day_start, is_date_only, moment

COLUMNS = ("employee_id", "start", "end")
OPTIONAL = ("reason",)


@dataclass(frozen=True)
class UnavailabilityRecord:
    line: int
    employee_id: str
    start: dt.datetime
    end: dt.datetime
    reason: str


def _start(text: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    if is_date_only(text):
        return day_start(values.date(text), tz)
    return moment(values.required(text), tz)


def _end(text: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    if is_date_only(text):  # the end date is the last day away: up to the next midnight
        return day_start(values.date(text) + dt.timedelta(days=1), tz)
    return moment(values.required(text), tz)


def parse_unavailability(
    table: CsvTable, *, people: Mapping[str, zoneinfo.ZoneInfo]
) -> tuple[list[UnavailabilityRecord], list[RowError]]:
    """`people` maps each known employee_id to their site's zone."""
    errors: list[RowError] = list(table.errors)
    records: list[UnavailabilityRecord] = []
    first_line: dict[tuple[str, dt.datetime, dt.datetime], int] = {}
    for row in table.rows:
        cells = RowReader(row, errors)
        employee_id = cells.cell("employee_id", values.required, "")
        zone = people.get(employee_id)
        if employee_id and zone is None:
            cells.error("employee_id", f'no employee "{employee_id}" (import staff first)')
        tz = zone or zoneinfo.ZoneInfo("UTC")
        start = cells.cell("start", partial(_start, tz=tz), None)
        end = cells.cell("end", partial(_end, tz=tz), None)
        if start is not None and end is not None:
            if end <= start:
                cells.error("end", f"{cells.text('end')} is not after start {cells.text('start')}")
            elif (employee_id, start, end) in first_line:
                line = first_line[(employee_id, start, end)]
                cells.error("start", f"the same interval is on line {line}")
            else:
                first_line[(employee_id, start, end)] = row.line
        if cells.ok and start is not None and end is not None:
            records.append(
                UnavailabilityRecord(row.line, employee_id, start, end, cells.text("reason"))
            )
    return records, errors
