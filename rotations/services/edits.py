"""Edits guarded by a version: the caller names the version it read, or the edit is refused.

Plans and assignments carry `version`, bumped on every edit; the API sends it as the ETag
and wants it back in If-Match, so two people editing the same plan cannot overwrite each
other (a lost update): the second gets StaleVersionError (412) and reads again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from rotations.models import Assignment, PlanStatus, RotationPlan
from rotations.services.errors import ConflictError, ServiceError, StaleVersionError
from rotations.services.plans import plan_publish

PLAN_FIELDS = frozenset({"name", "period_start", "period_end", "timezone", "rules", "weights"})


def _check_version(obj: RotationPlan | Assignment, expected_version: int) -> None:
    if obj.version != expected_version:
        raise StaleVersionError(
            f"it is at version {obj.version}, not {expected_version}; read it again",
            field="version",
        )


def _bump(obj: Model, model: type[RotationPlan] | type[Assignment], **changes: Any) -> None:
    model._default_manager.filter(pk=obj.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )


def plan_update(
    *, plan: RotationPlan, expected_version: int, changes: dict[str, Any]
) -> RotationPlan:
    """Change a plan's period, zone, rules or weights (the optimizer's parser checks them)."""
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise ServiceError("cannot be changed here", field=sorted(unknown)[0])
    with transaction.atomic():
        locked = RotationPlan.objects.select_for_update().get(pk=plan.pk)
        _check_version(locked, expected_version)
        if locked.status in (PlanStatus.SOLVING, PlanStatus.ARCHIVED):
            raise ConflictError(f"the plan is {locked.status}", field="status")
        for name, value in changes.items():
            setattr(locked, name, value)
        if locked.period_end < locked.period_start:
            raise ServiceError("must not be before period_start", field="period_end")
        try:
            locked.clean()
        except ValidationError as exc:
            raise ServiceError("; ".join(exc.messages), field="rules") from None
        _bump(locked, RotationPlan, **changes)
    plan.refresh_from_db()
    return plan


def plan_publish_versioned(
    *, plan: RotationPlan, expected_version: int | None = None
) -> RotationPlan:
    """Publish a solved plan (see plan_publish), checking and bumping its version."""
    with transaction.atomic():
        locked = RotationPlan.objects.select_for_update().get(pk=plan.pk)
        if expected_version is not None:
            _check_version(locked, expected_version)
        try:
            plan_publish(plan=locked)
        except ValueError as exc:
            raise ConflictError(str(exc), field="status") from None
        _bump(locked, RotationPlan)
    plan.refresh_from_db()
    return plan


def assignment_update(
    *, assignment: Assignment, expected_version: int, pinned: bool | None = None
) -> Assignment:
    """HR pins an assignment (every later solve keeps it) or lets it go."""
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _check_version(locked, expected_version)
        if pinned is not None and pinned != locked.pinned:
            _bump(locked, Assignment, pinned=pinned)
    assignment.refresh_from_db()
    return assignment
