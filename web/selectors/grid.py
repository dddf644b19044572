"""The plan as a week-by-host grid: rows hosts, columns ISO weeks, cells their shadowers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rotations.models import LIVE_STATUSES, Assignment, HostingSlot, RotationPlan, SlotStatus
from rotations.selectors.plans import plan_window
from web.selectors.weeks import Week, plan_weeks, week_key


@dataclass(frozen=True)
class GridEntry:
    shadower: str
    department: str
    status: str
    start: dt.datetime


@dataclass(frozen=True)
class GridRow:
    host: str
    site: str
    cells: list[list[GridEntry]]

    @property
    def sessions(self) -> int:
        return sum(len(cell) for cell in self.cells)


@dataclass(frozen=True)
class PlanGrid:
    weeks: list[Week]
    rows: list[GridRow]


def plan_grid(*, plan: RotationPlan) -> PlanGrid:
    weeks = plan_weeks(plan=plan)
    column = {week.key: i for i, week in enumerate(weeks)}
    start, end = plan_window(plan=plan)
    # Every host offering a slot in the period gets a row, even with nobody placed yet.
    hosts = (
        HostingSlot.objects.filter(status=SlotStatus.OPEN, start__gte=start, start__lt=end)
        .values_list("host_id", "host__name", "host__site__name")
        .distinct()
        .order_by("host__name", "host_id")
    )
    cells: dict[int, list[list[GridEntry]]] = {}
    names: dict[int, tuple[str, str]] = {}
    for host_id, name, site in hosts:
        cells[host_id] = [[] for _ in weeks]
        names[host_id] = (name, site)
    assignments = (
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES)
        .select_related("slot__host__site", "shadower__department")
        .order_by("slot__start", "shadower__name")
    )
    for a in assignments:
        host = a.slot.host
        if host.pk not in cells:
            cells[host.pk] = [[] for _ in weeks]
            names[host.pk] = (host.name, host.site.name)
        index = column.get(week_key(moment=a.slot.start, plan=plan))
        if index is not None:
            cells[host.pk][index].append(
                GridEntry(
                    shadower=a.shadower.name,
                    department=a.shadower.department.name,
                    status=a.status,
                    start=a.slot.start,
                )
            )
    rows = [
        GridRow(host=names[pk][0], site=names[pk][1], cells=cells[pk])
        for pk in sorted(cells, key=lambda pk: (names[pk][0], pk))
    ]
    return PlanGrid(weeks=weeks, rows=rows)
