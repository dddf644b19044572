"""manage.py import_unavailability pto.csv"""

from __future__ import annotations

from typing import Any

from rotations.importers import unavailability
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import ImportReport
from rotations.management.importing import CsvImportCommand
from rotations.services.imports import unavailability_import


class Command(CsvImportCommand):
    help = (
        "Import time away from CSV: employee_id,start,end,reason. A plain date is a whole "
        "day; times without an offset are in the employee's site zone."
    )
    required_columns = unavailability.COLUMNS
    optional_columns = unavailability.OPTIONAL

    def run(self, table: CsvTable, options: dict[str, Any]) -> ImportReport:
        return unavailability_import(table=table)
