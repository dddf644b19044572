"""Confirm or decline an assignment as its host: one place for the hosting page and the
one-click links, over the booking and re-planning services."""

from __future__ import annotations

from rotations.links import Action
from rotations.models import Assignment, Employee
from rotations.services.assignments import assignment_decline
from rotations.services.booking import assignment_confirm


def assignment_act(
    *,
    assignment: Assignment,
    action: Action,
    by: Employee,
    reason: str = "",
    expected_version: int | None = None,
) -> str:
    """Do it and say what happened, in words for the page; ServiceError when refused."""
    if action == "confirm":
        assignment_confirm(assignment=assignment, by=by, expected_version=expected_version)
        return f"Confirmed: {assignment.shadower.name} shadows you."
    run = assignment_decline(
        assignment=assignment, by=by, reason=reason, expected_version=expected_version
    )
    tail = " The plan is being adjusted to find them another session." if run else ""
    return f"Declined: {assignment.shadower.name} will not shadow this session.{tail}"
