"""manage.py import_staff staff.csv"""

from __future__ import annotations

from typing import Any

from rotations.importers import staff
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import ImportReport
from rotations.management.importing import CsvImportCommand
from rotations.services.imports import staff_import


class Command(CsvImportCommand):
    help = (
        "Import or update staff from CSV: employee_id,name,email,role,department,site,"
        "timezone,hire_date,tags[,active]. Rows are matched by employee_id."
    )
    required_columns = staff.COLUMNS
    optional_columns = staff.OPTIONAL

    def run(self, table: CsvTable, options: dict[str, Any]) -> ImportReport:
        return staff_import(table=table)
