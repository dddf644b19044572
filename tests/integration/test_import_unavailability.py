"""import_unavailability: whole days or times in the employee's zone; idempotent."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from rotations.models import Unavailability
from tests.commands import run_command
from tests.factories import EmployeeFactory, SiteFactory

pytestmark = pytest.mark.django_db

PHOENIX = zoneinfo.ZoneInfo("America/Phoenix")
PTO = """\
employee_id,start,end,reason
E1,2027-02-01,2027-02-05,PTO
E1,2027-02-10 13:00,2027-02-10 17:00,Dentist
"""


@pytest.fixture
def employee():
    return EmployeeFactory.create(
        employee_id="E1", site=SiteFactory.create(name="Phoenix", timezone="America/Phoenix")
    )


def test_days_and_times_are_read_in_the_employees_zone(employee, write_csv):
    ran = run_command("import_unavailability", write_csv(PTO))
    assert "unavailability: 2 created" in ran.out
    away = list(Unavailability.objects.order_by("start").values_list("start", "end", "reason"))
    assert away == [
        (dt.datetime(2027, 2, 1, tzinfo=PHOENIX), dt.datetime(2027, 2, 6, tzinfo=PHOENIX), "PTO"),
        (
            dt.datetime(2027, 2, 10, 13, tzinfo=PHOENIX),
            dt.datetime(2027, 2, 10, 17, tzinfo=PHOENIX),
            "Dentist",
        ),
    ]


def test_re_import_is_idempotent_and_updates_the_reason(employee, write_csv):
    run_command("import_unavailability", write_csv(PTO))
    assert (
        "0 created, 0 updated, 2 unchanged"
        in run_command("import_unavailability", write_csv(PTO)).out
    )
    ran = run_command("import_unavailability", write_csv(PTO.replace("Dentist", "Doctor")))
    assert "0 created, 1 updated, 1 unchanged" in ran.out
    assert Unavailability.objects.filter(reason="Doctor").count() == 1


def test_an_unknown_employee_fails_the_whole_file(employee, write_csv):
    ran = run_command("import_unavailability", write_csv(PTO + "E404,2027-02-01,2027-02-01,PTO\n"))
    assert 'line 4, column employee_id: no employee "E404" (import staff first)' in ran.err
    assert Unavailability.objects.count() == 0
