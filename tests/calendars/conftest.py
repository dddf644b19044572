"""A published plan with a few sessions, and helpers to read feeds the way clients do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from calendars.tokens import feed_token_issue, plan_feed_token_issue
from optimizer import Pair, Solution
from rotations.models import Assignment, Employee, HostingSlot, RotationPlan
from rotations.services.plans import plan_apply_solution, plan_publish
from rotations.signals import plan_revised
from tests.calendars.validators import assert_valid
from tests.integration.company import Company, small_company


def solution(*pairs: tuple[str, int]) -> Solution:
    return Solution(
        status="FEASIBLE",
        objective=0,
        assignments=tuple(Pair(shadower, str(slot)) for shadower, slot in pairs),
    )


@dataclass
class Published:
    company: Company
    plan: RotationPlan
    pairs: list[tuple[str, int]]

    def shadower(self, employee_id: str) -> Employee:
        return Employee.objects.get(employee_id=employee_id)

    def slot(self, index: int) -> HostingSlot:
        return self.company.slots[index]

    def assignments(self) -> list[Assignment]:
        return list(
            Assignment.objects.filter(plan=self.plan).select_related("slot__host", "shadower")
        )


@pytest.fixture
def published(db, django_capture_on_commit_callbacks) -> Published:
    """Plan "Winter": E1 with R1 (slot 0) and R2 (slot 8), E2 with R1 (slot 0), E3 with R2 (14)."""
    company = small_company(shadowers=4, weeks=4)
    pairs = [
        ("E1", company.slots[0].pk),
        ("E1", company.slots[8].pk),
        ("E2", company.slots[0].pk),
        ("E3", company.slots[14].pk),
    ]
    plan_apply_solution(plan=company.plan, solution=solution(*pairs))
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=company.plan)
    assert_invitations_valid()
    mail.outbox.clear()
    return Published(company=company, plan=company.plan, pairs=pairs)


def feed_path(token: str) -> str:
    return f"/cal/{token}.ics"


def get_feed(client: Client, token: str, **headers: str) -> Any:
    """GET a feed as a calendar app would; every full answer must pass the validators."""
    response = client.get(feed_path(token), headers=headers)
    if response.status_code == 200:
        assert_valid(response.content)
    return response


def assert_invitations_valid() -> None:
    """Every calendar part of every e-mail sent so far passes the validators."""
    for message in mail.outbox:
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                assert_valid(part.get_payload(decode=True))


@pytest.fixture(autouse=True)
def _invitations_only():
    """These tests read invitations: the hosts' digests (web, tests/web) are left out."""
    from web.apps import _digest

    plan_revised.disconnect(dispatch_uid="web.host_digests")
    yield
    plan_revised.connect(_digest, dispatch_uid="web.host_digests")


@pytest.fixture(autouse=True)
def _every_invitation_is_checked():
    """Whatever a test sends, its calendars are valid (checked when the test ends)."""
    yield
    assert_invitations_valid()


@pytest.fixture
def fetch(client: Client):
    """GET an employee's (or a plan's) feed with a fresh token; returns the response."""

    def get(owner: Employee | RotationPlan, **headers: str):
        token = (
            feed_token_issue(employee=owner)
            if isinstance(owner, Employee)
            else plan_feed_token_issue(plan=owner)
        )
        return get_feed(client, token, **headers)

    return get
