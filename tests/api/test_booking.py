"""The seat rules of rotations.services.booking, called directly."""

from __future__ import annotations

import pytest

from rotations.models import AssignmentStatus, SlotStatus
from rotations.services.booking import (
    assignment_book,
    assignment_confirm,
    feedback_submit,
    slot_taken,
)
from rotations.services.errors import (
    ConflictError,
    NotAllowedError,
    ServiceError,
    StaleVersionError,
)
from tests.api.conftest import World
from tests.factories import EmployeeFactory, SiteFactory


def test_a_confirmation_takes_a_seat_and_bumps_the_version(world: World):
    assert slot_taken(slot=world.slot) == 0
    confirmed = assignment_confirm(assignment=world.assignment, by=world.rep, expected_version=1)
    assert (confirmed.status, confirmed.version) == (AssignmentStatus.CONFIRMED, 2)
    assert slot_taken(slot=world.slot) == 1


def test_only_the_host_confirms_and_only_the_version_read(world: World):
    with pytest.raises(NotAllowedError):
        assignment_confirm(assignment=world.assignment, by=world.other_rep)
    with pytest.raises(StaleVersionError):
        assignment_confirm(assignment=world.assignment, by=world.rep, expected_version=3)


def test_a_cancelled_slot_takes_no_one(world: World):
    world.slot.status = SlotStatus.CANCELLED
    world.slot.save()
    with pytest.raises(ConflictError) as refused:
        assignment_confirm(assignment=world.assignment, by=world.rep)
    assert refused.value.field == "slot"


def test_an_in_person_slot_takes_only_its_own_site(world: World):
    elsewhere = EmployeeFactory.create(
        site=SiteFactory.create(name="Denver", timezone="America/Denver")
    )
    with pytest.raises(ServiceError) as refused:
        assignment_book(plan=world.plan, slot=world.slot, shadower=elsewhere)
    assert refused.value.field == "shadower"
    world.slot.remote = True
    world.slot.save()
    booked = assignment_book(plan=world.plan, slot=world.slot, shadower=elsewhere)
    assert booked.status == AssignmentStatus.CONFIRMED


def test_a_rep_is_not_booked_as_a_shadower(world: World):
    with pytest.raises(ServiceError):
        assignment_book(plan=world.plan, slot=world.slot, shadower=world.other_rep)


def test_feedback_is_the_shadowers_own(world: World):
    with pytest.raises(NotAllowedError):
        feedback_submit(assignment=world.confirmed, author=world.other_shadower, rating=4)
    given = feedback_submit(
        assignment=world.confirmed, author=world.shadower, rating=5, learned="How orders ship"
    )
    assert given.rating == 5 and given.author == world.shadower
