"""HR imports shadowers' wishes from CSV: employee_id,target,value,weight (target is kind,
tag or host; value a kind, a topic or a rep's employee_id; weight -3..3, not 0). All or
nothing: one bad row and no wish is written; each bad row is reported with its line."""

from __future__ import annotations

from django.db import transaction

from program.services import ProgramError, wish_add
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import ImportReport, RowError
from rotations.models import Employee
from rotations.services.errors import ServiceError

COLUMNS = ("employee_id", "target", "value", "weight")


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    """Undo every row written once a bad row was found."""


def wishes_import(*, table: CsvTable) -> ImportReport:
    report = ImportReport(kind="wishes", errors=list(table.errors), columns=COLUMNS)
    people = Employee.objects.in_bulk(
        [row.get("employee_id") for row in table.rows], field_name="employee_id"
    )
    try:
        with transaction.atomic():
            for row in table.rows:
                employee = people.get(row.get("employee_id"))
                if employee is None:
                    report.errors.append(RowError(row.line, "employee_id", "unknown employee"))
                    continue
                try:
                    weight = int(row.get("weight"))
                except ValueError:
                    report.errors.append(RowError(row.line, "weight", "must be -3 to 3"))
                    continue
                try:
                    with transaction.atomic():
                        wish_add(
                            employee=employee,
                            target=row.get("target").lower(),
                            value=row.get("value"),
                            weight=weight,
                        )
                except (ProgramError, ServiceError) as exc:
                    report.errors.append(RowError(row.line, "", exc.message))
                    continue
                report.created += 1
            if report.errors:
                raise _Rollback
    except _Rollback:
        return ImportReport.failed("wishes", report.errors)
    return report
