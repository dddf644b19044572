"""manage.py import_wishes wishes.csv [--dry-run]"""

from __future__ import annotations

from rotations.management.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import shadowers' wishes from CSV: employee_id,target,value,weight (target kind, tag "
        "or host; weight -3..3, not 0). Stating a wish again replaces it."
    )
    kind = "wishes"
