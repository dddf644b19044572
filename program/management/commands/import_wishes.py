"""manage.py import_wishes wishes.csv"""

from __future__ import annotations

from typing import Any

from program.importing import COLUMNS, wishes_import
from rotations.importers.csvfile import CsvTable
from rotations.importers.errors import ImportReport
from rotations.management.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import shadowers' wishes from CSV: employee_id,target,value,weight (target kind, tag "
        "or host; weight -3..3, not 0). Stating a wish again replaces it."
    )
    required_columns = COLUMNS

    def run(self, table: CsvTable, options: dict[str, Any]) -> ImportReport:
        return wishes_import(table=table)
