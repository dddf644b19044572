"""HR imports wishes from CSV: all or nothing, each bad row named by its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from program.models import Wish
from tests.commands import run_command
from tests.factories import EmployeeFactory, RepFactory
from tests.program.conftest import Session
from tests.program.test_pages import signed_in

pytestmark = pytest.mark.django_db

GOOD = """\
employee_id;target;value;weight
E-ANA;kind;customer_visit;3
E-ANA;host;R-BOB;-1
E-BEN;tag;HVAC;2
"""


@pytest.fixture
def people() -> None:
    EmployeeFactory.create(employee_id="E-ANA")
    EmployeeFactory.create(employee_id="E-BEN")
    RepFactory.create(employee_id="R-BOB")


def test_the_command_imports_every_wish(people: None, write_csv: Callable[..., Path]) -> None:
    ran = run_command("import_wishes", write_csv(GOOD))
    assert ran.error is None, ran.err
    assert "wishes: 3 created" in ran.out
    assert sorted(Wish.objects.values_list("employee__employee_id", "target", "weight")) == [
        ("E-ANA", "host", -1),
        ("E-ANA", "kind", 3),
        ("E-BEN", "tag", 2),
    ]


def test_one_bad_row_and_nothing_is_written(people: None, write_csv: Callable[..., Path]) -> None:
    bad = GOOD + "E-NOBODY;tag;solar;1\nE-BEN;kind;karaoke;2\nE-BEN;tag;solar;lots\n"
    ran = run_command("import_wishes", write_csv(bad))
    assert "3 bad row(s), nothing was written" in ran.failure
    assert "line 5, column employee_id: unknown employee" in ran.err
    assert 'line 6: "karaoke" is not a kind of session' in ran.err
    assert "line 7, column weight" in ran.err
    assert not Wish.objects.exists()


def test_hr_uploads_wishes_on_the_program_page(session: Session) -> None:
    hr = signed_in(session.hr)
    upload = SimpleUploadedFile(
        "wishes.csv", b"employee_id,target,value,weight\nE-SAM,host,R-RITA,3\n", "text/csv"
    )
    page = hr.post("/program/wishes/import/", {"file": upload}, follow=True)
    assert "wishes: 1 created" in page.content.decode()
    assert Wish.objects.get().host.employee_id == "R-RITA"  # type: ignore[union-attr]
    assert signed_in(session.shadower).post("/program/wishes/import/").status_code == 403


def test_a_dry_run_reports_the_wishes_and_writes_none(
    people: None, write_csv: Callable[..., Path]
) -> None:
    ran = run_command("import_wishes", write_csv(GOOD), "--dry-run")
    assert ran.error is None, ran.err
    assert "wishes: 3 to create" in ran.out
    assert not Wish.objects.exists()
