"""Booking by hand (the API's POST assignments/) checks every hard rule of the scheduling
contract on the plan, through the optimizer's own checker, and names the rule it would break;
the page's "Place by hand" goes through the same service (tests/web/test_left_out.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from rotations.models import Assignment, AssignmentStatus, Employee, HostingSlot, RotationPlan
from rotations.roles import HR_GROUP
from tests.api.conftest import client_for, error_fields, make_user
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    UnavailabilityFactory,
    local,
)

pytestmark = pytest.mark.django_db

# Each rule on its own: the others are off unless a case turns them on.
RULES_OFF = {
    "sessions_per_shadower": 5,
    "max_sessions_per_week": 0,
    "min_days_between_sessions": 0,
    "max_hosted_per_host_week": 0,
    "distinct_hosts": False,
}


@dataclass
class Office:
    """Winter (4 to 31 Jan 2027): Rita and Ravi host; Ann and Bea of Finance shadow."""

    plan: RotationPlan
    rita: Employee
    ravi: Employee
    ann: Employee
    bea: Employee
    hr: User

    def slot(self, host: Employee, day: int, hour: int = 9, **kw: Any) -> HostingSlot:
        return HostingSlotFactory.create(host=host, start=local(2027, 1, day, hour), **kw)

    def session(self, shadower: Employee, slot: HostingSlot, status: str = "proposed") -> None:
        AssignmentFactory.create(plan=self.plan, shadower=shadower, slot=slot, status=status)

    def rules(self, **rules: Any) -> None:
        self.plan.rules = {**RULES_OFF, **rules}
        self.plan.save()

    def book(self, slot: HostingSlot, shadower: Employee | None = None) -> Any:
        body = {"plan": self.plan.pk, "slot": slot.pk, "shadower": (shadower or self.ann).pk}
        return client_for(self.hr).post("/api/v1/assignments/", body, format="json")


@pytest.fixture
def office() -> Office:
    finance = DepartmentFactory.create(name="Finance", max_away=None)
    plan = RotationPlanFactory.create(
        name="Winter", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
    )
    plan.rules = dict(RULES_OFF)
    plan.save()
    return Office(
        plan=plan,
        rita=RepFactory.create(employee_id="R1", name="Rita"),
        ravi=RepFactory.create(employee_id="R2", name="Ravi"),
        ann=EmployeeFactory.create(employee_id="E1", name="Ann", department=finance),
        bea=EmployeeFactory.create(employee_id="E2", name="Bea", department=finance),
        hr=make_user("hr", HR_GROUP),
    )


def _shadower_away(o: Office) -> HostingSlot:
    UnavailabilityFactory.create(
        employee=o.ann, start=local(2027, 1, 4, 0), end=local(2027, 1, 9, 0)
    )
    return o.slot(o.rita, 5)


def _host_away(o: Office) -> HostingSlot:
    UnavailabilityFactory.create(
        employee=o.rita, start=local(2027, 1, 5, 0), end=local(2027, 1, 6, 0)
    )
    return o.slot(o.rita, 5)


def _double_booking(o: Office) -> HostingSlot:
    o.session(o.ann, o.slot(o.ravi, 5, 10))
    return o.slot(o.rita, 5, 9)  # 9:00 to 12:00 overlaps 10:00 to 13:00


def _requirement_cap(o: Office) -> HostingSlot:
    o.rules(sessions_per_shadower=2)
    o.session(o.ann, o.slot(o.ravi, 5))
    o.session(o.ann, o.slot(o.ravi, 12))
    return o.slot(o.rita, 19)


def _weekly_limit(o: Office) -> HostingSlot:
    o.rules(max_sessions_per_week=1)
    o.session(o.ann, o.slot(o.ravi, 4))
    return o.slot(o.rita, 8)  # Friday of the same ISO week


def _spacing(o: Office) -> HostingSlot:
    o.rules(min_days_between_sessions=7)
    o.session(o.ann, o.slot(o.ravi, 8))
    return o.slot(o.rita, 11)  # Monday after: another week, 3 days apart


def _host_load(o: Office) -> HostingSlot:
    o.rules(max_hosted_per_host_week=1)
    o.session(o.bea, o.slot(o.rita, 5))
    return o.slot(o.rita, 7)


def _distinct_hosts(o: Office) -> HostingSlot:
    o.rules(distinct_hosts=True)
    o.session(o.ann, o.slot(o.rita, 5))
    return o.slot(o.rita, 19)


def _department_coverage(o: Office) -> HostingSlot:
    o.ann.department.max_away = 1
    o.ann.department.save()
    o.session(o.bea, o.slot(o.ravi, 5, 10), status="confirmed")
    return o.slot(o.rita, 5, 9)


def _outside_the_period(o: Office) -> HostingSlot:
    return HostingSlotFactory.create(host=o.rita, start=local(2027, 2, 9, 9))


CASES: list[tuple[str, Callable[[Office], HostingSlot], str, str]] = [
    ("shadower away", _shadower_away, 'rule 5 availability: pair ("E1"', "shadower"),
    ("host away", _host_away, 'host "R1" is unavailable', "slot"),
    ("double booking", _double_booking, "rule 4 no double booking", "shadower"),
    ("requirement cap", _requirement_cap, "rule 6 requirement cap", "shadower"),
    ("weekly limit", _weekly_limit, "rule 7 weekly limit", "shadower"),
    ("spacing", _spacing, "rule 8 spacing", "shadower"),
    ("host load", _host_load, "rule 9 host load", "slot"),
    ("distinct hosts", _distinct_hosts, "rule 10 distinct hosts", "shadower"),
    ("department coverage", _department_coverage, "rule 11 department coverage", "shadower"),
    ("outside the period", _outside_the_period, "outside the horizon", "shadower"),
]


@pytest.mark.parametrize(("name", "arrange", "words", "field"), CASES, ids=[c[0] for c in CASES])
def test_a_booking_that_breaks_a_hard_rule_is_refused_and_names_it(
    office: Office, name: str, arrange: Callable[[Office], HostingSlot], words: str, field: str
) -> None:
    slot = arrange(office)
    before = Assignment.objects.count()
    response = office.book(slot)
    assert response.status_code == 409, response.json()
    assert error_fields(response) == [field]
    message = response.json()["errors"][0]["message"]
    assert message.startswith("it would break rule ") and words in message, message
    assert Assignment.objects.count() == before


def test_a_declined_pair_is_forbidden(office: Office) -> None:
    slot = office.slot(office.rita, 5)
    office.session(office.ann, slot, status=AssignmentStatus.DECLINED)
    response = office.book(slot)
    assert response.status_code == 409
    assert "rule 12 pinned and forbidden" in response.json()["errors"][0]["message"]


def test_a_booking_that_breaks_nothing_passes_though_the_plan_breaks_a_rule_elsewhere(
    office: Office,
) -> None:
    # Bea's two sessions two days apart break spacing; Ann's booking has nothing to do with it.
    office.rules(min_days_between_sessions=7)
    office.session(office.bea, office.slot(office.ravi, 5))
    office.session(office.bea, office.slot(office.ravi, 7))
    response = office.book(office.slot(office.rita, 12))
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed"


def test_a_booking_that_makes_a_standing_breach_worse_is_refused(office: Office) -> None:
    # Ann already attends two slots in week 1 (over the limit of 1): a third is refused too.
    office.rules(max_sessions_per_week=1)
    office.session(office.ann, office.slot(office.ravi, 4))
    office.session(office.ann, office.slot(office.ravi, 6))
    response = office.book(office.slot(office.rita, 8))
    assert response.status_code == 409
    assert "attends 3 slots in ISO week 2027-W01" in response.json()["errors"][0]["message"]


def test_a_proposal_counts_against_the_capacity_of_the_plan(office: Office) -> None:
    # No seat is taken (the proposal is not confirmed), but the plan would hold two on one.
    slot = office.slot(office.rita, 5, capacity=1)
    office.session(office.bea, slot)
    response = office.book(slot)
    assert response.status_code == 409 and error_fields(response) == ["slot"]
    assert "rule 3 capacity" in response.json()["errors"][0]["message"]
