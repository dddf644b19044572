"""manage.py import_unavailability pto.csv"""

from __future__ import annotations

from rotations.management.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import time away from CSV: employee_id,start,end,reason. A plain date is a whole "
        "day; times without an offset are in the employee's site zone."
    )
    kind = "unavailability"
