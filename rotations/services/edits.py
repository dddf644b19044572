"""Edits guarded by a version: the caller names the version it read, or the edit is refused
(StaleVersionError, 412; see `versions`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rotations.models import Assignment, PlanStatus, RotationPlan
from rotations.services.errors import ConflictError, ServiceError
from rotations.services.plans import plan_validate
from rotations.services.versions import version_bump, version_lock

PLAN_FIELDS = frozenset({"name", "period_start", "period_end", "timezone", "rules", "weights"})


def plan_update(
    *, plan: RotationPlan, expected_version: int | None, changes: dict[str, Any]
) -> RotationPlan:
    """Change a plan's name, period, zone, rules or weights (the optimizer's parser checks
    them, its message on the field). Pages and the API both edit through here."""
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise ServiceError("cannot be changed here", field=sorted(unknown)[0])
    with transaction.atomic():
        locked = version_lock(RotationPlan, pk=plan.pk, expected_version=expected_version)
        if locked.status in (PlanStatus.SOLVING, PlanStatus.ARCHIVED):
            raise ConflictError(f"the plan is {locked.status}", field="status")
        for name, value in changes.items():
            setattr(locked, name, value)
        plan_validate(plan=locked)
        version_bump(locked, **changes)
    plan.refresh_from_db()
    return plan


def assignment_update(
    *, assignment: Assignment, expected_version: int | None, pinned: bool | None = None
) -> Assignment:
    """HR pins an assignment (every later solve keeps it) or lets it go."""
    with transaction.atomic():
        locked = version_lock(Assignment, pk=assignment.pk, expected_version=expected_version)
        if pinned is not None and pinned != locked.pinned:
            version_bump(locked, pinned=pinned)
    assignment.refresh_from_db()
    return assignment
