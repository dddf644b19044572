"""Plan writes: creating a plan, and writing a solution back into it."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from optimizer import Solution
from rotations.models import (
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    HostingSlot,
    PlanStatus,
    RotationPlan,
    default_rules,
)
from rotations.signals import plan_revised

SOLVED_STATUSES = ("OPTIMAL", "FEASIBLE")


class SolutionError(ValueError):
    """A solution that cannot be written into its plan; nothing was changed."""


@dataclass(frozen=True)
class AppliedSolution:
    created: int  # new assignments
    kept: int  # assignments the plan already had
    revived: int  # cancelled assignments proposed again
    removed: int  # proposed assignments the new solution drops


def plan_create(
    *,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    timezone_name: str | None = None,
    rules: dict[str, Any] | None = None,
    weights: dict[str, Any] | None = None,
) -> RotationPlan:
    zone = timezone_name or settings.ROTATIONS_DEFAULT_TIMEZONE
    zoneinfo.ZoneInfo(zone)  # raises for an unknown zone
    if period_end < period_start:
        raise ValueError(f"period ends ({period_end}) before it starts ({period_start})")
    return RotationPlan.objects.create(
        name=name,
        period_start=period_start,
        period_end=period_end,
        timezone=zone,
        rules=default_rules() if rules is None else rules,
        weights=weights or {},
    )


def _resolve(solution: Solution) -> set[tuple[int, int]]:
    """The solution's pairs as (employee pk, slot pk); unknown ids raise SolutionError."""
    shadower_ids = {pair.shadower for pair in solution.assignments}
    employees = Employee.objects.in_bulk(list(shadower_ids), field_name="employee_id")
    try:
        slot_pks = {int(pair.slot) for pair in solution.assignments}
    except ValueError:
        raise SolutionError("the solution names a slot id that is not a number") from None
    slots = HostingSlot.objects.in_bulk(list(slot_pks))
    unknown = sorted(shadower_ids - employees.keys()) + sorted(
        str(pk) for pk in slot_pks - slots.keys()
    )
    if unknown:
        raise SolutionError(f"the solution names unknown ids: {', '.join(unknown)}")
    return {(employees[p.shadower].pk, int(p.slot)) for p in solution.assignments}


def plan_apply_solution(*, plan: RotationPlan, solution: Solution) -> AppliedSolution:
    """Make the plan's assignments those of `solution`, in one transaction.

    Until it commits, readers see the previous assignments. Confirmed, completed and pinned
    assignments must be in the solution; a declined pair must not come back. Proposed
    assignments the solution drops are deleted, or cancelled once the plan has been published
    (people were told of them).
    """
    if solution.status not in SOLVED_STATUSES:
        raise SolutionError(f"the solver found no plan (status {solution.status})")
    wanted = _resolve(solution)
    with transaction.atomic():
        locked = RotationPlan.objects.select_for_update().get(pk=plan.pk)
        current = {(a.shadower_id, a.slot_id): a for a in locked.assignments.select_for_update()}
        kept_out = [
            a
            for key, a in current.items()
            if key not in wanted and (a.pinned or a.status in PINNED_STATUSES)
        ]
        if kept_out:
            raise SolutionError(f"the solution drops {len(kept_out)} pinned assignment(s)")
        if any(current[k].status == AssignmentStatus.DECLINED for k in wanted & current.keys()):
            raise SolutionError("the solution proposes a pair that was declined")

        revived = [
            a for k, a in current.items() if k in wanted and a.status == AssignmentStatus.CANCELLED
        ]
        dropped = [
            a
            for k, a in current.items()
            if k not in wanted and a.status == AssignmentStatus.PROPOSED
        ]
        for assignment in revived:
            assignment.status = AssignmentStatus.PROPOSED
            assignment.version += 1
        if locked.published_at is not None:
            for assignment in dropped:
                assignment.status = AssignmentStatus.CANCELLED
                assignment.version += 1
            Assignment.objects.bulk_update(dropped, ["status", "version"])
        else:
            Assignment.objects.filter(pk__in=[a.pk for a in dropped]).delete()
        Assignment.objects.bulk_update(revived, ["status", "version"])
        Assignment.objects.bulk_create(
            Assignment(plan=locked, shadower_id=shadower, slot_id=slot)
            for shadower, slot in sorted(wanted - current.keys())
        )
        # A published plan stays published: its new assignments are live at once.
        locked.status = PlanStatus.PUBLISHED if locked.published_at else PlanStatus.SOLVED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
    plan.refresh_from_db()
    if plan.published_at is not None:  # people were told: tell them what changed
        plan_revised.send(sender=RotationPlan, plan=plan, published=False)
    return AppliedSolution(
        created=len(wanted - current.keys()),
        kept=len(wanted & current.keys()) - len(revived),
        revived=len(revived),
        removed=len(dropped),
    )


def plan_publish(*, plan: RotationPlan) -> RotationPlan:
    """Make a solved plan the one people see (reps confirm, calendars show it)."""
    if plan.status not in (PlanStatus.SOLVED, PlanStatus.PUBLISHED):
        raise ValueError(f'plan "{plan.name}" is {plan.status}; only a solved plan is published')
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = plan.published_at or timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    plan_revised.send(sender=RotationPlan, plan=plan, published=True)
    return plan
