"""A host's answer that changes the plan: declining an assignment starts a re-plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rotations.models import Assignment, AssignmentStatus, PlanStatus, SolveRun
from rotations.selectors.visibility import assignments_published
from rotations.services.errors import ConflictError
from rotations.services.jobs import replan_start
from rotations.services.versions import version_bump, version_lock

_DECLINABLE = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)


def assignment_decline(
    *,
    assignment: Assignment,
    by: Any,
    reason: str,
    expected_version: int | None = None,
) -> SolveRun | None:
    """Mark `assignment` declined and re-plan its plan around it; returns the re-plan run
    (the active run when a solve is under way already), or None for an archived plan.

    `by` (the user or employee who declined) is named in the run's reason. The declined pair
    is never proposed again (`forbidden` in the problem); the plan's other assignments stay
    unless placing the shadower's lost session needs one to move.
    """
    with transaction.atomic():
        locked = version_lock(Assignment, pk=assignment.pk, expected_version=expected_version)
        if not assignments_published(Assignment.objects.filter(pk=locked.pk)).exists():
            raise ConflictError("the session is not published yet", field="status")
        if locked.status not in _DECLINABLE:
            raise ConflictError(
                f"assignment {locked.pk} is {locked.status}; only a proposed or confirmed "
                "one can be declined",
                field="status",
            )
        version_bump(locked, status=AssignmentStatus.DECLINED, decline_reason=reason.strip())
        run = None
        if locked.plan.status != PlanStatus.ARCHIVED:
            who = getattr(by, "name", None) or getattr(by, "username", None) or "someone"
            run, _ = replan_start(
                plan=locked.plan,
                reason=f"{who} declined {locked.shadower.name} (assignment {locked.pk})",
            )
    assignment.refresh_from_db()
    return run
