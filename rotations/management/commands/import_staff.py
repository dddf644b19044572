"""manage.py import_staff staff.csv"""

from __future__ import annotations

from rotations.management.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import or update staff from CSV: employee_id,name,email,role,department,site,"
        "timezone,hire_date,tags[,active]. Rows are matched by employee_id."
    )
    kind = "staff"
