"""Deletes and edits keep bookings safe: a slot or person in sessions is not deleted (409,
with the list); cancel the slot or deactivate the person instead, which cancels the sessions
and tells the people (iTIP CANCEL); a capacity below the seats taken is refused."""

from __future__ import annotations

from email.utils import parseaddr

from django.core import mail
from rest_framework.test import APIClient

from rotations.models import AssignmentStatus, HostingSlot, PlanStatus, SlotStatus
from rotations.services.plans import plan_publish
from tests.api.conftest import World, error_fields


def _hr(world: World) -> APIClient:
    return world.client("hr")


def test_deleting_a_booked_slot_is_refused_with_its_sessions(world: World):
    response = _hr(world).delete(f"/api/v1/slots/{world.other_slot.pk}/")
    assert response.status_code == 409
    assert error_fields(response) == ["sessions"]
    message = response.json()["errors"][0]["message"]
    assert f"assignment {world.confirmed.pk}" in message
    assert f"assignment {world.other_assignment.pk}" in message
    assert HostingSlot.objects.filter(pk=world.other_slot.pk).exists()


def test_deleting_a_person_in_sessions_is_refused_and_keeps_their_feedback(world: World):
    response = _hr(world).delete(f"/api/v1/employees/{world.shadower.pk}/")
    assert response.status_code == 409
    assert f"assignment {world.done.pk}" in response.json()["errors"][0]["message"]
    world.feedback.refresh_from_db()


def test_capacity_below_the_seats_taken_is_refused(world: World):
    # other_slot: one confirmed seat, one proposal.
    url = f"/api/v1/slots/{world.other_slot.pk}/"
    assert _hr(world).patch(url, {"capacity": 1}, format="json").status_code == 200
    world.other_assignment.status = AssignmentStatus.CONFIRMED
    world.other_assignment.save(update_fields=["status"])
    assert _hr(world).patch(url, {"capacity": 2}, format="json").status_code == 200
    refused = _hr(world).patch(url, {"capacity": 1}, format="json")
    assert refused.status_code == 409
    assert error_fields(refused) == ["capacity"]
    world.other_slot.refresh_from_db()
    assert world.other_slot.capacity == 2


def test_cancelling_a_slot_cancels_its_sessions_and_tells_the_people(
    world: World, django_capture_on_commit_callbacks
):
    world.plan.status = PlanStatus.SOLVED
    world.plan.published_at = None
    world.plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=world.plan)
    assert any("METHOD:REQUEST" in _ics(m) for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _hr(world).post(f"/api/v1/slots/{world.other_slot.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == SlotStatus.CANCELLED
    world.confirmed.refresh_from_db()
    world.other_assignment.refresh_from_db()
    assert world.confirmed.status == AssignmentStatus.CANCELLED
    assert world.other_assignment.status == AssignmentStatus.CANCELLED
    cancels = [m for m in mail.outbox if "METHOD:CANCEL" in _ics(m)]
    told = {parseaddr(m.to[0])[1] for m in cancels}
    assert told >= {world.shadower.email, world.other_shadower.email}


def test_deactivating_a_person_cancels_their_upcoming_sessions(world: World):
    response = _hr(world).post(f"/api/v1/employees/{world.shadower.pk}/deactivate/")
    assert response.status_code == 200
    assert response.json()["active"] is False
    for session, status in (
        (world.assignment, AssignmentStatus.CANCELLED),
        (world.confirmed, AssignmentStatus.CANCELLED),
        (world.done, AssignmentStatus.COMPLETED),  # the past stays as it was
    ):
        session.refresh_from_db()
        assert session.status == status
    world.other_assignment.refresh_from_db()
    assert world.other_assignment.status == AssignmentStatus.PROPOSED


def test_patching_a_person_inactive_is_the_same_deactivation(world: World):
    response = _hr(world).patch(
        f"/api/v1/employees/{world.shadower.pk}/", {"active": False}, format="json"
    )
    assert response.status_code == 200
    world.assignment.refresh_from_db()
    assert world.assignment.status == AssignmentStatus.CANCELLED


def _ics(message: mail.EmailMessage) -> str:
    parts = [str(content) for content, _mime in getattr(message, "alternatives", [])]
    parts += [str(a[1]) for a in message.attachments if isinstance(a, tuple)]
    return "\n".join([str(message.body), *parts])
