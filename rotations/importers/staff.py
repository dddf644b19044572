"""Staff CSV: employee_id,name,email,role,department,site,timezone,hire_date,tags[,active]."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from rotations.importers import values
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import RowError
from rotations.importers.rows import RowReader

COLUMNS = ("employee_id", "name", "email", "role", "department", "site", "timezone")
OPTIONAL = ("hire_date", "tags", "active")
ROLES = ("backroom", "rep")


@dataclass(frozen=True)
class StaffRecord:
    line: int
    employee_id: str
    name: str
    email: str
    role: str
    department: str
    site: str
    timezone: str
    hire_date: dt.date | None
    tags: tuple[str, ...]
    active: bool


def _email(text: str) -> str:
    try:
        validate_email(values.required(text))
    except ValidationError:
        raise ValueError(f'"{text}" is not an e-mail address') from None
    return text.lower()


def _role(text: str) -> str:
    folded = values.required(text).lower()
    if folded not in ROLES:
        raise ValueError(f'"{text}" is not one of {", ".join(ROLES)}')
    return folded


def parse_staff(table: CsvTable) -> tuple[list[StaffRecord], list[RowError]]:
    errors: list[RowError] = list(table.errors)
    records: list[StaffRecord] = []
    first_line: dict[str, int] = {}
    site_zone: dict[str, tuple[str, int]] = {}
    for row in table.rows:
        cells = RowReader(row, errors)
        employee_id = cells.cell("employee_id", values.required, "")
        name = cells.cell("name", values.required, "")
        email = cells.cell("email", _email, "")
        role = cells.cell("role", _role, "")
        department = cells.cell("department", values.required, "")
        site = cells.cell("site", values.required, "")
        zone = cells.cell("timezone", values.timezone, None)
        hire_date = cells.optional("hire_date", values.date)
        tags = values.tags(cells.text("tags"))
        active = cells.optional("active", values.boolean)
        if employee_id:
            if employee_id in first_line:
                cells.error(
                    "employee_id", f'"{employee_id}" is also on line {first_line[employee_id]}'
                )
            else:
                first_line[employee_id] = row.line
        if site and zone is not None:
            seen = site_zone.setdefault(site, (zone.key, row.line))
            if seen[0] != zone.key:
                cells.error(
                    "timezone", f'site "{site}" is in {seen[0]} on line {seen[1]}, not {zone.key}'
                )
        if not cells.ok or zone is None:
            continue
        records.append(
            StaffRecord(
                line=row.line,
                employee_id=employee_id,
                name=name,
                email=email,
                role=role,
                department=department,
                site=site,
                timezone=zone.key,
                hire_date=hire_date,
                tags=tuple(tags),
                active=active is not False,
            )
        )
    return records, errors
