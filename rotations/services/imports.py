"""Import services: validate the whole file, then write it in one transaction, or nothing.

Re-importing a file is idempotent: employees are matched by employee_id, slots by host
and start, unavailability by employee and interval.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import ImportReport, RowError
from rotations.importers.slots import HostRef, parse_slots
from rotations.importers.staff import parse_staff
from rotations.importers.unavailability import parse_unavailability
from rotations.models import Department, Employee, HostingSlot, Role, Site, Unavailability

M = TypeVar("M", bound=models.Model)


def _failed(kind: str, errors: Iterable[RowError]) -> ImportReport:
    return ImportReport(kind=kind, errors=sorted(errors))


def _upsert(
    report: ImportReport,
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
    report.updated += 1


def _save(model: type[M], to_create: list[M], to_update: list[M], fields: Sequence[str]) -> None:
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, list(fields))


def staff_import(*, table: CsvTable) -> ImportReport:
    records, errors = parse_staff(table)
    if errors:
        return _failed("staff", errors)
    report = ImportReport(kind="staff")
    with transaction.atomic():
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
        fields = ["name", "email", "role", "department", "site", "hire_date", "tags", "active"]
        for record in records:
            new = {
                "employee_id": record.employee_id,
                "name": record.name,
                "email": record.email,
                "role": record.role,
                "department_id": departments[record.department].pk,
                "site_id": sites[record.site].pk,
                "hire_date": record.hire_date,
                "tags": list(record.tags),
                "active": record.active,
            }
            _upsert(report, Employee, existing.get(record.employee_id), new, to_create, to_update)
        _save(Employee, to_create, to_update, fields)
    return report


def _named_employees(ids: Iterable[str]) -> dict[str, Employee]:
    return Employee.objects.select_related("site").in_bulk(
        [i for i in set(ids) if i], field_name="employee_id"
    )


def slots_import(*, table: CsvTable, period: tuple[dt.date, dt.date] | None = None) -> ImportReport:
    """`period` (inclusive dates) is required by recurring rows, which expand over it."""
    employees = _named_employees(row.get("host_employee_id") for row in table.rows)
    hosts = {
        employee_id: HostRef(
            timezone=zoneinfo.ZoneInfo(e.site.timezone), is_rep=e.role == Role.REP, active=e.active
        )
        for employee_id, e in employees.items()
    }
    records, errors = parse_slots(table, hosts=hosts, period=period)
    if errors:
        return _failed("slots", errors)
    report = ImportReport(kind="slots")
    with transaction.atomic():
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
            new = {
                "host_id": host.pk,
                "start": record.start,
                "end": record.end,
                "capacity": record.capacity,
                "kind": record.kind,
                "remote": record.remote,
                "tags": list(record.tags),
            }
            slot = existing.get((host.pk, record.start))
            _upsert(report, HostingSlot, slot, new, to_create, to_update)
        _save(HostingSlot, to_create, to_update, ["end", "capacity", "kind", "remote", "tags"])
    return report


def unavailability_import(*, table: CsvTable) -> ImportReport:
    employees = _named_employees(row.get("employee_id") for row in table.rows)
    zones = {i: zoneinfo.ZoneInfo(e.site.timezone) for i, e in employees.items()}
    records, errors = parse_unavailability(table, people=zones)
    if errors:
        return _failed("unavailability", errors)
    report = ImportReport(kind="unavailability")
    with transaction.atomic():
        existing = {
            (u.employee_id, u.start, u.end): u
            for u in Unavailability.objects.select_for_update().filter(
                employee__in=employees.values(), start__in={r.start for r in records}
            )
        }
        to_create: list[Unavailability] = []
        to_update: list[Unavailability] = []
        for record in records:
            employee = employees[record.employee_id]
            new = {
                "employee_id": employee.pk,
                "start": record.start,
                "end": record.end,
                "reason": record.reason,
            }
            found = existing.get((employee.pk, record.start, record.end))
            _upsert(report, Unavailability, found, new, to_create, to_update)
        _save(Unavailability, to_create, to_update, ["reason"])
    return report
