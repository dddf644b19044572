"""factory_boy factories for the domain models: small, valid defaults; tests say what matters.

Call `XFactory.create(...)`: it is typed to return the model (calling the class is not).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from rotations.models import (
    Assignment,
    Department,
    Employee,
    Feedback,
    HostingSlot,
    RotationPlan,
    Site,
    SolveRun,
    Unavailability,
)

DETROIT = zoneinfo.ZoneInfo("America/Detroit")


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A Detroit wall-clock time (the factories' default zone)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=DETROIT)


class SiteFactory(DjangoModelFactory[Site]):
    class Meta:
        model = Site
        django_get_or_create = ("name",)

    name = "Detroit"
    timezone = "America/Detroit"


class DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Department {n}")
    max_away = None


class EmployeeFactory(DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    employee_id = Sequence(lambda n: f"E{n:04d}")
    name = Sequence(lambda n: f"Backroom Person {n}")
    email = LazyAttribute(lambda e: f"{e.employee_id.lower()}@example.com")
    role = "backroom"
    department = SubFactory(DepartmentFactory, name="Accounting")
    site = SubFactory(SiteFactory)
    hire_date = dt.date(2020, 3, 2)
    tags = LazyFunction(list)
    active = True


class RepFactory(EmployeeFactory):
    employee_id = Sequence(lambda n: f"R{n:04d}")
    name = Sequence(lambda n: f"Rep Person {n}")
    role = "rep"
    department = SubFactory(DepartmentFactory, name="Field Sales")


class HostingSlotFactory(DjangoModelFactory[HostingSlot]):
    class Meta:
        model = HostingSlot

    host = SubFactory(RepFactory)
    start = local(2027, 1, 5, 9)
    end = LazyAttribute(lambda s: s.start + dt.timedelta(hours=3))
    capacity = 2
    kind = "ride_along"
    remote = False
    tags = LazyFunction(list)


class UnavailabilityFactory(DjangoModelFactory[Unavailability]):
    class Meta:
        model = Unavailability

    employee = SubFactory(EmployeeFactory)
    start = local(2027, 2, 1, 0)
    end = local(2027, 2, 6, 0)
    reason = "PTO"


class RotationPlanFactory(DjangoModelFactory[RotationPlan]):
    class Meta:
        model = RotationPlan

    name = Sequence(lambda n: f"Plan {n}")
    period_start = dt.date(2027, 1, 4)
    period_end = dt.date(2027, 3, 28)
    timezone = "America/Detroit"


class SolveRunFactory(DjangoModelFactory[SolveRun]):
    class Meta:
        model = SolveRun

    plan = SubFactory(RotationPlanFactory)


class AssignmentFactory(DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    plan = SubFactory(RotationPlanFactory)
    shadower = SubFactory(EmployeeFactory)
    slot = SubFactory(HostingSlotFactory)


class FeedbackFactory(DjangoModelFactory[Feedback]):
    class Meta:
        model = Feedback

    assignment = SubFactory(AssignmentFactory)
    author = LazyAttribute(lambda f: f.assignment.shadower)
    rating = 4
    learned = "How a quote becomes an order."
    change = ""
