"""Every endpoint, called by every role: HR everything, reps their slots and the assignments
to them, employees their own assignments, feedback and calendar link; another person's
object is a 404, a forbidden action a 403, no credentials a 401."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import resolve

from tests.api.conftest import ROLES, World, free_shadower

STAFF_CSV = (
    "employee_id,name,email,role,department,site,timezone\n"
    "N1,New Person,n1@example.com,backroom,Accounting,Detroit,America/Detroit\n"
)


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    path: Callable[[World], str]
    expect: dict[str, int]  # by role; "anonymous" is 401 and "nobody" 403 unless named
    body: Callable[[World], Any] = field(default=lambda w: None)
    headers: Callable[[World], dict[str, str]] = field(default=lambda w: {})
    multipart: bool = False


def hr_only(ok: int) -> dict[str, int]:
    return {"hr": ok, "rep": 403, "other_rep": 403, "employee": 403, "other_employee": 403}


def if_match(version: Callable[[World], int]) -> Callable[[World], dict[str, str]]:
    return lambda w: {"HTTP_IF_MATCH": f'"{version(w)}"'}


def _solved(w: World) -> str:
    w.plan.status = "solved"
    w.plan.save(update_fields=["status"])
    return f"/api/v1/plans/{w.plan.pk}/publish/"


def _run(w: World) -> int:
    from tests.factories import SolveRunFactory

    run = w.plan.runs.first() or SolveRunFactory.create(plan=w.plan, status="queued")
    return int(run.pk)


def _dept(w: World) -> int:
    from tests.factories import DepartmentFactory

    return int(DepartmentFactory.create(name="Unused").pk)


def _idle_person(w: World) -> int:
    from rotations.models import Employee
    from tests.factories import EmployeeFactory

    idle = Employee.objects.filter(employee_id="IDLE").first()
    return int((idle or EmployeeFactory.create(employee_id="IDLE")).pk)


def _idle_slot(w: World) -> int:
    from tests.factories import HostingSlotFactory, local

    start = local(2027, 1, 20, 9)
    idle = w.rep.hosting_slots.filter(start=start).first()
    return int((idle or HostingSlotFactory.create(host=w.rep, start=start)).pk)


def _away(w: World) -> int:
    from tests.factories import UnavailabilityFactory

    away = w.shadower.unavailability.first() or UnavailabilityFactory.create(employee=w.shadower)
    return int(away.pk)


CALLS = [
    Call("sites list", "get", lambda w: "/api/v1/sites/", hr_only(200)),
    Call(
        "sites create",
        "post",
        lambda w: "/api/v1/sites/",
        hr_only(201),
        body=lambda w: {"name": "Phoenix", "timezone": "America/Phoenix"},
    ),
    Call("site read", "get", lambda w: f"/api/v1/sites/{w.rep.site_id}/", hr_only(200)),
    Call(
        "site edit",
        "patch",
        lambda w: f"/api/v1/sites/{w.rep.site_id}/",
        hr_only(200),
        body=lambda w: {"timezone": "America/New_York"},
    ),
    Call(
        "site delete (in use)", "delete", lambda w: f"/api/v1/sites/{w.rep.site_id}/", hr_only(409)
    ),
    Call("departments list", "get", lambda w: "/api/v1/departments/", hr_only(200)),
    Call(
        "department create",
        "post",
        lambda w: "/api/v1/departments/",
        hr_only(201),
        body=lambda w: {"name": "IT", "max_away": 2},
    ),
    Call(
        "department read",
        "get",
        lambda w: f"/api/v1/departments/{w.shadower.department_id}/",
        hr_only(200),
    ),
    Call(
        "department edit",
        "patch",
        lambda w: f"/api/v1/departments/{w.shadower.department_id}/",
        hr_only(200),
        body=lambda w: {"max_away": 3},
    ),
    Call("department delete", "delete", lambda w: f"/api/v1/departments/{_dept(w)}/", hr_only(204)),
    Call(
        "employee delete (in sessions)",
        "delete",
        lambda w: f"/api/v1/employees/{w.other_shadower.pk}/",
        hr_only(409),
    ),
    Call(
        "employee delete",
        "delete",
        lambda w: f"/api/v1/employees/{_idle_person(w)}/",
        hr_only(204),
    ),
    Call(
        "employee deactivate",
        "post",
        lambda w: f"/api/v1/employees/{w.other_shadower.pk}/deactivate/",
        hr_only(200),
    ),
    Call(
        "unavailability read", "get", lambda w: f"/api/v1/unavailability/{_away(w)}/", hr_only(200)
    ),
    Call(
        "unavailability edit",
        "patch",
        lambda w: f"/api/v1/unavailability/{_away(w)}/",
        hr_only(200),
        body=lambda w: {"reason": "Training"},
    ),
    Call(
        "unavailability delete",
        "delete",
        lambda w: f"/api/v1/unavailability/{_away(w)}/",
        hr_only(204),
    ),
    Call("employees list", "get", lambda w: "/api/v1/employees/", hr_only(200)),
    Call("employee read", "get", lambda w: f"/api/v1/employees/{w.shadower.pk}/", hr_only(200)),
    Call(
        "employee edit",
        "patch",
        lambda w: f"/api/v1/employees/{w.shadower.pk}/",
        hr_only(200),
        body=lambda w: {"name": "Emma Renamed"},
    ),
    Call(
        "employee create",
        "post",
        lambda w: "/api/v1/employees/",
        hr_only(201),
        body=lambda w: {
            "employee_id": "E9",
            "name": "Nina New",
            "email": "nina@example.com",
            "role": "backroom",
            "department": w.shadower.department_id,
            "site": w.shadower.site_id,
        },
    ),
    Call("unavailability list", "get", lambda w: "/api/v1/unavailability/", hr_only(200)),
    Call(
        "unavailability create",
        "post",
        lambda w: "/api/v1/unavailability/",
        hr_only(201),
        body=lambda w: {
            "employee": w.shadower.pk,
            "start": "2027-02-01T00:00:00-05:00",
            "end": "2027-02-06T00:00:00-05:00",
            "reason": "PTO",
        },
    ),
    Call(
        "slots list",
        "get",
        lambda w: "/api/v1/slots/",
        {"hr": 200, "rep": 200, "other_rep": 200, "employee": 403, "other_employee": 403},
    ),
    Call(
        "slot read",
        "get",
        lambda w: f"/api/v1/slots/{w.slot.pk}/",
        {"hr": 200, "rep": 200, "other_rep": 404, "employee": 403, "other_employee": 403},
    ),
    Call(
        "slot edit",
        "patch",
        lambda w: f"/api/v1/slots/{w.slot.pk}/",
        hr_only(200),
        body=lambda w: {"capacity": 3},
    ),
    Call(
        "slot create",
        "post",
        lambda w: "/api/v1/slots/",
        hr_only(201),
        body=lambda w: {
            "host": w.rep.pk,
            "start": "2027-01-12T09:00:00-05:00",
            "end": "2027-01-12T12:00:00-05:00",
            "capacity": 2,
            "kind": "ride_along",
        },
    ),
    Call(
        "slot delete (booked)",
        "delete",
        lambda w: f"/api/v1/slots/{w.other_slot.pk}/",
        hr_only(409),
    ),
    Call("slot delete", "delete", lambda w: f"/api/v1/slots/{_idle_slot(w)}/", hr_only(204)),
    Call("slot cancel", "post", lambda w: f"/api/v1/slots/{w.other_slot.pk}/cancel/", hr_only(200)),
    Call("plans list", "get", lambda w: "/api/v1/plans/", hr_only(200)),
    Call(
        "plan create",
        "post",
        lambda w: "/api/v1/plans/",
        hr_only(201),
        body=lambda w: {"name": "Spring", "period_start": "2027-04-05", "period_end": "2027-05-02"},
    ),
    Call("plan read", "get", lambda w: f"/api/v1/plans/{w.plan.pk}/", hr_only(200)),
    Call(
        "plan edit",
        "patch",
        lambda w: f"/api/v1/plans/{w.plan.pk}/",
        hr_only(200),
        body=lambda w: {"name": "Winter 2027"},
        headers=if_match(lambda w: w.plan.version),
    ),
    Call(
        "plan solve",
        "post",
        lambda w: f"/api/v1/plans/{w.plan.pk}/solve/",
        hr_only(202),
        body=lambda w: {"time_limit_s": 1, "workers": 1},
    ),
    Call("plan publish", "post", _solved, hr_only(200), body=lambda w: {"confirm": True}),
    Call("plan summary", "get", lambda w: f"/api/v1/plans/{w.plan.pk}/summary/", hr_only(200)),
    Call("plan review", "get", lambda w: f"/api/v1/plans/{w.plan.pk}/review/", hr_only(200)),
    Call(
        "plan repair (Emma's two sessions share a week)",
        "post",
        lambda w: f"/api/v1/plans/{w.plan.pk}/repair/",
        hr_only(202),
    ),
    Call("plan duplicate", "post", lambda w: f"/api/v1/plans/{w.plan.pk}/duplicate/", hr_only(201)),
    Call("runs list", "get", lambda w: "/api/v1/runs/", hr_only(200)),
    Call("run read", "get", lambda w: f"/api/v1/runs/{_run(w)}/", hr_only(200)),
    Call("run cancel", "post", lambda w: f"/api/v1/runs/{_run(w)}/cancel/", hr_only(200)),
    Call(
        "assignments list",
        "get",
        lambda w: "/api/v1/assignments/",
        {"hr": 200, "rep": 200, "other_rep": 200, "employee": 200, "other_employee": 200},
    ),
    Call(
        "assignment read",
        "get",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}/",
        {"hr": 200, "rep": 200, "other_rep": 404, "employee": 200, "other_employee": 404},
    ),
    Call(
        "assignment book",
        "post",
        lambda w: "/api/v1/assignments/",
        hr_only(201),
        body=lambda w: {"plan": w.plan.pk, "slot": w.slot.pk, "shadower": free_shadower(w).pk},
    ),
    Call(
        "assignment pin",
        "patch",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}/",
        hr_only(200),
        body=lambda w: {"pinned": True},
        headers=if_match(lambda w: w.assignment.version),
    ),
    Call(
        "assignment confirm",
        "post",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}/confirm/",
        {"hr": 403, "rep": 200, "other_rep": 404, "employee": 403, "other_employee": 403},
    ),
    Call(
        "assignment decline",
        "post",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}/decline/",
        {"hr": 403, "rep": 200, "other_rep": 404, "employee": 403, "other_employee": 403},
        body=lambda w: {"reason": "on the road that week"},
    ),
    Call(
        "feedback list",
        "get",
        lambda w: "/api/v1/feedback/",
        {"hr": 200, "rep": 403, "other_rep": 403, "employee": 200, "other_employee": 200},
    ),
    Call(
        "feedback read",
        "get",
        lambda w: f"/api/v1/feedback/{w.feedback.pk}/",
        {"hr": 200, "rep": 403, "other_rep": 403, "employee": 200, "other_employee": 404},
    ),
    Call(
        "feedback give",
        "post",
        lambda w: "/api/v1/feedback/",
        # Another person's session cannot even be named: it "does not exist" (400).
        {"hr": 403, "rep": 403, "other_rep": 403, "employee": 201, "other_employee": 400},
        body=lambda w: {"assignment": w.confirmed.pk, "rating": 5, "learned": "Quotes."},
    ),
    Call(
        "staff import",
        "post",
        lambda w: "/api/v1/imports/staff/",
        hr_only(200),
        body=lambda w: {"file": _upload(STAFF_CSV)},
        multipart=True,
    ),
    Call(
        "slots import",
        "post",
        lambda w: "/api/v1/imports/slots/",
        hr_only(200),
        body=lambda w: {
            "file": _upload(
                "host_employee_id,start,end,capacity,kind\n"
                "R1,2027-01-19 09:00,2027-01-19 12:00,2,ride_along\n"
            )
        },
        multipart=True,
    ),
    Call(
        "unavailability import",
        "post",
        lambda w: "/api/v1/imports/unavailability/",
        hr_only(200),
        body=lambda w: {"file": _upload("employee_id,start,end\nE1,2027-02-01,2027-02-05\n")},
        multipart=True,
    ),
    Call(
        "wishes import",
        "post",
        lambda w: "/api/v1/imports/wishes/",
        hr_only(200),
        body=lambda w: {"file": _upload("employee_id,target,value,weight\nE1,host,R1,2\n")},
        multipart=True,
    ),
    Call(
        "me",
        "get",
        lambda w: "/api/v1/me/",
        {role: 200 for role in ROLES if role != "anonymous"},
    ),
    Call(
        "calendar link status",
        "get",
        lambda w: "/api/v1/me/calendar/",
        {"hr": 403, "rep": 200, "other_rep": 200, "employee": 200, "other_employee": 200},
    ),
    Call(
        "calendar link issue",
        "post",
        lambda w: "/api/v1/me/calendar/",
        {"hr": 403, "rep": 201, "other_rep": 201, "employee": 201, "other_employee": 201},
    ),
    Call(
        "calendar link revoke",
        "delete",
        lambda w: "/api/v1/me/calendar/",
        {"hr": 403, "rep": 204, "other_rep": 204, "employee": 204, "other_employee": 204},
    ),
]


def _upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("input.csv", text.encode(), content_type="text/csv")


def _expected(call: Call, role: str) -> int:
    defaults = {"anonymous": 401, "nobody": 403}
    return call.expect.get(role, defaults.get(role, 0))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_each_role_gets_what_it_may_on_each_endpoint(world: World, call: Call, role: str):
    client = world.client(role)
    path = call.path(world)
    body = call.body(world)
    kwargs: dict[str, Any] = dict(call.headers(world))
    if body is not None:
        kwargs["data"] = body
        kwargs["format"] = "multipart" if call.multipart else "json"
    response = getattr(client, call.method)(path, **kwargs)
    assert response.status_code == _expected(call, role), (
        response.status_code,
        response.content[:400],
    )
    if response.status_code >= 400:
        body = response.json()
        assert body["errors"] and all("message" in e for e in body["errors"])


def _served_by_this_app(path: str) -> bool:
    """Routes of other apps mounted under /api/v1/ (calendars) are tested by their app."""
    match = resolve(path.replace("{id}", "1"))
    view = getattr(match.func, "cls", match.func)
    return view.__module__.startswith("api.")


def test_every_route_of_the_schema_is_in_the_matrix(world: World):
    """A new endpoint without role tests fails here."""
    schema = world.client("hr").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operations = {
        (method, path)
        for path, ops in schema["paths"].items()
        if _served_by_this_app(path)
        for method in ops
    }
    tested = {
        (method, path)
        for call in CALLS
        for method, path in operations
        if method == call.method and re.fullmatch(path.replace("{id}", "[0-9]+"), call.path(world))
    }
    assert len(operations) > 40
    assert operations - tested == set()
