"""Figures behind the plan's charts: sessions per host (per week), and each department's
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
    per_week: list[int]

    @property
    def total(self) -> int:
        return sum(self.per_week)


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


def plan_charts(*, plan: RotationPlan) -> PlanCharts:
    weeks = plan_weeks(plan=plan)
    column = {week.key: i for i, week in enumerate(weeks)}
    live = list(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).select_related(
            "slot__host", "shadower"
        )
    )
    load: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    starts: dict[int, list[dt.date]] = defaultdict(list)
    zone = zoneinfo.ZoneInfo(plan.timezone)
    for a in live:
        index = column.get(week_key(moment=a.slot.start, plan=plan))
        if index is not None:
            load[a.slot.host.name][index] += 1
        starts[a.shadower_id].append(a.slot.start.astimezone(zone).date())
    host_load = sorted(
        (HostLoadRow(host=name, per_week=counts) for name, counts in load.items()),
        key=lambda row: (-row.total, row.host),
    )

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
    return PlanCharts(weeks=weeks, host_load=host_load, coverage=coverage)
