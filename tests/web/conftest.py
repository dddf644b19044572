"""Fixtures for the page tests: a published plan with a host, a shadower and sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from rotations.models import Assignment, Employee, HostingSlot, PlanStatus, RotationPlan
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
)
from tests.web.people import employee_make, hr_make, rep_make


@dataclass
class Published:
    plan: RotationPlan
    rep: Employee
    shadower: Employee
    upcoming_slot: HostingSlot
    past_slot: HostingSlot
    upcoming: Assignment  # proposed, in a week
    past: Assignment  # confirmed, last week
    rep_user: User
    shadower_user: User


@pytest.fixture
def published(db: None) -> Published:
    now = timezone.now().replace(microsecond=0)
    plan = RotationPlanFactory.create(
        name="Spring",
        period_start=(now - dt.timedelta(days=30)).date(),
        period_end=(now + dt.timedelta(days=60)).date(),
        status=PlanStatus.PUBLISHED,
        published_at=now - dt.timedelta(days=20),
    )
    rep = RepFactory.create(name="Rita Rep")
    shadower = EmployeeFactory.create(name="Sam Shadow")
    upcoming_slot = HostingSlotFactory.create(
        host=rep, start=now + dt.timedelta(days=7), kind="ride_along"
    )
    past_slot = HostingSlotFactory.create(
        host=rep, start=now - dt.timedelta(days=7), kind="customer_visit"
    )
    upcoming = AssignmentFactory.create(plan=plan, shadower=shadower, slot=upcoming_slot)
    past = AssignmentFactory.create(
        plan=plan, shadower=shadower, slot=past_slot, status="confirmed"
    )
    return Published(
        plan=plan,
        rep=rep,
        shadower=shadower,
        upcoming_slot=upcoming_slot,
        past_slot=past_slot,
        upcoming=upcoming,
        past=past,
        rep_user=rep_make(rep),
        shadower_user=employee_make(shadower),
    )


@pytest.fixture
def hr_client(db: None) -> Client:
    client = Client()
    client.force_login(hr_make())
    return client


@pytest.fixture
def rep_client(published: Published) -> Client:
    client = Client()
    client.force_login(published.rep_user)
    return client


@pytest.fixture
def employee_client(published: Published) -> Client:
    client = Client()
    client.force_login(published.shadower_user)
    return client
