"""Review before publish: what the plan to publish changes against what people see now,
per person and in total, and the warnings HR reads before publishing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from rotations.models import (
    Assignment,
    AssignmentStatus,
    Employee,
    PlanStatus,
    Role,
    RotationPlan,
)
from rotations.selectors.conflicts import plan_conflicts, plan_sessions_in_place
from rotations.selectors.summary import sessions_per_shadower
from rotations.selectors.visibility import plan_sessions_to_publish


@dataclass(frozen=True)
class PersonChange:
    shadower: Employee
    added: list[Assignment] = field(default_factory=list)
    cancelled: list[Assignment] = field(default_factory=list)

    @property
    def moved(self) -> int:
        """A session cancelled and another added for the same person: it moved."""
        return min(len(self.added), len(self.cancelled))


@dataclass(frozen=True)
class Review:
    publishable: bool  # there is something solved to publish
    placed_now: int  # sessions people see now
    placed_next: int  # sessions they would see after publishing
    added: int
    moved: int
    cancelled: int
    people: list[PersonChange]
    warnings: list[str]


def _by_pair(rows: QuerySet[Assignment]) -> dict[tuple[int, int], Assignment]:
    return {(a.shadower_id, a.slot_id): a for a in rows}


def plan_review(*, plan: RotationPlan) -> Review:
    published = plan.published_at is not None
    now = _by_pair(plan_sessions_in_place(plan=plan)) if published else {}
    nxt = _by_pair(plan_sessions_to_publish(plan=plan))
    changes: dict[int, PersonChange] = {}
    for key in sorted(nxt.keys() - now.keys(), key=lambda k: nxt[k].slot.start):
        row = nxt[key]
        changes.setdefault(row.shadower_id, PersonChange(row.shadower)).added.append(row)
    for key in sorted(now.keys() - nxt.keys(), key=lambda k: now[k].slot.start):
        row = now[key]
        changes.setdefault(row.shadower_id, PersonChange(row.shadower)).cancelled.append(row)
    people = sorted(changes.values(), key=lambda c: c.shadower.name)
    moved = sum(c.moved for c in people)
    publishable = plan.status == PlanStatus.SOLVED or (
        plan.status == PlanStatus.PUBLISHED and plan.assignments.exclude(pending="").exists()
    )
    return Review(
        publishable=publishable,
        placed_now=len(now),
        placed_next=len(nxt),
        added=sum(len(c.added) for c in people) - moved,
        moved=moved,
        cancelled=sum(len(c.cancelled) for c in people) - moved,
        people=people,
        warnings=_warnings(plan, now, nxt),
    )


def _warnings(
    plan: RotationPlan,
    now: dict[tuple[int, int], Assignment],
    nxt: dict[tuple[int, int], Assignment],
) -> list[str]:
    warnings = []
    if not nxt:
        shadowers = Employee.objects.filter(role=Role.BACKROOM, active=True).count()
        required = sessions_per_shadower(plan) * shadowers
        warnings.append(f"Nothing is placed: 0 of {required} sessions.")
    elif len(nxt) < len(now):
        warnings.append(
            f"Coverage is lower than the published plan: {len(nxt)} sessions instead of {len(now)}."
        )
    conflicts = plan_conflicts(plan=plan)
    if conflicts:
        warnings.append(
            f"{len({c.assignment.pk for c in conflicts})} session(s) have open conflicts."
        )
    had: dict[int, int] = defaultdict(int)
    has: dict[int, int] = defaultdict(int)
    for shadower, _slot in now:
        had[shadower] += 1
    for shadower, _slot in nxt:
        has[shadower] += 1
    left_out = sorted(
        now[next(k for k in now if k[0] == s)].shadower.name for s in had if has[s] == 0
    )
    if left_out:
        warnings.append(f"Newly left out (no session any more): {', '.join(left_out)}.")
    return warnings


@dataclass(frozen=True)
class Answers:
    confirmed: int
    proposed: int
    declined: int
    reasons: list[tuple[Assignment, str]]


def plan_answers(*, plan: RotationPlan) -> Answers:
    """How the hosts answered: sessions confirmed, still proposed, declined (with why)."""
    rows = plan_sessions_in_place(plan=plan) if plan.published_at else plan.assignments.all()
    counts: dict[str, int] = defaultdict(int)
    for status in rows.values_list("status", flat=True):
        counts[status] += 1
    declined = (
        plan.assignments.filter(status=AssignmentStatus.DECLINED)
        .select_related("shadower", "slot__host")
        .order_by("-updated_at")
    )
    return Answers(
        confirmed=counts[AssignmentStatus.CONFIRMED] + counts[AssignmentStatus.COMPLETED],
        proposed=counts[AssignmentStatus.PROPOSED],
        declined=declined.count(),
        reasons=[(a, a.decline_reason) for a in declined],
    )
