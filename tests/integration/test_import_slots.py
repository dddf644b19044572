"""import_slots: single and recurring rows, in the host's zone, idempotent, all or nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from rotations.models import HostingSlot
from tests.commands import run_command
from tests.factories import EmployeeFactory, RepFactory, RotationPlanFactory, SiteFactory

pytestmark = pytest.mark.django_db

HEADER = "host_employee_id,start,end,capacity,kind,remote,tags,rrule,dtstart,duration\n"
DENVER = zoneinfo.ZoneInfo("America/Denver")


@pytest.fixture
def hosts():
    denver = SiteFactory.create(name="Denver", timezone="America/Denver")
    return {
        "R1": RepFactory.create(employee_id="R1", site=denver),
        "E1": EmployeeFactory.create(employee_id="E1", site=denver),
    }


def test_single_rows_are_read_in_the_hosts_site_zone(hosts, write_csv):
    path = write_csv(
        HEADER + "R1,2027-01-05 09:00,2027-01-05 12:00,2,ride_along,no,hvac|design,,,\n"
    )
    ran = run_command("import_slots", path)
    assert ran.error is None, ran.err
    assert "slots: 1 created" in ran.out
    slot = HostingSlot.objects.get()
    assert slot.start == dt.datetime(2027, 1, 5, 9, tzinfo=DENVER)
    assert (slot.host, slot.capacity, slot.kind, slot.remote, slot.tags) == (
        hosts["R1"],
        2,
        "ride_along",
        False,
        ["hvac", "design"],
    )


def test_recurring_rows_expand_over_the_plan_period(hosts, write_csv):
    plan = RotationPlanFactory.create(
        period_start=dt.date(2027, 3, 1), period_end=dt.date(2027, 3, 21)
    )
    path = write_csv(
        HEADER + 'R1,,,1,customer_visit,yes,,"FREQ=WEEKLY;BYDAY=TU,TH",2027-03-02 09:00,PT2H\n'
    )
    ran = run_command("import_slots", path, "--plan", plan.name)
    assert ran.error is None, ran.err
    starts = [s.start.astimezone(DENVER) for s in HostingSlot.objects.order_by("start")]
    assert [s.day for s in starts] == [2, 4, 9, 11, 16, 18]
    assert {s.hour for s in starts} == {9}  # across the DST change on March 14
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=-7), dt.timedelta(hours=-6)}


def test_recurring_rows_accept_an_explicit_period(hosts, write_csv):
    path = write_csv(HEADER + "R1,,,1,ride_along,,,FREQ=DAILY,2027-03-01 09:00,1:30\n")
    ran = run_command("import_slots", path, "--from", "2027-03-01", "--until", "2027-03-03")
    assert ran.error is None, ran.err
    assert HostingSlot.objects.count() == 3


def test_a_recurring_row_without_a_period_is_refused(hosts, write_csv):
    ran = run_command(
        "import_slots", write_csv(HEADER + "R1,,,1,ride_along,,,FREQ=DAILY,2027-03-01 09:00,PT1H\n")
    )
    assert "line 2, column rrule: a recurring row needs an import period" in ran.err
    assert HostingSlot.objects.count() == 0


def test_re_import_updates_slots_by_host_and_start(hosts, write_csv):
    row = "R1,2027-01-05 09:00,2027-01-05 12:00,{cap},ride_along,no,,,,\n"
    run_command("import_slots", write_csv(HEADER + row.format(cap=2)))
    assert (
        "0 created, 0 updated, 1 unchanged"
        in run_command("import_slots", write_csv(HEADER + row.format(cap=2))).out
    )
    assert (
        "0 created, 1 updated, 0 unchanged"
        in run_command("import_slots", write_csv(HEADER + row.format(cap=3))).out
    )
    assert HostingSlot.objects.get().capacity == 3


def test_bad_rows_write_nothing_and_are_all_listed(hosts, write_csv):
    body = (
        "R1,2027-01-05 09:00,2027-01-05 12:00,2,ride_along,no,,,,\n"
        "E1,2027-01-06 09:00,2027-01-06 12:00,2,ride_along,no,,,,\n"
        "R1,2027-03-14 02:30,2027-03-14 05:00,2,ride_along,no,,,,\n"
        "R1,2027-11-07 01:30,2027-11-07 03:00,2,ride_along,no,,,,\n"
        "R1,2027-01-07 12:00,2027-01-07 09:00,0,ride_along,no,,,,\n"
    )
    ran = run_command("import_slots", write_csv(HEADER + body))
    assert ran.failure == "slots: 4 bad row(s), nothing was written"
    lines = ran.err.splitlines()
    assert any('line 3, column host_employee_id: "E1" is not a rep' in line for line in lines)
    assert any(
        "line 4, column start: 2027-03-14 02:30 does not exist in America/Denver" in line
        for line in lines
    )
    assert any("line 5, column start: 2027-11-07 01:30 happens twice" in line for line in lines)
    assert any("line 6, column capacity: must be at least 1, got 0" in line for line in lines)
    assert any("line 6, column end: 2027-01-07 09:00 is not after start" in line for line in lines)
    assert HostingSlot.objects.count() == 0


def test_an_unknown_plan_is_a_clear_error(hosts, write_csv):
    ran = run_command("import_slots", write_csv(HEADER), "--plan", "Nope")
    assert ran.failure == 'no plan "Nope"'


def test_a_re_import_without_remote_and_tags_keeps_them(write_csv):
    RepFactory.create(employee_id="R9")
    full = "host_employee_id,start,end,capacity,kind,remote,tags\n"
    full += "R9,2027-01-05 09:00,2027-01-05 12:00,2,ride_along,yes,hvac\n"
    assert run_command("import_slots", write_csv(full)).error is None
    partial = "host_employee_id,start,end,capacity,kind\n"
    partial += "R9,2027-01-05 09:00,2027-01-05 12:00,3,ride_along\n"
    ran = run_command("import_slots", write_csv(partial))
    assert "0 created, 1 updated, 0 unchanged" in ran.out
    slot = HostingSlot.objects.get(host__employee_id="R9")
    assert (slot.capacity, slot.remote, slot.tags) == (3, True, ["hvac"])
