"""Conflicts: sessions of the plan in place that the data no longer allows (someone away on
the day, a slot cancelled or shrunk, a person inactive or at another site), found by the
optimizer's own checker on the stored plan, so the pages, the API and the solver agree."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from optimizer import Pair, parse_problem
from optimizer.check import hard_rule_violations
from rotations.models import LIVE_STATUSES, Assignment, RotationPlan, SlotStatus
from rotations.selectors.problem import plan_problem
from rotations.selectors.visibility import assignments_published

_RULE = re.compile(r"^rule \d+ ([a-z ]+):")


@dataclass(frozen=True)
class Conflict:
    assignment: Assignment
    rule: str  # the contract's rule name, e.g. "availability"
    message: str  # the checker's words


def plan_sessions_in_place(*, plan: RotationPlan) -> QuerySet[Assignment]:
    """The sessions the plan stands for now: the published set once it is published."""
    live = Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES)
    if plan.published_at is not None:
        live = assignments_published(live)
    return live.select_related("shadower", "slot__host")


def plan_conflicts(*, plan: RotationPlan) -> list[Conflict]:
    """Upcoming sessions of the plan in place that break a hard rule of the contract."""
    sessions = [a for a in plan_sessions_in_place(plan=plan) if a.slot.end > timezone.now()]
    if not sessions:
        return []
    # Pinned pairs are the solver's input, not a rule of the data: check the sessions alone.
    problem = dataclasses.replace(parse_problem(plan_problem(plan=plan)), pinned=(), previous=())
    found: list[Conflict] = []
    gone = [a for a in sessions if a.slot.status != SlotStatus.OPEN]
    found += [Conflict(a, "slot cancelled", "its slot was cancelled") for a in gone]
    standing = [a for a in sessions if a.slot.status == SlotStatus.OPEN]
    pairs = {a: Pair(a.shadower.employee_id, str(a.slot_id)) for a in standing}
    for message in hard_rule_violations(problem, pairs.values()):
        match = _RULE.match(message)
        rule = match.group(1) if match else "data"
        # The checker names the shadower and the slot of each pair it blames, in quotes.
        found += [
            Conflict(a, rule, message)
            for a, pair in pairs.items()
            if f'"{pair.shadower}"' in message and f'"{pair.slot}"' in message
        ]
    return found
