"""Bad input answers 400 in one shape naming the field; read-only fields cannot be set;
lists are paged and filtered."""

from __future__ import annotations

import pytest

from rotations.models import Assignment, AssignmentStatus, HostingSlot, RotationPlan
from tests.api.conftest import World, error_fields, free_shadower
from tests.factories import HostingSlotFactory, local

SLOT = {
    "start": "2027-01-12T09:00:00-05:00",
    "end": "2027-01-12T12:00:00-05:00",
    "capacity": 2,
    "kind": "ride_along",
}


def _slot(world: World, **changes):
    return world.client("hr").post("/api/v1/slots/", {"host": world.rep.pk, **SLOT, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2027-01-12T09:00:00"}, "start"),
        ({"end": "2027-01-12 12:00"}, "end"),
        ({"end": "2027-01-12T08:00:00-05:00"}, "end"),
        ({"end": "2027-01-12T09:00:00-05:00"}, "end"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 40000}, "capacity"),
        ({"start": "0001-01-01T00:00:00+14:00"}, "start"),
        ({"start": "tomorrow"}, "start"),
        ({"tags": ["ok", "x" * 51]}, "tags.1"),
        ({"kind": "a\x00b"}, "kind"),
    ],
)
def test_a_bad_slot_is_refused_naming_its_field(world: World, changes, field):
    response = _slot(world, **changes)
    assert response.status_code == 400, response.content
    assert field in error_fields(response)
    assert HostingSlot.objects.count() == 3  # nothing written


def test_a_slot_with_offsets_is_stored_as_that_instant(world: World):
    response = _slot(world, start="2027-01-12T14:00:00Z", end="2027-01-12T17:00:00Z")
    assert response.status_code == 201, response.content
    assert HostingSlot.objects.get(pk=response.json()["id"]).start == local(2027, 1, 12, 9)


def test_a_host_must_be_an_active_rep(world: World):
    response = world.client("hr").post("/api/v1/slots/", {"host": world.shadower.pk, **SLOT})
    assert response.status_code == 400
    assert error_fields(response) == ["host"]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Eastern Time", "../../etc/passwd", ""])
def test_time_zones_must_be_iana_names(world: World, zone):
    response = world.client("hr").post("/api/v1/sites/", {"name": "Nowhere", "timezone": zone})
    assert response.status_code == 400
    assert error_fields(response) == ["timezone"]


def test_a_plan_period_must_not_run_backwards(world: World):
    response = world.client("hr").post(
        "/api/v1/plans/",
        {"name": "Backwards", "period_start": "2027-05-01", "period_end": "2027-04-01"},
    )
    assert response.status_code == 400
    assert error_fields(response) == ["period_end"]


def test_a_plan_with_rules_the_optimizer_refuses_is_refused(world: World):
    response = world.client("hr").post(
        "/api/v1/plans/",
        {
            "name": "Odd",
            "period_start": "2027-04-05",
            "period_end": "2027-05-02",
            "rules": {"sessions_per_shadower": "two"},
        },
    )
    assert response.status_code == 400
    assert error_fields(response) == ["rules"]
    assert not RotationPlan.objects.filter(name="Odd").exists()


def test_unknown_objects_and_strangers_objects_look_the_same(world: World):
    rep = world.client("rep")
    missing = rep.get("/api/v1/assignments/999999/")
    strangers = rep.get(f"/api/v1/assignments/{world.other_assignment.pk}/")
    assert missing.status_code == strangers.status_code == 404
    assert missing.json() == strangers.json()


def test_read_only_fields_cannot_be_mass_assigned(world: World):
    hr = world.client("hr")
    plan = world.plan
    response = hr.patch(
        f"/api/v1/plans/{plan.pk}/",
        {"name": "Renamed", "status": "published", "version": 99, "published_at": None},
        HTTP_IF_MATCH=f'"{plan.version}"',
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert (plan.name, plan.status, plan.version) == ("Renamed", "published", 2)

    assignment = world.assignment
    response = hr.patch(
        f"/api/v1/assignments/{assignment.pk}/",
        {"status": "confirmed", "version": 42, "pinned": True},
        HTTP_IF_MATCH=f'"{assignment.version}"',
    )
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert (assignment.status, assignment.version, assignment.pinned) == ("proposed", 2, True)

    # Capacity 3: the slot's proposal and the booking below fit (rule 3 counts the plan's).
    response = hr.patch(f"/api/v1/slots/{world.slot.pk}/", {"taken": 0, "capacity": 3})
    assert response.status_code == 200
    assert response.json()["taken"] == 0 and response.json()["capacity"] == 3

    response = hr.post(
        "/api/v1/assignments/",
        {
            "plan": plan.pk,
            "slot": world.slot.pk,
            "shadower": free_shadower(world).pk,
            "status": "completed",
            "version": 7,
        },
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["version"]) == ("confirmed", 1)


def test_lists_are_paged(world: World):
    for day in range(10, 20):
        HostingSlotFactory.create(host=world.rep, start=local(2027, 1, day))
    body = world.client("hr").get("/api/v1/slots/", {"page_size": 5, "page": 2}).json()
    assert body["count"] == 13 and len(body["results"]) == 5
    assert body["next"] and body["previous"]
    assert world.client("hr").get("/api/v1/slots/", {"page": 9}).status_code == 404


def test_assignments_filter_by_plan_status_person_and_dates(world: World):
    hr = world.client("hr")

    def ids(**query):
        response = hr.get("/api/v1/assignments/", query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    w = world
    assert ids(plan=w.plan.pk) == {w.assignment.pk, w.other_assignment.pk, w.confirmed.pk}
    assert ids(status="confirmed") == {w.confirmed.pk}
    assert ids(person=w.shadower.pk) == {w.assignment.pk, w.confirmed.pk, w.done.pk}
    assert ids(person=w.other_rep.pk) == {w.other_assignment.pk, w.confirmed.pk}
    assert ids(date_from="2027-01-06", date_to="2027-01-31") == {
        w.other_assignment.pk,
        w.confirmed.pk,
    }
    assert ids(person=2**70) == set()
    bad = hr.get("/api/v1/assignments/", {"status": "maybe"})
    assert bad.status_code == 400 and error_fields(bad) == ["status"]
    bad = hr.get("/api/v1/assignments/", {"date_from": "soon"})
    assert bad.status_code == 400 and error_fields(bad) == ["date_from"]


def test_a_rep_lists_only_their_slots_and_assignments(world: World):
    rep = world.client("rep")
    slots = {row["id"] for row in rep.get("/api/v1/slots/").json()["results"]}
    assert slots == {world.slot.pk, world.done.slot_id}
    mine = {row["id"] for row in rep.get("/api/v1/assignments/").json()["results"]}
    assert mine == {world.assignment.pk, world.done.pk}


def test_an_employee_lists_only_their_assignments_and_feedback(world: World):
    me = world.client("employee")
    mine = {row["id"] for row in me.get("/api/v1/assignments/").json()["results"]}
    assert mine == {world.assignment.pk, world.confirmed.pk, world.done.pk}
    other = world.client("other_employee")
    assert other.get("/api/v1/feedback/").json()["count"] == 0
    assert me.get("/api/v1/feedback/").json()["count"] == 1


def test_feedback_needs_a_taken_place_session_and_is_given_once(world: World):
    me = world.client("employee")
    proposed = me.post("/api/v1/feedback/", {"assignment": world.assignment.pk, "rating": 4})
    assert proposed.status_code == 409 and error_fields(proposed) == ["assignment"]
    twice = me.post("/api/v1/feedback/", {"assignment": world.done.pk, "rating": 4})
    assert twice.status_code == 409
    rating = me.post("/api/v1/feedback/", {"assignment": world.confirmed.pk, "rating": 6})
    assert rating.status_code == 400 and error_fields(rating) == ["rating"]


def test_booking_a_full_slot_is_a_conflict(world: World):
    Assignment.objects.filter(pk=world.assignment.pk).update(status=AssignmentStatus.CONFIRMED)
    hr = world.client("hr")
    first = hr.post(
        "/api/v1/assignments/",
        {"plan": world.plan.pk, "slot": world.slot.pk, "shadower": free_shadower(world).pk},
    )
    assert first.status_code == 201
    extra = world.shadower.__class__.objects.create(
        employee_id="E77",
        name="Extra",
        email="e77@example.com",
        role="backroom",
        department=world.shadower.department,
        site=world.shadower.site,
    )
    full = hr.post(
        "/api/v1/assignments/",
        {"plan": world.plan.pk, "slot": world.slot.pk, "shadower": extra.pk},
    )
    assert full.status_code == 409 and error_fields(full) == ["slot"]


def test_an_empty_or_malformed_filter_or_page_size_is_an_error(world: World):
    hr = world.client("hr")
    for query in ({"date_to": ""}, {"person": ""}, {"page_size": "null"}, {"page_size": 0}):
        response = hr.get("/api/v1/assignments/", query)
        assert response.status_code == 400, query
        assert error_fields(response) == list(query), query


def test_an_unknown_api_path_is_a_json_404(world: World):
    for path in ("/api/v1/plans/0.5/", "/api/v1/nothing/", "/api/v1/plans/1/solve/x/"):
        response = world.client("hr").post(path, {})
        assert response.status_code == 404 and error_fields(response) == [None]
