"""Reads: the hosts' ledger (sessions hosted per rep over the last 12 months), ideas by
department, and how many wishes a plan met."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from program.models import Idea, IdeaStatus, Wish, WishTarget
from rotations.models import (
    LIVE_STATUSES,
    PINNED_STATUSES,
    Assignment,
    Employee,
    Role,
    RotationPlan,
)


@dataclass(frozen=True)
class LedgerRow:
    rep: Employee
    sessions: int  # distinct slots with at least one confirmed or completed shadower
    shadowers: int  # shadower-sessions
    last: dt.datetime | None


def host_ledger(*, now: dt.datetime, days: int = 365) -> list[LedgerRow]:
    """Every active rep with what they hosted in the last `days` days, busiest first."""
    since = now - dt.timedelta(days=days)
    hosted = (
        Assignment.objects.filter(
            status__in=PINNED_STATUSES, slot__start__gte=since, slot__start__lt=now
        )
        .values("slot__host_id")
        .annotate(
            slots=Count("slot_id", distinct=True),
            shadowers=Count("id"),
        )
    )
    by_rep = {row["slot__host_id"]: row for row in hosted}
    last: dict[int, dt.datetime] = {}
    for host_id, start in Assignment.objects.filter(
        status__in=PINNED_STATUSES, slot__start__lt=now
    ).values_list("slot__host_id", "slot__start"):
        if host_id not in last or start > last[host_id]:
            last[host_id] = start
    rows = [
        LedgerRow(
            rep=rep,
            sessions=by_rep.get(rep.pk, {}).get("slots", 0),
            shadowers=by_rep.get(rep.pk, {}).get("shadowers", 0),
            last=last.get(rep.pk),
        )
        for rep in Employee.objects.filter(role=Role.REP, active=True).select_related("site")
    ]
    rows.sort(key=lambda r: (-r.shadowers, r.rep.name))
    return rows


@dataclass(frozen=True)
class IdeaTally:
    department: str
    counts: dict[str, int]  # status -> ideas
    done: list[Idea]


def ideas_by_department() -> list[IdeaTally]:
    """Ideas per owner department ("Unassigned" for the new ones), with what was done."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    done: dict[str, list[Idea]] = defaultdict(list)
    for idea in Idea.objects.select_related("owner"):
        name = idea.owner.name if idea.owner is not None else "Unassigned"
        counts[name][idea.status] += 1
        if idea.status == IdeaStatus.DONE:
            done[name].append(idea)
    return [
        IdeaTally(department=name, counts=dict(counts[name]), done=done[name])
        for name in sorted(counts)
    ]


def ideas_for_rep(*, rep: Employee) -> list[Idea]:
    """Ideas from sessions the rep hosted."""
    return list(
        Idea.objects.filter(assignment__slot__host=rep).select_related(
            "assignment__slot", "owner", "author"
        )
    )


@dataclass(frozen=True)
class WishesMet:
    met: int
    stated: int


def _matches(wish: Wish, assignment: Assignment) -> bool:
    slot = assignment.slot
    if wish.target == WishTarget.HOST:
        return slot.host_id == wish.host_id
    if wish.target == WishTarget.KIND:
        return slot.kind == wish.kind
    return wish.tag in set(slot.tags) | set(slot.host.tags)


def plan_wishes_met(*, plan: RotationPlan) -> WishesMet:
    """Wishes of the plan's shadowers met by its live assignments: a positive wish when
    one of their sessions matches it, a negative one when none does (the same reading as
    optimizer.preferences.wishes_met)."""
    by_shadower: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).select_related(
        "slot", "slot__host"
    ):
        by_shadower[a.shadower_id].append(a)
    wishes = Wish.objects.filter(employee_id__in=by_shadower).filter(~Q(weight=0))
    met = 0
    stated = 0
    for wish in wishes:
        stated += 1
        hit = any(_matches(wish, a) for a in by_shadower[wish.employee_id])
        met += hit if wish.weight > 0 else not hit
    return WishesMet(met=met, stated=stated)
