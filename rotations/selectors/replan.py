"""The problem of a re-plan: the plan's own assignments are the plan to keep.

After a decline or a release, the affected shadowers need new sessions and nobody else
should move unless it must. The plan's live assignments become `previous` (each one the
solution drops costs `w.change`, more than any gain in match quality, so only a placed
session pays for a move). Sessions too close to be confirmed in time (before now + the
release lead) are frozen: their live assignments are pinned and their capacity is what
they hold, so nobody is proposed for a session that starts tomorrow, or yesterday.

The plan's problem is built once as the contract document (`selectors.problem`, which other
apps extend through `problem_built`) and parsed once; the re-plan then changes the typed
Problem with `dataclasses.replace`, never the document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from django.conf import settings
from django.utils import timezone

from optimizer import Problem, parse_problem
from optimizer.types import Pair
from rotations.models import LIVE_STATUSES, Assignment, RotationPlan
from rotations.selectors.problem import plan_problem


def replan_cutoff() -> dt.datetime:
    """Sessions starting before this are not re-planned (too late to be confirmed)."""
    return timezone.now() + dt.timedelta(days=int(settings.ROTATIONS_RELEASE_DAYS))


def replan_problem(*, plan: RotationPlan, cutoff: dt.datetime | None = None) -> Problem:
    """The plan's problem with its live assignments as `previous` and the sessions before
    `cutoff` frozen. ProblemError if the plan's own problem is invalid."""
    problem = parse_problem(plan_problem(plan=plan))
    slot_ids = {slot.id for slot in problem.slots}
    live = tuple(
        Pair(shadower=shadower, slot=str(slot))
        for shadower, slot in Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES)
        .order_by("pk")
        .values_list("shadower__employee_id", "slot_id")
        if str(slot) in slot_ids
    )
    until = cutoff or replan_cutoff()
    frozen = {slot.id for slot in problem.slots if slot.start < until}
    held = Counter(pair.slot for pair in live if pair.slot in frozen)
    pinned = set(problem.pinned)
    return dataclasses.replace(
        problem,
        previous=live,
        slots=tuple(
            dataclasses.replace(slot, capacity=held[slot.id]) if slot.id in frozen else slot
            for slot in problem.slots
        ),
        pinned=problem.pinned
        + tuple(pair for pair in live if pair.slot in frozen and pair not in pinned),
    )
