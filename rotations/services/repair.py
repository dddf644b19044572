"""Repair: the plan's conflicting sessions are cancelled (people told), and a minimal-change
re-plan fills the gaps: the plan in place is its `previous`, confirmed sessions still valid
stay pinned (see `selectors.replan`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rotations.models import Assignment, AssignmentStatus, Pending, RotationPlan, SolveRun
from rotations.selectors.conflicts import plan_conflicts
from rotations.services.errors import ConflictError
from rotations.services.jobs import replan_start
from rotations.services.notices import plan_sessions_announce
from rotations.services.versions import version_bump, version_lock


def plan_repair(*, plan: RotationPlan, expected_version: int | None = None) -> SolveRun:
    """Cancel the sessions in conflict and start a re-plan around them; the run is returned
    (the active one when a solve is under way). ConflictError when nothing conflicts."""
    with transaction.atomic():
        locked = version_lock(RotationPlan, pk=plan.pk, expected_version=expected_version)
        broken = {c.assignment.pk for c in plan_conflicts(plan=locked)}
        if not broken:
            raise ConflictError("the plan has no conflicts to repair", field="plan")
        Assignment.objects.filter(
            pk__in=broken, status__in=(AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
        ).update(
            status=AssignmentStatus.CANCELLED,
            pending=Pending.NONE,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        version_bump(locked)
        plan_sessions_announce(plan=locked)
        run, _ = replan_start(plan=locked, reason=f"repair of {len(broken)} conflict(s)")
    plan.refresh_from_db()
    return run
