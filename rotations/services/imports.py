"""Import services: one per kind, used alike by the API, the page and the commands.

Bytes in, a report out: decode and split the file, validate every row, then write it in one
transaction, or nothing. A dry run does the same work and rolls it back, so its counts are
the real ones, and it reports the conflicts the import would raise in solved and published
plans (beyond those they have). Re-importing a file is idempotent: employees are matched by
employee_id, slots by host and start, time away by employee and interval. An optional column
that the file does not have leaves the stored values alone; an empty cell in a column it has
clears the value.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction

from rotations.importers import slots, staff, unavailability
from rotations.importers.csvfile import CsvTable, read_csv
from rotations.importers.errors import CsvFileError, ImportReport, PlanConflicts, RowError
from rotations.importers.slots import HostRef, parse_slots
from rotations.importers.staff import parse_staff
from rotations.importers.unavailability import parse_unavailability
from rotations.models import (
    Department,
    Employee,
    HostingSlot,
    PlanStatus,
    Role,
    RotationPlan,
    Site,
    Unavailability,
)
from rotations.selectors.conflicts import plan_conflicts
from rotations.signals import unavailability_claimed

M = TypeVar("M", bound=models.Model)
Period = tuple[dt.date, dt.date]

COLUMNS: dict[str, tuple[Sequence[str], Sequence[str]]] = {
    "staff": (staff.COLUMNS, staff.OPTIONAL),
    "slots": (slots.COLUMNS, slots.OPTIONAL),
    "unavailability": (unavailability.COLUMNS, unavailability.OPTIONAL),
}


# Imports of other apps (the program's wishes) join the same path through
# `import_kind_register`: one size check, one CSV reader, one dry run; rotations imports none.
_REGISTERED: dict[str, Callable[[CsvTable], ImportReport]] = {}


def import_kind_register(
    *,
    kind: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    run: Callable[[CsvTable], ImportReport],
) -> None:
    """Add an import kind; `run` writes a parsed table in its own all-or-nothing transaction."""
    COLUMNS[kind] = (required, optional)
    _REGISTERED[kind] = run


def import_max_bytes() -> int:
    """The largest file any import path accepts (API_UPLOAD_MAX_BYTES, 5 MiB by default)."""
    return int(settings.API_UPLOAD_MAX_BYTES)


def too_large_message(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {import_max_bytes():,}: split it"


def _table(kind: str, data: bytes | str | None, table: CsvTable | None) -> CsvTable | ImportReport:
    """The parsed file, or a failed report saying why it cannot be read."""
    if table is not None:
        return table
    if data is None:
        raise TypeError("give data or table")
    size = len(data.encode() if isinstance(data, str) else data)
    if size > import_max_bytes():
        return ImportReport.failed(kind, [RowError(1, "", too_large_message(size))])
    required, optional = COLUMNS[kind]
    try:
        return read_csv(data, required=required, optional=optional)
    except CsvFileError as exc:
        return ImportReport.failed(kind, exc.errors)


def _applied(kind: str, table: CsvTable) -> tuple[str, ...]:
    required, optional = COLUMNS[kind]
    return (*required, *(c for c in optional if table.has(c)))


def _upsert(
    report: ImportReport,
    key: str,
    model: type[M],
    existing: M | None,
    new: dict[str, Any],
    to_create: list[M],
    to_update: list[M],
) -> None:
    """Queue `existing` for update when a field differs, or a new row when there is none.

    Foreign keys are given by their `_id` attribute, so comparing them costs no query.
    """
    if existing is None:
        to_create.append(model(**new))
        report.created += 1
        return
    changed = [name for name, value in new.items() if getattr(existing, name) != value]
    if not changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(existing, name, new[name])
    to_update.append(existing)
    report.changed(key, [name.removesuffix("_id") for name in changed])


def _save(model: type[M], to_create: list[M], to_update: list[M], fields: Sequence[str]) -> None:
    model._default_manager.bulk_create(to_create)
    if to_update and fields:
        model._default_manager.bulk_update(to_update, list(fields))


Span = tuple[dt.datetime, dt.datetime]
_Known = dict[int, set[tuple[int, str, str]]]


def _plans_affected(span: Span | None) -> list[RotationPlan]:
    """The plans an import can raise conflicts in: solved or published, overlapping `span`
    (the imported rows' time; None: any time). A day of slack covers every plan's time zone."""
    plans = RotationPlan.objects.filter(status__in=(PlanStatus.SOLVED, PlanStatus.PUBLISHED))
    if span is not None:
        day = dt.timedelta(days=1)
        plans = plans.filter(
            period_start__lte=(span[1] + day).date(), period_end__gte=(span[0] - day).date()
        )
    return list(plans.order_by("period_start", "pk"))


def _conflicts_known(plans: list[RotationPlan]) -> _Known:
    return {
        plan.pk: {(c.assignment.pk, c.rule, c.message) for c in plan_conflicts(plan=plan)}
        for plan in plans
    }


def _dry_run_start(*, dry_run: bool, span: Span | None = None) -> tuple[list[RotationPlan], _Known]:
    """Inside the import's transaction, before it writes: a dry run notes the conflicts the
    affected plans have now, to report only the ones the import would add."""
    if not dry_run:
        return [], {}
    plans = _plans_affected(span)
    return plans, _conflicts_known(plans)


def _finish(
    report: ImportReport,
    *,
    dry_run: bool,
    before: tuple[list[RotationPlan], _Known] = ([], {}),
) -> ImportReport:
    """Inside the import's transaction: a dry run counts the conflicts its writes would raise
    in plans (see `_dry_run_start`), then undoes everything it wrote."""
    if dry_run:
        report.dry_run = True
        plans, known = before
        after = _conflicts_known(plans)
        report.conflicts = [
            PlanConflicts(plan_id=plan.pk, plan=plan.name, new=new)
            for plan in plans
            if (new := len(after[plan.pk] - known[plan.pk]))
        ]
        transaction.set_rollback(True)
    return report


def _span(records: Sequence[Any]) -> Span | None:
    if not records:
        return None
    return min(r.start for r in records), max(r.end for r in records)


def staff_import(
    *, data: bytes | str | None = None, table: CsvTable | None = None, dry_run: bool = False
) -> ImportReport:
    parsed = _table("staff", data, table)
    if isinstance(parsed, ImportReport):
        return parsed
    records, errors = parse_staff(parsed)
    if errors:
        return ImportReport.failed("staff", errors)
    report = ImportReport(kind="staff", columns=_applied("staff", parsed))
    optional = [c for c in staff.OPTIONAL if parsed.has(c)]
    with transaction.atomic():
        before = _dry_run_start(dry_run=dry_run)  # people's changes touch any plan
        sites = {site.name: site for site in Site.objects.select_for_update()}
        for record in records:
            site = sites.get(record.site)
            if site is None:
                sites[record.site] = Site.objects.create(name=record.site, timezone=record.timezone)
            elif site.timezone != record.timezone:
                site.timezone = record.timezone
                site.save(update_fields=["timezone"])
        departments = {d.name: d for d in Department.objects.all()}
        for name in {r.department for r in records} - departments.keys():
            departments[name] = Department.objects.create(name=name)
        existing = Employee.objects.in_bulk(
            [r.employee_id for r in records], field_name="employee_id"
        )
        to_create: list[Employee] = []
        to_update: list[Employee] = []
        for record in records:
            new: dict[str, Any] = {
                "employee_id": record.employee_id,
                "name": record.name,
                "email": record.email,
                "role": record.role,
                "department_id": departments[record.department].pk,
                "site_id": sites[record.site].pk,
            }
            given = {
                "hire_date": record.hire_date,
                "tags": list(record.tags),
                "active": record.active,
            }
            new.update({column: given[column] for column in optional})
            found = existing.get(record.employee_id)
            _upsert(report, record.employee_id, Employee, found, new, to_create, to_update)
        fields = ["name", "email", "role", "department", "site", *optional]
        _save(Employee, to_create, to_update, fields)
        return _finish(report, dry_run=dry_run, before=before)


def _named_employees(ids: Iterable[str]) -> dict[str, Employee]:
    return Employee.objects.select_related("site").in_bulk(
        [i for i in set(ids) if i], field_name="employee_id"
    )


def slots_import(
    *,
    data: bytes | str | None = None,
    table: CsvTable | None = None,
    period: Period | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """`period` (inclusive dates) is required by recurring rows, which expand over it."""
    parsed = _table("slots", data, table)
    if isinstance(parsed, ImportReport):
        return parsed
    employees = _named_employees(row.get("host_employee_id") for row in parsed.rows)
    hosts = {
        employee_id: HostRef(
            timezone=zoneinfo.ZoneInfo(e.site.timezone), is_rep=e.role == Role.REP, active=e.active
        )
        for employee_id, e in employees.items()
    }
    records, errors = parse_slots(parsed, hosts=hosts, period=period)
    if errors:
        return ImportReport.failed("slots", errors)
    report = ImportReport(kind="slots", columns=_applied("slots", parsed))
    optional = [c for c in ("remote", "tags") if parsed.has(c)]
    with transaction.atomic():
        before = _dry_run_start(dry_run=dry_run, span=_span(records))
        existing = {
            (slot.host_id, slot.start): slot
            for slot in HostingSlot.objects.select_for_update().filter(
                host__in=employees.values(), start__in={r.start for r in records}
            )
        }
        to_create: list[HostingSlot] = []
        to_update: list[HostingSlot] = []
        for record in records:
            host = employees[record.host_employee_id]
            new: dict[str, Any] = {
                "host_id": host.pk,
                "start": record.start,
                "end": record.end,
                "capacity": record.capacity,
                "kind": record.kind,
            }
            given = {"remote": record.remote, "tags": list(record.tags)}
            new.update({column: given[column] for column in optional})
            slot = existing.get((host.pk, record.start))
            key = f"{record.host_employee_id} {record.start.isoformat()}"
            _upsert(report, key, HostingSlot, slot, new, to_create, to_update)
        _save(HostingSlot, to_create, to_update, ["end", "capacity", "kind", *optional])
        return _finish(report, dry_run=dry_run, before=before)


def unavailability_import(
    *, data: bytes | str | None = None, table: CsvTable | None = None, dry_run: bool = False
) -> ImportReport:
    parsed = _table("unavailability", data, table)
    if isinstance(parsed, ImportReport):
        return parsed
    employees = _named_employees(row.get("employee_id") for row in parsed.rows)
    zones = {i: zoneinfo.ZoneInfo(e.site.timezone) for i, e in employees.items()}
    records, errors = parse_unavailability(parsed, people=zones)
    if errors:
        return ImportReport.failed("unavailability", errors)
    report = ImportReport(kind="unavailability", columns=_applied("unavailability", parsed))
    optional = [c for c in unavailability.OPTIONAL if parsed.has(c)]
    with transaction.atomic():
        before = _dry_run_start(dry_run=dry_run, span=_span(records))
        existing = {
            (u.employee_id, u.start, u.end): u
            for u in Unavailability.objects.select_for_update().filter(
                employee__in=employees.values(), start__in={r.start for r in records}
            )
        }
        to_create: list[Unavailability] = []
        to_update: list[Unavailability] = []
        wanted: set[tuple[int, dt.datetime, dt.datetime]] = set()
        for record in records:
            employee = employees[record.employee_id]
            wanted.add((employee.pk, record.start, record.end))
            new: dict[str, Any] = {
                "employee_id": employee.pk,
                "start": record.start,
                "end": record.end,
            }
            if optional:
                new["reason"] = record.reason
            found = existing.get((employee.pk, record.start, record.end))
            key = f"{record.employee_id} {record.start.isoformat()} {record.end.isoformat()}"
            _upsert(report, key, Unavailability, found, new, to_create, to_update)
        _save(Unavailability, to_create, to_update, optional)
        # A row HR lists is HR's, even when a calendar upload created it first.
        matched = [u.pk for u in existing.values() if (u.employee_id, u.start, u.end) in wanted]
        if matched:
            unavailability_claimed.send(sender=Unavailability, rows=matched)
        return _finish(report, dry_run=dry_run, before=before)


def import_run(
    *, kind: str, data: bytes | str, period: Period | None = None, dry_run: bool = False
) -> ImportReport:
    """The import of `kind` ("staff", "slots", "unavailability" or a registered one): what
    every entry point calls."""
    if kind == "staff":
        return staff_import(data=data, dry_run=dry_run)
    if kind == "unavailability":
        return unavailability_import(data=data, dry_run=dry_run)
    if kind == "slots":
        return slots_import(data=data, period=period, dry_run=dry_run)
    if kind in _REGISTERED:
        parsed = _table(kind, data, None)
        if isinstance(parsed, ImportReport):
            return parsed
        with transaction.atomic():
            before = _dry_run_start(dry_run=dry_run)
            return _finish(_REGISTERED[kind](parsed), dry_run=dry_run, before=before)
    raise ValueError(f"unknown import kind {kind!r}")
