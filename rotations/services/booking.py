"""Seats on a hosting slot: confirming a proposal, booking someone directly, and feedback.

A slot's capacity counts its taken seats: confirmed and completed assignments, across plans.
Every write that takes a seat first locks the slot's row (SELECT ... FOR UPDATE), so two
requests for the last seat are served one after the other: the second sees the first's row
and is refused. Without the lock both pass the check and the slot is over-booked
(FIELD_NOTES: 13-16 bookings on a capacity-2 slot under 200 requests).
"""

from __future__ import annotations

import dataclasses
import time
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction

from optimizer import Pair, parse_problem
from optimizer.check import hard_rule_violations
from rotations.models import (
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    Feedback,
    HostingSlot,
    PlanStatus,
    Role,
    RotationPlan,
    SlotStatus,
)
from rotations.selectors.problem import plan_problem, slot_document
from rotations.selectors.visibility import assignments_published, plan_sessions_to_publish
from rotations.services.errors import ConflictError, NotAllowedError, ServiceError
from rotations.services.versions import version_bump, version_lock

# Statuses that hold a seat on the slot.
TAKEN_STATUSES = PINNED_STATUSES
# Feedback is given on sessions that took (or are to take) place.
FEEDBACK_STATUSES = (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)


def slot_taken(*, slot: HostingSlot) -> int:
    """Seats taken on `slot` (confirmed and completed assignments of any plan)."""
    return Assignment.objects.filter(slot=slot, status__in=TAKEN_STATUSES).count()


def _slot_for_update(slot_id: int) -> HostingSlot:
    """The slot, locked until the transaction ends: seat checks on it run one at a time."""
    return HostingSlot.objects.select_for_update().get(pk=slot_id)


def _plan_for_update(plan_id: int) -> None:
    """Lock the plan (after the slot) until the transaction ends: bookings of one plan are
    checked one at a time, so two bookings of different slots cannot each pass a rule that
    only their sum breaks (department coverage, host load). The slot's lock still serves
    confirmations and other plans' bookings of the slot. Nothing locks a plan then a slot."""
    RotationPlan.objects.select_for_update().filter(pk=plan_id).first()


def _race_window() -> None:
    """Tests widen the gap between check and write to show the lock is what holds."""
    delay = float(getattr(settings, "ROTATIONS_BOOKING_RACE_DELAY_S", 0.0))
    if delay > 0:
        time.sleep(delay)


def _check_seat(slot: HostingSlot) -> None:
    if slot.status != SlotStatus.OPEN:
        raise ConflictError("the slot is cancelled", field="slot")
    taken = slot_taken(slot=slot)
    if taken >= slot.capacity:
        raise ConflictError(
            f"the slot is full ({taken} of {slot.capacity} seats taken)", field="slot"
        )


def _check_rules(plan: RotationPlan, slot: HostingSlot, shadower: Employee) -> None:
    """Refuse a booking that breaks a hard rule of the scheduling contract in `plan`.

    The optimizer's own checker runs on the plan's sessions (the set publishing would put in
    place) with and without the new pair; only what the new pair adds counts, so a conflict
    the plan already has elsewhere does not block an unrelated booking.
    """
    doc = plan_problem(plan=plan)
    if not any(entry["id"] == str(slot.pk) for entry in doc["slots"]):
        # Outside the plan's period: the checker names it (rule 1, outside the horizon).
        doc["slots"].append(slot_document(slot, zoneinfo.ZoneInfo(plan.timezone)))
    # Pinned pairs are the solver's input, not a rule of the data (as for conflicts).
    problem = dataclasses.replace(parse_problem(doc), pinned=(), previous=())
    pairs = [
        Pair(a.shadower.employee_id, str(a.slot_id)) for a in plan_sessions_to_publish(plan=plan)
    ]
    before = set(hard_rule_violations(problem, pairs))
    new = Pair(shadower.employee_id, str(slot.pk))
    broken = [m for m in hard_rule_violations(problem, [*pairs, new]) if m not in before]
    if broken:
        # The slot's side (its capacity, its host's load or time away) or the shadower's.
        on_slot = ("rule 3 ", "rule 9 ", f'host "{slot.host.employee_id}" is unavailable')
        field = "slot" if any(mark in broken[0] for mark in on_slot) else "shadower"
        raise ConflictError(f"it would break {'; and '.join(broken)}", field=field)


def _published(assignment: Assignment) -> bool:
    return assignments_published(Assignment.objects.filter(pk=assignment.pk)).exists()


def assignment_confirm(
    *, assignment: Assignment, by: Employee | None, expected_version: int | None = None
) -> Assignment:
    """The host accepts a proposed shadower. `by` None is the system (HR tools, tests).

    ConflictError when the assignment is no longer proposed or the slot is full;
    StaleVersionError when `expected_version` is not the stored version.
    """
    with transaction.atomic():
        slot = _slot_for_update(assignment.slot_id)
        if by is not None and slot.host_id != by.pk:
            raise NotAllowedError("only the host confirms a shadower")
        current = version_lock(Assignment, pk=assignment.pk, expected_version=expected_version)
        if by is not None and not _published(current):
            raise ConflictError("the session is not published yet", field="status")
        if current.status != AssignmentStatus.PROPOSED:
            raise ConflictError(
                f"the assignment is {current.status}; only a proposed one is confirmed",
                field="status",
            )
        _check_seat(slot)
        _race_window()
        version_bump(current, status=AssignmentStatus.CONFIRMED)
    current.refresh_from_db()
    return current


def assignment_book(*, plan: RotationPlan, slot: HostingSlot, shadower: Employee) -> Assignment:
    """Seat `shadower` on `slot` in `plan` directly, as a confirmed assignment.

    ConflictError when the slot is full or cancelled, the shadower already has this slot in
    this plan, or the booking would break a hard rule of the contract (spec/scheduling.md:
    time away, double booking, requirement cap, weekly limit, spacing, host load, distinct
    hosts, department coverage, forbidden pairs, the plan's period), the rule named in the
    message; ServiceError (400) when the people or the plan do not fit.
    """
    if shadower.role != Role.BACKROOM or not shadower.active:
        raise ServiceError("only an active backroom employee shadows", field="shadower")
    if plan.status == PlanStatus.ARCHIVED:
        raise ConflictError("the plan is archived", field="plan")
    if not slot.remote and slot.host.site_id != shadower.site_id:
        raise ServiceError("an in-person slot takes shadowers of its own site", field="shadower")
    try:
        with transaction.atomic():
            locked = _slot_for_update(slot.pk)
            _plan_for_update(plan.pk)
            existing = Assignment.objects.filter(plan=plan, slot=locked, shadower=shadower).first()
            if existing is not None and existing.status == AssignmentStatus.DECLINED:
                raise ConflictError(
                    "it would break rule 12 pinned and forbidden: the host declined this "
                    "shadower for this slot",
                    field="shadower",
                )
            if existing is not None:
                raise ConflictError(
                    "this shadower already has this slot in this plan", field="shadower"
                )
            _check_seat(locked)
            _check_rules(plan, locked, shadower)
            _race_window()
            return Assignment.objects.create(
                plan=plan, slot=locked, shadower=shadower, status=AssignmentStatus.CONFIRMED
            )
    except IntegrityError:
        # The unique constraint is the backstop for callers that skip the lock.
        raise ConflictError(
            "this shadower already has this slot in this plan", field="shadower"
        ) from None


def feedback_submit(
    *, assignment: Assignment, author: Employee, rating: int, learned: str = "", change: str = ""
) -> Feedback:
    """The shadower's feedback on a session: one per author and assignment."""
    if assignment.shadower_id != author.pk:
        raise NotAllowedError("only the shadower gives feedback on a session")
    if assignment.status not in FEEDBACK_STATUSES:
        raise ConflictError(
            f"the assignment is {assignment.status}; feedback needs a confirmed session",
            field="assignment",
        )
    if not 1 <= rating <= 5:
        raise ServiceError("must be 1 to 5", field="rating")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                assignment=assignment, author=author, rating=rating, learned=learned, change=change
            )
    except IntegrityError:
        raise ConflictError(
            "feedback on this session was already given", field="assignment"
        ) from None
