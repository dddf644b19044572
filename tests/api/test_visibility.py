"""Drafts stay HR's: every route that shows or acts on a session, through the API and the
pages, for HR, the host, the shadower, a stranger and nobody signed in, with the plan a
draft, solved, published, or published with a draft revision waiting (the session under
test only in the revision). The host and the shadower see and act on it only when it is
published; a stranger never; HR always sees it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from rotations.models import Assignment, Pending, PlanStatus
from rotations.roles import EMPLOYEE_GROUP, REP_GROUP
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)
from tests.web.people import hr_make, user_make

STATES = ("draft", "solved", "published", "revised")
ROLES = ("hr", "host", "shadower", "stranger", "anonymous")


@dataclass
class Case:
    session: Assignment
    users: dict[str, User | None]

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client


def _case(state: str) -> Case:
    plan = RotationPlanFactory.create(name="Spring")
    host = RepFactory.create(name="Harriet Host")
    shadower = EmployeeFactory.create(name="Sam Shadower")
    slot = HostingSlotFactory.create(host=host, start=local(2027, 1, 12, 9))
    session = AssignmentFactory.create(plan=plan, slot=slot, shadower=shadower)
    if state != "draft":
        plan.status = PlanStatus.SOLVED
    if state in ("published", "revised"):
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = timezone.now()
    plan.save()
    if state == "revised":
        # Re-solved after publishing: this session exists only in the revision under review.
        Assignment.objects.filter(pk=session.pk).update(pending=Pending.ADD)
    stranger = RepFactory.create(name="Stella Stranger")
    return Case(
        session=session,
        users={
            "hr": hr_make(),
            "host": user_make(username="host", groups=(REP_GROUP,), employee=host),
            "shadower": user_make(username="shadower", groups=(EMPLOYEE_GROUP,), employee=shadower),
            "stranger": user_make(
                username="stranger", groups=(REP_GROUP, EMPLOYEE_GROUP), employee=stranger
            ),
            "anonymous": None,
        },
    )


@dataclass(frozen=True)
class Route:
    name: str
    api: bool
    call: Callable[[Client, Assignment], Any]
    roles: frozenset[str]  # who may use the route at all; others get 403
    ok: int  # the answer when the person may see the session
    hidden: int  # the answer when they may not (404 for the object, 200 for a list)
    shows: Callable[[Any, Assignment], bool] = lambda r, a: True
    owners: frozenset[str] = frozenset({"host", "shadower"})  # whose session it is here


def _listed(response: Any, session: Assignment) -> bool:
    return any(item["id"] == session.pk for item in response.json()["results"])


def _named(name: str) -> Callable[[Any, Assignment], bool]:
    return lambda response, session: name in response.content.decode()


def _api_act(verb: str, body: dict[str, str] | None = None) -> Callable[[Client, Assignment], Any]:
    return lambda c, a: c.post(
        f"/api/v1/assignments/{a.pk}/{verb}/", body or {}, content_type="application/json"
    )


ALL = frozenset({"hr", "host", "shadower", "stranger"})
PEOPLE = frozenset({"host", "shadower", "stranger"})
HOSTS = frozenset({"host", "stranger"})

ROUTES = [
    Route(
        "api list",
        True,
        lambda c, a: c.get(f"/api/v1/assignments/?plan={a.plan_id}"),
        ALL,
        200,
        200,
        _listed,
    ),
    Route("api read", True, lambda c, a: c.get(f"/api/v1/assignments/{a.pk}/"), ALL, 200, 404),
    Route("api confirm", True, _api_act("confirm"), HOSTS, 200, 404),
    Route("api decline", True, _api_act("decline", {"reason": "away"}), HOSTS, 200, 404),
    Route("page session", False, lambda c, a: c.get(f"/assignments/{a.pk}/"), ALL, 200, 404),
    Route(
        "page slot",
        False,
        lambda c, a: c.get(f"/slots/{a.slot_id}/"),
        ALL,
        200,
        200,
        _named("Sam Shadower"),
        owners=frozenset({"host"}),
    ),
    Route(
        "page hosting",
        False,
        lambda c, a: c.get("/hosting/"),
        HOSTS,
        200,
        200,
        _named("Confirm Sam Shadower"),
    ),
    Route(
        "page sessions",
        False,
        lambda c, a: c.get("/sessions/"),
        PEOPLE,
        200,
        200,
        _named("with Harriet Host"),
        owners=frozenset({"shadower"}),
    ),
    Route(
        "page confirm",
        False,
        lambda c, a: c.post(f"/hosting/{a.pk}/confirm/", {"version": a.version}),
        HOSTS,
        302,
        404,
    ),
    Route(
        "page decline",
        False,
        lambda c, a: c.post(f"/hosting/{a.pk}/decline/", {"version": a.version, "reason": "away"}),
        HOSTS,
        302,
        404,
    ),
    Route(
        "page plan", False, lambda c, a: c.get(f"/plans/{a.plan_id}/"), frozenset({"hr"}), 200, 200
    ),
]


def _may_see(route: Route, role: str, state: str) -> bool:
    if role == "hr":
        return True
    return role in route.owners and state == "published"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_people_see_and_act_on_published_sessions_only(
    db: None, route: Route, role: str, state: str
):
    case = _case(state)
    response = route.call(case.client(role), case.session)
    if role == "anonymous":
        assert response.status_code == (401 if route.api else 302)
        return
    if role not in route.roles:
        assert response.status_code == 403
        return
    visible = _may_see(route, role, state)
    if route.name == "page slot" and role in ("shadower", "stranger"):
        assert response.status_code == 404  # not their slot: the slot itself is hidden
        return
    expected = route.ok if visible else route.hidden
    assert response.status_code == expected, response.content[:300]
    if route.ok == route.hidden:  # a list: the session is in it or not
        assert route.shows(response, case.session) is visible


def test_a_pending_revision_leaves_the_published_sessions_in_sight(db: None):
    case = _case("published")
    added = AssignmentFactory.create(
        plan=case.session.plan,
        slot=HostingSlotFactory.create(host=case.session.slot.host, start=local(2027, 1, 19, 9)),
        shadower=case.session.shadower,
        pending=Pending.ADD,
    )
    Assignment.objects.filter(pk=case.session.pk).update(pending=Pending.DROP)
    mine = case.client("shadower").get("/api/v1/assignments/").json()["results"]
    everything = case.client("hr").get("/api/v1/assignments/").json()["results"]
    assert [item["id"] for item in mine] == [case.session.pk]
    assert {item["id"] for item in everything} == {case.session.pk, added.pk}
