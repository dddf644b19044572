"""Who is due: a crafted history read against the policy, with its boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from program.history import add_months, due_list, program_standings
from program.models import Policy
from rotations.models import Employee
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)

TODAY = dt.date(2027, 3, 15)
POLICY = Policy(sessions=2, months=12, new_hire_days=60)

pytestmark = pytest.mark.django_db


def shadowed(person: Employee, *days: dt.date, status: str = "completed") -> None:
    """Sessions of `person` on those dates (each in its own plan and with its own rep)."""
    for day in days:
        slot = HostingSlotFactory.create(
            host=RepFactory.create(), start=local(day.year, day.month, day.day, 10)
        )
        plan = RotationPlanFactory.create(period_start=day, period_end=day)
        AssignmentFactory.create(plan=plan, shadower=person, slot=slot, status=status)


def due_ids(on: dt.date = TODAY) -> list[str]:
    return [row.employee.name for row in due_list(on=on, policy=POLICY)]


def test_a_session_exactly_twelve_months_ago_no_longer_counts() -> None:
    person = EmployeeFactory.create(name="Twelve", hire_date=dt.date(2020, 1, 6))
    shadowed(person, dt.date(2026, 3, 15), dt.date(2026, 9, 1))
    assert due_ids() == ["Twelve"]
    assert due_ids(TODAY - dt.timedelta(days=1)) == []  # 2027-03-14: still on track


def test_two_sessions_within_twelve_months_keep_someone_on_track() -> None:
    person = EmployeeFactory.create(name="Fine", hire_date=dt.date(2020, 1, 6))
    shadowed(person, dt.date(2026, 3, 16), dt.date(2026, 11, 2))
    [row] = program_standings(on=TODAY, policy=POLICY)
    assert not row.due
    assert row.due_on == dt.date(2027, 3, 16)  # the older session expires then
    assert row.last == dt.date(2026, 11, 2)


def test_a_new_hire_is_due_first_until_day_60_then_overdue() -> None:
    veteran = EmployeeFactory.create(name="Aaron Veteran", hire_date=dt.date(2019, 5, 1))
    shadowed(veteran, dt.date(2025, 1, 10))
    EmployeeFactory.create(name="Zoe Newhire", hire_date=TODAY - dt.timedelta(days=60))
    assert due_ids() == ["Zoe Newhire", "Aaron Veteran"]  # new hires first
    [zoe] = [r for r in due_list(on=TODAY, policy=POLICY) if r.new_hire]
    assert not zoe.overdue
    day_61 = {r.employee.name: r for r in due_list(on=TODAY + dt.timedelta(days=1), policy=POLICY)}
    assert not day_61["Zoe Newhire"].new_hire
    assert day_61["Zoe Newhire"].overdue


def test_only_confirmed_or_completed_sessions_count() -> None:
    person = EmployeeFactory.create(name="Declined", hire_date=dt.date(2020, 1, 6))
    shadowed(person, dt.date(2026, 12, 1), dt.date(2027, 1, 5), status="declined")
    shadowed(person, dt.date(2027, 2, 1), status="proposed")
    assert due_ids() == ["Declined"]
    shadowed(person, dt.date(2026, 12, 1), dt.date(2027, 1, 5), status="confirmed")
    assert due_ids() == []


def test_someone_hired_later_or_inactive_or_a_rep_is_not_listed() -> None:
    EmployeeFactory.create(name="Future", hire_date=TODAY + dt.timedelta(days=3))
    EmployeeFactory.create(name="Gone", active=False)
    RepFactory.create(name="Rep")
    assert due_ids() == []


def test_a_policy_of_zero_sessions_makes_nobody_due() -> None:
    EmployeeFactory.create(name="Anyone")
    assert due_list(on=TODAY, policy=Policy(sessions=0, months=12, new_hire_days=60)) == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 3, 15), -3, dt.date(2025, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected
