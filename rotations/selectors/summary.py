"""What a plan amounts to: sessions placed against required, why some are missing, who hosts
the most, and how each department fares."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from rotations.models import Employee, Role, RotationPlan
from rotations.selectors.plans import plan_last_good_run
from rotations.selectors.visibility import plan_sessions_to_publish


@dataclass(frozen=True)
class Shortfall:
    reason: str  # a contract reason code, e.g. "capacity"
    shadowers: int  # shadowers short of their requirement for which this rule stood in the way
    sessions: int  # sessions those shadowers miss


@dataclass(frozen=True)
class HostLoad:
    employee_id: str
    name: str
    site: str
    sessions: int


@dataclass(frozen=True)
class DepartmentCoverage:
    department: str
    max_away: int | None
    shadowers: int
    required: int
    placed: int

    @property
    def share(self) -> float:
        return self.placed / self.required if self.required else 1.0


@dataclass(frozen=True)
class RunFacts:
    status: str
    solver_status: str
    objective: int | None
    bound: int | None
    gap: float | None
    wall_s: float | None
    error: str
    parts: int = 0  # solved in this many parts (0: whole)

    @property
    def headroom(self) -> str:
        """The gap in words for HR. The bound is proven, so the words are a promise: no plan
        scores more than this above ours (rounded up, never down)."""
        if self.objective is None or self.bound is None or self.objective <= 0:
            return ""
        if self.bound <= self.objective:
            return "no plan can score higher"
        percent = math.ceil(1000 * (self.bound - self.objective) / self.objective) / 10
        return f"no plan can score more than {percent:g}% higher"


@dataclass(frozen=True)
class PlanSummary:
    plan: str
    period: tuple[dt.date, dt.date]
    timezone: str
    status: str
    shadowers: int
    sessions_required: int
    sessions_placed: int
    shadowers_complete: int
    shortfall: list[Shortfall] = field(default_factory=list)
    busiest_hosts: list[HostLoad] = field(default_factory=list)
    departments: list[DepartmentCoverage] = field(default_factory=list)
    last_run: RunFacts | None = None


def sessions_per_shadower(plan: RotationPlan) -> int:
    """The plan's requirement as the contract reads it (missing or null: 1). A malformed
    value counts as 1 here; solving such a plan fails with the optimizer's message."""
    value = plan.rules.get("sessions_per_shadower") if isinstance(plan.rules, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 1


def plan_summary(*, plan: RotationPlan, top_hosts: int = 5) -> PlanSummary:
    per_person = sessions_per_shadower(plan)
    shadowers = list(
        Employee.objects.filter(role=Role.BACKROOM, active=True).select_related("department")
    )
    live = plan_sessions_to_publish(plan=plan)
    placed_by = Counter(dict(live.values_list("shadower_id").annotate(n=Count("id"))))

    departments: dict[str, list[Employee]] = {}
    for person in shadowers:
        departments.setdefault(person.department.name, []).append(person)
    coverage = [
        DepartmentCoverage(
            department=name,
            max_away=members[0].department.max_away,
            shadowers=len(members),
            required=per_person * len(members),
            placed=sum(min(placed_by[m.pk], per_person) for m in members),
        )
        for name, members in sorted(departments.items())
    ]

    hosts = (
        live.values("slot__host__employee_id", "slot__host__name", "slot__host__site__name")
        .annotate(n=Count("id"))
        .order_by("-n", "slot__host__name")[:top_hosts]
    )
    busiest = [
        HostLoad(
            employee_id=h["slot__host__employee_id"],
            name=h["slot__host__name"],
            site=h["slot__host__site__name"],
            sessions=h["n"],
        )
        for h in hosts
    ]

    run = plan_summary_run(plan=plan)
    return PlanSummary(
        plan=plan.name,
        period=(plan.period_start, plan.period_end),
        timezone=plan.timezone,
        status=plan.status,
        shadowers=len(shadowers),
        sessions_required=per_person * len(shadowers),
        sessions_placed=sum(placed_by.values()),
        shadowers_complete=sum(1 for p in shadowers if placed_by[p.pk] >= per_person),
        shortfall=_shortfall(plan=plan),
        busiest_hosts=busiest,
        departments=coverage,
        last_run=run,
    )


def _shortfall(*, plan: RotationPlan) -> list[Shortfall]:
    """Per reason code, from the `unmet` of the last successful solve."""
    run = plan_last_good_run(plan=plan)
    if run is None:
        return []
    shadowers: Counter[str] = Counter()
    sessions: Counter[str] = Counter()
    for entry in run.unmet:
        for reason in entry.get("reasons") or ["unexplained"]:
            shadowers[reason] += 1
            sessions[reason] += int(entry.get("missing", 0))
    return [
        Shortfall(reason=reason, shadowers=count, sessions=sessions[reason])
        for reason, count in shadowers.most_common()
    ]


def plan_summary_run(*, plan: RotationPlan) -> RunFacts | None:
    """The most recent run, whatever its outcome."""
    run = plan.runs.order_by("-created_at", "-pk").first()
    if run is None:
        return None
    return RunFacts(
        status=run.status,
        solver_status=run.solver_status,
        objective=run.objective,
        bound=run.bound,
        gap=run.gap,
        wall_s=run.wall_s,
        error=run.error,
        parts=parts if isinstance(parts := (run.stats or {}).get("parts"), int) else 0,
    )
