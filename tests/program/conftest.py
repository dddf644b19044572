"""Fixtures for the program tests: a past session with its shadower and host signed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from rotations.models import Assignment, Department
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
)
from tests.web.people import employee_make, hr_make, rep_make


@dataclass
class Session:
    past: Assignment
    upcoming: Assignment
    billing: Department
    hr: User
    shadower: User
    rep: User
    other: User  # another employee


@pytest.fixture
def session(db: None) -> Session:
    now = timezone.now().replace(microsecond=0)
    plan = RotationPlanFactory.create(
        name="Now",
        period_start=(now - dt.timedelta(days=30)).date(),
        period_end=(now + dt.timedelta(days=30)).date(),
        status="published",
        published_at=now - dt.timedelta(days=25),
    )
    rep = RepFactory.create(name="Rita Rep", employee_id="R-RITA")
    sam = EmployeeFactory.create(name="Sam Shadow", employee_id="E-SAM")
    past = AssignmentFactory.create(
        plan=plan,
        shadower=sam,
        slot=HostingSlotFactory.create(host=rep, start=now - dt.timedelta(days=3)),
        status="completed",
    )
    upcoming = AssignmentFactory.create(
        plan=plan,
        shadower=sam,
        slot=HostingSlotFactory.create(host=rep, start=now + dt.timedelta(days=3)),
        status="proposed",  # not yet a session of Sam's history
    )
    return Session(
        past=past,
        upcoming=upcoming,
        billing=DepartmentFactory.create(name="Billing"),
        hr=hr_make(),
        shadower=employee_make(sam),
        rep=rep_make(rep),
        other=employee_make(EmployeeFactory.create(employee_id="E-OTTO", name="Otto")),
    )
