"""A small world for API tests: HR, two reps, two employees, a plan with proposals, and a
client per role (token auth, as scripts use it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rotations.models import (
    Assignment,
    AssignmentStatus,
    Employee,
    Feedback,
    HostingSlot,
    RotationPlan,
)
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP, REP_GROUP
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    FeedbackFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)


def make_user(username: str, *groups: str, employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username * 2)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@dataclass
class World:
    plan: RotationPlan
    rep: Employee  # hosts `slot`
    other_rep: Employee  # hosts `other_slot`
    shadower: Employee  # shadows in `assignment`
    other_shadower: Employee  # shadows in `other_assignment`
    slot: HostingSlot
    other_slot: HostingSlot
    assignment: Assignment  # rep hosts shadower (proposed)
    other_assignment: Assignment  # other_rep hosts other_shadower (proposed)
    confirmed: Assignment  # other_rep hosts shadower (confirmed, no feedback yet)
    done: Assignment  # rep hosted shadower last year (completed, with `feedback`)
    feedback: Feedback
    users: dict[str, User | None]

    def client(self, role: str) -> APIClient:
        return client_for(self.users[role])


ROLES = ("anonymous", "nobody", "hr", "rep", "other_rep", "employee", "other_employee")


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    """Throttle counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    # Published: reps and employees see (and act on) published plans' sessions only.
    plan = RotationPlanFactory.create(
        name="Winter",
        period_start=dt.date(2027, 1, 4),
        period_end=dt.date(2027, 1, 31),
        status="published",
        published_at=timezone.now(),
    )
    rep = RepFactory.create(employee_id="R1", name="Rita Rep")
    other_rep = RepFactory.create(employee_id="R2", name="Otto Rep")
    shadower = EmployeeFactory.create(employee_id="E1", name="Emma Employee")
    other_shadower = EmployeeFactory.create(employee_id="E2", name="Oscar Employee")
    slot = HostingSlotFactory.create(host=rep, start=local(2027, 1, 5, 9), capacity=2)
    other_slot = HostingSlotFactory.create(host=other_rep, start=local(2027, 1, 6, 9), capacity=2)
    assignment = AssignmentFactory.create(plan=plan, slot=slot, shadower=shadower)
    other_assignment = AssignmentFactory.create(plan=plan, slot=other_slot, shadower=other_shadower)
    confirmed = AssignmentFactory.create(
        plan=plan, slot=other_slot, shadower=shadower, status=AssignmentStatus.CONFIRMED
    )
    past_slot = HostingSlotFactory.create(host=rep, start=local(2026, 12, 1, 9))
    done = AssignmentFactory.create(
        plan=RotationPlanFactory.create(
            name="Autumn",
            period_start=dt.date(2026, 11, 2),
            period_end=dt.date(2026, 12, 20),
            status="published",
            published_at=timezone.now(),
        ),
        slot=past_slot,
        shadower=shadower,
        status=AssignmentStatus.COMPLETED,
    )
    feedback = FeedbackFactory.create(assignment=done, author=shadower)
    users: dict[str, User | None] = {
        "anonymous": None,
        "nobody": make_user("nobody"),
        "hr": make_user("hr", HR_GROUP),
        "rep": make_user("rep", REP_GROUP, employee=rep),
        "other_rep": make_user("other_rep", REP_GROUP, employee=other_rep),
        "employee": make_user("employee", EMPLOYEE_GROUP, employee=shadower),
        "other_employee": make_user("other_employee", EMPLOYEE_GROUP, employee=other_shadower),
    }
    return World(
        plan=plan,
        rep=rep,
        other_rep=other_rep,
        shadower=shadower,
        other_shadower=other_shadower,
        slot=slot,
        other_slot=other_slot,
        assignment=assignment,
        other_assignment=other_assignment,
        confirmed=confirmed,
        done=done,
        feedback=feedback,
        users=users,
    )


def free_shadower(world: World) -> Employee:
    """A backroom person of the shadowers' site and department with no session yet: booking
    them breaks no rule (other_shadower's proposal the day after would break the spacing)."""
    return EmployeeFactory.create(
        department=world.shadower.department,
        site=world.shadower.site,
    )


def error_fields(response) -> list[str | None]:
    """The fields named by an error answer (and proof that it has the one error shape)."""
    body = response.json()
    assert set(body) >= {"errors"}, body
    assert all(set(e) >= {"field", "message"} and e["message"] for e in body["errors"]), body
    return [e["field"] for e in body["errors"]]
