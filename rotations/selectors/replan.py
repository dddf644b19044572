"""The problem of a re-plan: the plan's own assignments are the plan to keep.

After a decline or a release, the affected shadowers need new sessions and nobody else
should move unless it must. The plan's live assignments become `previous` (each one the
solution drops costs `w.change`, more than any gain in match quality, so only a placed
session pays for a move). Sessions too close to be confirmed in time (before now + the
release lead) are frozen: their live assignments are pinned and their capacity is what
they hold, so nobody is proposed for a session that starts tomorrow, or yesterday.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone

from rotations.models import LIVE_STATUSES, Assignment, RotationPlan
from rotations.selectors.problem import plan_problem


def replan_cutoff() -> dt.datetime:
    """Sessions starting before this are not re-planned (too late to be confirmed)."""
    return timezone.now() + dt.timedelta(days=int(settings.ROTATIONS_RELEASE_DAYS))


def replan_problem(*, plan: RotationPlan, cutoff: dt.datetime | None = None) -> dict[str, Any]:
    doc = plan_problem(plan=plan)
    slot_ids = {slot["id"] for slot in doc["slots"]}
    live = [
        {"shadower": shadower, "slot": str(slot)}
        for shadower, slot in Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES)
        .order_by("pk")
        .values_list("shadower__employee_id", "slot_id")
        if str(slot) in slot_ids
    ]
    doc["previous"] = live
    frozen = {
        slot["id"]
        for slot in doc["slots"]
        if dt.datetime.fromisoformat(slot["start"]) < (cutoff or replan_cutoff())
    }
    held = Counter(pair["slot"] for pair in live if pair["slot"] in frozen)
    for slot in doc["slots"]:
        if slot["id"] in frozen:
            slot["capacity"] = held[slot["id"]]
    pinned = {(p["shadower"], p["slot"]) for p in doc["pinned"]}
    doc["pinned"] = doc["pinned"] + [
        p for p in live if p["slot"] in frozen and (p["shadower"], p["slot"]) not in pinned
    ]
    return doc
