"""Plan writes: creating a plan, and writing a solution back into it."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from optimizer import Solution
from rotations.models import (
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    HostingSlot,
    Pending,
    PlanStatus,
    RotationPlan,
    RunKind,
    RunStatus,
    default_rules,
)
from rotations.selectors.review import plan_review
from rotations.services.errors import ConflictError, ServiceError
from rotations.services.notices import plan_sessions_announce
from rotations.services.versions import version_bump, version_lock

SOLVED_STATUSES = ("OPTIMAL", "FEASIBLE")


class SolutionError(ServiceError, ValueError):
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
    plan = RotationPlan(
        name=name,
        period_start=period_start,
        period_end=period_end,
        timezone=timezone_name or settings.ROTATIONS_DEFAULT_TIMEZONE,
        rules=default_rules() if rules is None else rules,
        weights=weights or {},
    )
    plan_validate(plan=plan)
    plan.save()
    return plan


def plan_validate(*, plan: RotationPlan) -> None:
    """ServiceError naming the field when the optimizer's parser would refuse the plan."""
    if not plan.name.strip() or len(plan.name) > 100:
        raise ServiceError("must be 1 to 100 characters", field="name")
    if RotationPlan.objects.filter(name=plan.name).exclude(pk=plan.pk).exists():
        raise ConflictError("a plan of this name exists already", field="name")
    if plan.period_end < plan.period_start:
        raise ServiceError(
            f"ends ({plan.period_end}) before the period starts ({plan.period_start})",
            field="period_end",
        )
    try:
        zoneinfo.ZoneInfo(plan.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ServiceError(f"unknown time zone {plan.timezone!r}", field="timezone") from None
    try:
        plan.clean()
    except ValidationError as exc:
        raise ServiceError("; ".join(exc.messages), field=_field_of(exc.messages)) from None


def _field_of(messages: list[str]) -> str:
    """The plan field the parser's first message is about (its messages name the path)."""
    first = messages[0] if messages else ""
    for name in ("weights", "horizon", "rules"):
        if first.startswith(name) or f"{name}." in first or f"{name}:" in first:
            return "period_end" if name == "horizon" else name
    return "rules"


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


def _is_revision(plan: RotationPlan) -> bool:
    """A full solve of a published plan is a draft revision HR reviews and publishes; a
    re-plan (a decline, a repair: minimal change) goes live at once, as it must to fill in."""
    if plan.published_at is None:
        return False
    running = plan.runs.filter(status=RunStatus.RUNNING).values_list("kind", flat=True).first()
    return running != RunKind.REPLAN


def plan_apply_solution(
    *, plan: RotationPlan, solution: Solution, revision: bool | None = None
) -> AppliedSolution:
    """Make the plan's assignments those of `solution`, in one transaction, and bump the
    plan's version (an If-Match read before the solve is stale after it).

    Until it commits, readers see the previous assignments. Confirmed, completed and pinned
    assignments must be in the solution; a declined pair must not come back.

    A plan never published: dropped proposals are deleted. A published plan, live
    (`revision` False, a re-plan): dropped proposals are cancelled and people are told. As a
    draft revision (`revision` True, the default for a full solve of a published plan): the
    rows are only marked `pending` add or drop; people keep seeing the published set until
    `plan_publish`.
    """
    if solution.status not in SOLVED_STATUSES:
        raise SolutionError(f"the solver found no plan (status {solution.status})")
    wanted = _resolve(solution)
    with transaction.atomic():
        locked = version_lock(RotationPlan, pk=plan.pk)
        as_revision = _is_revision(locked) if revision is None else revision
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
        if as_revision:
            _mark_revision(current, wanted, revived, dropped)
        else:
            _apply_live(locked, revived, dropped)
        Assignment.objects.bulk_create(
            Assignment(
                plan=locked,
                shadower_id=shadower,
                slot_id=slot,
                pending=Pending.ADD if as_revision else Pending.NONE,
            )
            for shadower, slot in sorted(wanted - current.keys())
        )
        # A published plan stays published (a revision waits for HR to publish it).
        status = PlanStatus.PUBLISHED if locked.published_at else PlanStatus.SOLVED
        version_bump(locked, status=status)
        if locked.published_at is not None and not as_revision:
            plan_sessions_announce(plan=locked)  # people were told: tell them what changed
    plan.refresh_from_db()
    return AppliedSolution(
        created=len(wanted - current.keys()),
        kept=len(wanted & current.keys()) - len(revived),
        revived=len(revived),
        removed=len(dropped),
    )


def _apply_live(plan: RotationPlan, revived: list[Assignment], dropped: list[Assignment]) -> None:
    # A draft revision waiting for review keeps its marks: only HR's publish makes it live.
    for assignment in revived:
        assignment.status = AssignmentStatus.PROPOSED
        assignment.pending = Pending.NONE
        assignment.version += 1
    Assignment.objects.bulk_update(revived, ["status", "pending", "version"])
    unseen = [a.pk for a in dropped if a.pending == Pending.ADD]
    seen = [a for a in dropped if a.pending != Pending.ADD]
    if plan.published_at is not None:
        for assignment in seen:
            assignment.status = AssignmentStatus.CANCELLED
            assignment.pending = Pending.NONE
            assignment.version += 1
        Assignment.objects.bulk_update(seen, ["status", "pending", "version"])
    else:
        unseen += [a.pk for a in seen]
    Assignment.objects.filter(pk__in=unseen).delete()


def _mark_revision(
    current: dict[tuple[int, int], Assignment],
    wanted: set[tuple[int, int]],
    revived: list[Assignment],
    dropped: list[Assignment],
) -> None:
    marked: list[Assignment] = []
    for key, assignment in current.items():
        if key in wanted and assignment.pending == Pending.DROP:
            assignment.pending = Pending.NONE  # kept after all
            marked.append(assignment)
    for assignment in revived:
        assignment.pending = Pending.ADD  # proposed again once published
        marked.append(assignment)
    unseen = []
    for assignment in dropped:
        if assignment.pending == Pending.ADD:
            unseen.append(assignment.pk)  # only ever in the draft: nobody saw it
        else:
            assignment.pending = Pending.DROP
            marked.append(assignment)
    for key, assignment in current.items():
        revived_before = (
            assignment.status == AssignmentStatus.CANCELLED and assignment.pending == Pending.ADD
        )
        if revived_before and key not in wanted:
            assignment.pending = Pending.NONE  # the earlier revision's revival is withdrawn
            marked.append(assignment)
    Assignment.objects.bulk_update(marked, ["pending"])
    Assignment.objects.filter(pk__in=unseen).delete()


def plan_publish(
    *, plan: RotationPlan, expected_version: int | None = None, confirm: bool | None = None
) -> RotationPlan:
    """Make a solved plan, or a published plan's draft revision, the one people see (reps
    confirm, calendars show it); the pages and the API both publish through here.

    Takes the plan's lock, checks and bumps its version; people are told of the changes
    once the transaction commits (see `notices`). ConflictError when there is nothing
    solved to publish. A person publishing (the pages, the API) passes `confirm`: a review
    with warnings (nothing placed, lower coverage, conflicts, ...) is then published only
    with `confirm=True`, else ServiceError naming `confirm`; None (code) skips the review.
    """
    with transaction.atomic():
        locked = version_lock(RotationPlan, pk=plan.pk, expected_version=expected_version)
        now = timezone.now()
        if locked.status not in (PlanStatus.SOLVED, PlanStatus.PUBLISHED):
            raise ConflictError(
                f'plan "{locked.name}" is {locked.status}; only a solved plan is published',
                field="status",
            )
        if confirm is False:
            warnings = plan_review(plan=locked).warnings
            if warnings:
                raise ServiceError(
                    f"the review has warnings ({'; '.join(warnings)}); "
                    "publish with confirm true to go on",
                    field="confirm",
                )
        revision = locked.assignments.exclude(pending=Pending.NONE)
        changes: list[tuple[Pending, AssignmentStatus, AssignmentStatus]] = [
            (Pending.DROP, AssignmentStatus.PROPOSED, AssignmentStatus.CANCELLED),
            (Pending.ADD, AssignmentStatus.CANCELLED, AssignmentStatus.PROPOSED),
        ]
        for pending, before, after in changes:
            revision.filter(pending=pending, status=before).update(
                status=after, pending=Pending.NONE, version=F("version") + 1, updated_at=now
            )
        revision.update(pending=Pending.NONE, version=F("version") + 1, updated_at=now)
        version_bump(
            locked,
            status=PlanStatus.PUBLISHED,
            published_at=locked.published_at or now,
        )
        plan_sessions_announce(plan=locked)
    plan.refresh_from_db()
    return plan


def plan_duplicate(*, plan: RotationPlan, name: str | None = None) -> RotationPlan:
    """A new draft for the period right after `plan`'s, as long, with its zone, rules and
    weights (HR edits what changes)."""
    length = plan.period_end - plan.period_start
    try:
        start = plan.period_end + dt.timedelta(days=1)
        end = start + length
    except OverflowError:
        raise ServiceError("the next period lies beyond the calendar", field="period_end") from None
    return plan_create(
        name=name or f"{plan.name[:93]} (next)",
        period_start=start,
        period_end=end,
        timezone_name=plan.timezone,
        rules=dict(plan.rules),
        weights=dict(plan.weights),
    )
