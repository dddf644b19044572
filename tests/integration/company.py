"""A small company for tests that solve: one site, two departments, a month of slots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rotations.models import Employee, HostingSlot, RotationPlan
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)


@dataclass
class Company:
    plan: RotationPlan
    shadowers: list[Employee]
    reps: list[Employee]
    slots: list[HostingSlot]


def small_company(*, shadowers: int = 4, weeks: int = 4) -> Company:
    cad = DepartmentFactory.create(name="CAD", max_away=2)
    accounting = DepartmentFactory.create(name="Accounting", max_away=None)
    people = [
        EmployeeFactory.create(
            employee_id=f"E{i}", department=cad if i % 2 else accounting, tags=["hvac"]
        )
        for i in range(1, shadowers + 1)
    ]
    reps = [RepFactory.create(employee_id=f"R{i}", tags=["hvac"]) for i in range(1, 4)]
    slots = [
        HostingSlotFactory.create(
            host=rep, start=local(2027, 1, 5 + 7 * week + day, 9 + n), capacity=2
        )
        for week in range(weeks)
        for n, rep in enumerate(reps)
        for day in (0, 2)
    ]
    plan = RotationPlanFactory.create(
        name="Winter",
        period_start=dt.date(2027, 1, 4),
        period_end=dt.date(2027, 1, 3) + dt.timedelta(weeks=weeks),
    )
    return Company(plan=plan, shadowers=people, reps=reps, slots=slots)
