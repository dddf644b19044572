"""Slots CSV: host_employee_id,start,end,capacity,kind,remote,tags.

A recurring row gives rrule,dtstart,duration instead of start,end, and stands for every
occurrence within the import period.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from rotations.importers import values
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import RowError
from rotations.importers.recurrence import occurrences
from rotations.importers.rows import RowReader
from rotations.importers.times import moment

COLUMNS = ("host_employee_id", "capacity", "kind")
OPTIONAL = ("start", "end", "remote", "tags", "rrule", "dtstart", "duration")


@dataclass(frozen=True)
class HostRef:
    """What the importer must know of an employee named as host."""

    timezone: zoneinfo.ZoneInfo  # their site's zone: times without an offset are read in it
    is_rep: bool
    active: bool


@dataclass(frozen=True)
class SlotRecord:
    line: int
    host_employee_id: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    kind: str
    remote: bool
    tags: tuple[str, ...]


def _times(
    cells: RowReader, tz: zoneinfo.ZoneInfo, period: tuple[dt.date, dt.date] | None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The row's sessions: one (start, end), or every occurrence of its rule in `period`."""
    single = bool(cells.text("start") or cells.text("end"))
    recurring = bool(cells.text("rrule") or cells.text("dtstart") or cells.text("duration"))
    if single and recurring:
        cells.error("rrule", "give either start and end, or rrule, dtstart and duration")
        return []
    if not recurring:
        start = cells.cell("start", lambda t: moment(values.required(t), tz), None)
        end = cells.cell("end", lambda t: moment(values.required(t), tz), None)
        if start is None or end is None:
            return []
        if end <= start:
            cells.error("end", f"{cells.text('end')} is not after start {cells.text('start')}")
            return []
        return [(start, end)]
    rule = cells.cell("rrule", values.required, "")
    first = cells.cell("dtstart", lambda t: moment(values.required(t), tz), None)
    length = cells.cell("duration", lambda t: values.duration(values.required(t)), None)
    if period is None:
        cells.error("rrule", "a recurring row needs an import period (--plan, or --from/--until)")
        return []
    if not rule or first is None or length is None:
        return []
    # The rule repeats the start's wall-clock time in the host's zone.
    wall = first.astimezone(tz).replace(tzinfo=None)
    try:
        return occurrences(rule, wall, length, tz, period)
    except ValueError as exc:
        cells.error("rrule", str(exc))
        return []


def parse_slots(
    table: CsvTable,
    *,
    hosts: Mapping[str, HostRef],
    period: tuple[dt.date, dt.date] | None = None,
) -> tuple[list[SlotRecord], list[RowError]]:
    errors: list[RowError] = list(table.errors)
    records: list[SlotRecord] = []
    first_line: dict[tuple[str, dt.datetime], int] = {}
    for row in table.rows:
        cells = RowReader(row, errors)
        host_id = cells.cell("host_employee_id", values.required, "")
        host = hosts.get(host_id)
        if host_id and host is None:
            cells.error("host_employee_id", f'no employee "{host_id}" (import staff first)')
        elif host is not None and not host.is_rep:
            cells.error("host_employee_id", f'"{host_id}" is not a rep, so cannot host')
        elif host is not None and not host.active:
            cells.error("host_employee_id", f'"{host_id}" is not active')
        capacity = cells.cell(
            "capacity", lambda t: values.integer(values.required(t), minimum=1), 1
        )
        kind = cells.cell("kind", lambda t: values.word(values.required(t)), "")
        remote = cells.cell("remote", values.boolean, False)
        tags = tuple(values.tags(cells.text("tags")))
        sessions = _times(cells, host.timezone if host else zoneinfo.ZoneInfo("UTC"), period)
        for start, _ in sessions:
            key = (host_id, start)
            if key in first_line:
                cells.error(
                    "start",
                    f"{host_id} already has a slot at {start:%Y-%m-%d %H:%M}"
                    f" (line {first_line[key]})",
                )
            else:
                first_line[key] = row.line
        if not cells.ok:
            continue
        records.extend(
            SlotRecord(row.line, host_id, start, end, capacity, kind, remote, tags)
            for start, end in sessions
        )
    return records, errors
