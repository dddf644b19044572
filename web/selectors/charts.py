"""Figures behind the plan's charts: host load as rule 9 counts it (hosted slots per ISO week,
against `max_hosted_per_host_week`), shadower-sessions per host, and each department's
coverage over time (the share of its required sessions placed by the end of each week)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from rotations.models import LIVE_STATUSES, Assignment, Employee, Role, RotationPlan
from rotations.selectors.summary import sessions_per_shadower
from web.selectors.weeks import Week, plan_weeks, week_key


@dataclass(frozen=True)
class HostLoadRow:
    host: str
    per_week: list[int]  # slots hosted (with at least one shadower) in each ISO week: rule 9
    sessions: int = 0  # shadower-sessions in the plan (a slot of capacity 2 may hold 2)
    host_id: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_week)

    @property
    def peak(self) -> int:
        return max(self.per_week, default=0)


@dataclass(frozen=True)
class CoverageSeries:
    department: str
    required: int
    shares: list[float]  # cumulative placed / required at the end of each week, 0..1


@dataclass(frozen=True)
class PlanCharts:
    weeks: list[Week]
    host_load: list[HostLoadRow]
    coverage: list[CoverageSeries]
    host_week_limit: int | None = None  # rule 9; None when the rule is off


def plan_charts(*, plan: RotationPlan) -> PlanCharts:
    weeks = plan_weeks(plan=plan)
    column = {week.key: i for i, week in enumerate(weeks)}
    live = list(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).select_related(
            "slot__host", "shadower"
        )
    )
    hosted: dict[int, set[int]] = defaultdict(set)  # host -> slots with a shadower
    sessions: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    starts: dict[int, list[dt.date]] = defaultdict(list)
    zone = zoneinfo.ZoneInfo(plan.timezone)
    for a in live:
        host = a.slot.host
        names[host.pk] = host.name
        hosted[host.pk].add(a.slot_id)
        sessions[host.pk] += 1
        starts[a.shadower_id].append(a.slot.start.astimezone(zone).date())
    slot_weeks = {a.slot_id: column.get(week_key(moment=a.slot.start, plan=plan)) for a in live}
    host_load = []
    for pk, slots in hosted.items():
        per_week = [0] * len(weeks)
        for slot_id in slots:
            index = slot_weeks[slot_id]
            if index is not None:
                per_week[index] += 1
        host_load.append(
            HostLoadRow(host=names[pk], per_week=per_week, sessions=sessions[pk], host_id=pk)
        )
    host_load.sort(key=lambda row: (-row.peak, -row.total, row.host))
    limit = (plan.rules or {}).get("max_hosted_per_host_week")

    per_person = sessions_per_shadower(plan)
    members: dict[str, list[int]] = defaultdict(list)
    for pk, department in Employee.objects.filter(role=Role.BACKROOM, active=True).values_list(
        "pk", "department__name"
    ):
        members[department].append(pk)
    coverage = []
    for department, people in sorted(members.items()):
        required = per_person * len(people)
        shares = []
        for week in weeks:
            sunday = week.monday + dt.timedelta(days=6)
            placed = sum(
                min(sum(1 for day in starts[pk] if day <= sunday), per_person) for pk in people
            )
            shares.append(placed / required if required else 1.0)
        coverage.append(CoverageSeries(department=department, required=required, shares=shares))
    return PlanCharts(
        weeks=weeks,
        host_load=host_load,
        coverage=coverage,
        host_week_limit=int(limit) if limit else None,
    )
