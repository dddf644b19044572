"""import_staff: a good file, re-import, bad rows, and nothing written on failure."""

from __future__ import annotations

import datetime as dt

import pytest

from rotations.models import Department, Employee, Site
from tests.commands import run_command
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

STAFF = """\
employee_id,name,email,role,department,site,timezone,hire_date,tags
E1,Ana Lee,ana@example.com,backroom,CAD,Detroit,America/Detroit,2026-11-02,hvac|design
E2,"Reyes, Dana",dana@example.com,backroom,Accounting,Denver,America/Denver,2019-04-01,
R1,Bo Park,bo@example.com,rep,Field Sales,Detroit,America/Detroit,2015-06-15,hvac
"""


def test_a_good_file_creates_sites_departments_and_employees(write_csv):
    ran = run_command("import_staff", write_csv(STAFF))
    assert ran.error is None
    assert "staff: 3 created, 0 updated, 0 unchanged" in ran.out
    assert dict(Site.objects.values_list("name", "timezone")) == {
        "Detroit": "America/Detroit",
        "Denver": "America/Denver",
    }
    assert set(Department.objects.values_list("name", flat=True)) == {
        "CAD",
        "Accounting",
        "Field Sales",
    }
    ana = Employee.objects.get(employee_id="E1")
    assert (ana.name, ana.role, ana.site.name, ana.hire_date, ana.tags) == (
        "Ana Lee",
        "backroom",
        "Detroit",
        dt.date(2026, 11, 2),
        ["hvac", "design"],
    )
    assert Employee.objects.get(employee_id="E2").name == "Reyes, Dana"


def test_re_importing_the_same_file_changes_nothing(write_csv):
    run_command("import_staff", write_csv(STAFF))
    before = list(Employee.objects.order_by("pk").values())
    assert "0 created, 0 updated, 3 unchanged" in run_command("import_staff", write_csv(STAFF)).out
    assert list(Employee.objects.order_by("pk").values()) == before


def test_re_import_updates_by_employee_id(write_csv):
    run_command("import_staff", write_csv(STAFF))
    changed = STAFF.replace(
        "Ana Lee,ana@example.com,backroom,CAD", "Ana Ortiz,ana@example.com,backroom,IT"
    )
    assert (
        "0 created, 1 updated, 2 unchanged" in run_command("import_staff", write_csv(changed)).out
    )
    ana = Employee.objects.get(employee_id="E1")
    assert (ana.name, ana.department.name) == ("Ana Ortiz", "IT")
    assert Employee.objects.count() == 3


def test_a_site_zone_change_is_applied(write_csv):
    run_command("import_staff", write_csv(STAFF))
    run_command(
        "import_staff", write_csv(STAFF.replace("Denver,America/Denver", "Denver,America/Boise"))
    )
    assert Site.objects.get(name="Denver").timezone == "America/Boise"


def test_a_spreadsheet_export_with_bom_crlf_and_semicolons_imports(write_csv):
    text = STAFF.replace(",", ";").replace('"Reyes; Dana"', '"Reyes, Dana"')
    ran = run_command(
        "import_staff", write_csv(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    )
    assert ran.error is None
    assert Employee.objects.get(employee_id="E2").name == "Reyes, Dana"
    assert Employee.objects.count() == 3


def test_one_bad_row_writes_nothing_and_every_bad_row_is_listed(write_csv):
    bad = STAFF + (
        "E3,Cy,not-an-email,backroom,CAD,Detroit,America/Detroit,2020-01-01,\n"
        "E4,Di,di@example.com,chief,CAD,Detroit,America/Detroit,01/02/2020,\n"
    )
    ran = run_command("import_staff", write_csv(bad))
    assert ran.failure == "staff: 2 bad row(s), nothing was written"
    assert "line 5, column email:" in ran.err
    assert 'line 6, column role: "chief" is not one of backroom, rep' in ran.err
    assert "line 6, column hire_date:" in ran.err
    assert Employee.objects.count() == 0
    assert Site.objects.count() == 0
    assert Department.objects.count() == 0


def test_a_failed_re_import_leaves_the_previous_data(write_csv):
    EmployeeFactory.create(employee_id="E1", name="Ana Lee")
    ran = run_command("import_staff", write_csv(STAFF.replace("R1,Bo Park", "R1,")))
    assert "line 4, column name: is empty" in ran.err
    assert list(Employee.objects.values_list("employee_id", "name")) == [("E1", "Ana Lee")]


def test_a_missing_column_is_named_and_nothing_is_written(write_csv):
    ran = run_command("import_staff", write_csv("employee_id,name,email\nE1,Ana,ana@example.com\n"))
    assert "nothing was written" in ran.failure
    assert "line 1, column role: missing column" in ran.err
    assert Employee.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    assert "cannot read" in run_command("import_staff", tmp_path / "nope.csv").failure


def test_the_command_refuses_a_file_above_the_limit_before_reading_it(write_csv, settings):
    settings.API_UPLOAD_MAX_BYTES = 100
    ran = run_command("import_staff", write_csv(STAFF))
    assert "the limit is 100" in ran.failure
    assert not Employee.objects.exists()


def test_the_command_prints_at_most_1000_errors_then_a_count(write_csv):
    header = STAFF.splitlines()[0]
    bad = "".join(f"X{i},,x{i}@example.com,boss,IT,Detroit,America/Detroit,,\n" for i in range(700))
    ran = run_command("import_staff", write_csv(header + "\n" + bad))
    lines = ran.err.splitlines()
    assert len(lines) == 1001
    assert lines[-1].endswith("... and 400 more errors")  # 700 rows, 2 bad cells each
    assert "staff: 700 bad row(s), nothing was written" in ran.failure


def test_a_dry_run_lists_the_changed_fields_and_writes_nothing(write_csv):
    run_command("import_staff", write_csv(STAFF))
    changed = STAFF.replace("Ana Lee,ana@example.com", "Ana Ortiz,ana.ortiz@example.com")
    ran = run_command("import_staff", write_csv(changed), "--dry-run")
    assert "staff: 0 to create, 1 to update, 2 unchanged (dry run" in ran.out
    assert "updated E1: name, email" in ran.out
    assert Employee.objects.get(employee_id="E1").name == "Ana Lee"
