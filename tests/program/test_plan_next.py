""" "Plan next period": a draft for the period after the last plan, for exactly the people
due, with the last plan's rules; solved, only they shadow."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer import parse_problem, solve
from program.models import Policy
from program.services import ProgramError, plan_next_period, plan_next_period_due
from rotations.models import PlanStatus, RotationPlan
from rotations.selectors.problem import plan_problem
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 20)


@pytest.fixture
def company() -> RotationPlan:
    """Last plan: Jan 4 - Mar 28 2027. Ana is on track, Ben is due (one session), Cleo
    was hired in February (a new hire), Dan never shadowed."""
    Policy.objects.create(sessions=2, months=12, new_hire_days=60)
    last = RotationPlanFactory.create(
        name="Winter",
        period_start=dt.date(2027, 1, 4),
        period_end=dt.date(2027, 3, 28),
        rules={"sessions_per_shadower": 1, "distinct_hosts": True},
        weights={"novelty": 40},
        status=PlanStatus.PUBLISHED,
    )
    rep = RepFactory.create(name="Rita")
    ana = EmployeeFactory.create(name="Ana", employee_id="E-ANA")
    ben = EmployeeFactory.create(name="Ben", employee_id="E-BEN")
    EmployeeFactory.create(name="Cleo", employee_id="E-CLEO", hire_date=dt.date(2027, 2, 20))
    EmployeeFactory.create(name="Dan", employee_id="E-DAN")
    for person, days in ((ana, (6, 20)), (ben, (13,))):
        for day in days:
            slot = HostingSlotFactory.create(host=rep, start=local(2027, 1, day, 9 + len(days)))
            AssignmentFactory.create(plan=last, shadower=person, slot=slot, status="completed")
    for week in range(6):  # the next period's slots: plenty of room
        HostingSlotFactory.create(
            host=RepFactory.create(),
            start=local(2027, 4, 6, 9) + dt.timedelta(weeks=week),
            capacity=3,
        )
    return last


def test_it_drafts_the_next_period_for_exactly_the_people_due(company: RotationPlan) -> None:
    plan = plan_next_period(today=TODAY)
    assert plan.status == PlanStatus.DRAFT
    assert (plan.period_start, plan.period_end) == (dt.date(2027, 3, 29), dt.date(2027, 6, 20))
    assert plan.rules == company.rules
    assert plan.weights == company.weights
    assert plan.timezone == company.timezone
    scope = plan.scope
    assert {e.name for e in scope.participants.all()} == {"Ben", "Cleo", "Dan"}
    assert {e.name for e in scope.new_hires.all()} == {"Cleo"}

    doc = plan_problem(plan=plan)
    required = {p["id"]: p.get("sessions_required") for p in doc["people"]}
    assert required["E-ANA"] == 0
    assert required["E-BEN"] is None  # the plan's rule applies
    # History feeds novelty: Ben met Rita before.
    rita = company.assignments.first().slot.host.employee_id  # type: ignore[union-attr]
    assert {"shadower": "E-BEN", "host": rita, "date": "2027-01-13"} in doc["history"]

    solution = solve(parse_problem(doc), time_limit_s=5, workers=1)
    assert {a.shadower for a in solution.assignments} == {"E-BEN", "E-CLEO", "E-DAN"}


def test_without_a_plan_it_drafts_twelve_weeks_from_next_monday() -> None:
    EmployeeFactory.create(name="Solo")
    plan = plan_next_period(today=dt.date(2027, 3, 17))  # a Wednesday
    assert (plan.period_start, plan.period_end) == (dt.date(2027, 3, 22), dt.date(2027, 6, 13))


def test_it_refuses_when_nobody_is_due(company: RotationPlan) -> None:
    Policy.objects.create(sessions=0, months=12, new_hire_days=60)
    with pytest.raises(ProgramError, match="nobody is due"):
        plan_next_period(today=TODAY)


def test_the_scheduled_draft_comes_once_two_weeks_before_the_last_plan_ends(
    company: RotationPlan,
) -> None:
    assert plan_next_period_due(today=dt.date(2027, 3, 13)) is None  # 15 days before
    drafted = plan_next_period_due(today=dt.date(2027, 3, 14))
    assert drafted is not None
    assert drafted.period_start == dt.date(2027, 3, 29)
    assert plan_next_period_due(today=dt.date(2027, 3, 15)) is None  # already drafted
    assert RotationPlan.objects.count() == 2
