"""The plan as a week-by-host grid: rows hosts, columns ISO weeks, cells their shadowers.

At 250 shadowers and 40 hosts the whole grid is too much to review at once, so it is filtered
(site, department, a person's name or id, status) and paged by hosts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q

from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    HostingSlot,
    RotationPlan,
    SlotStatus,
)
from rotations.selectors.plans import plan_window
from web.selectors.weeks import Week, plan_weeks, week_key

HOSTS_PER_PAGE = 20
# The statuses a grid cell can show (the live ones), in the order of the legend.
GRID_STATUSES = tuple(s for s in AssignmentStatus if s in LIVE_STATUSES)


@dataclass(frozen=True)
class GridFilters:
    site: int | None = None
    department: int | None = None
    person: str = ""  # part of a host's or shadower's name or employee id
    status: str = ""

    @property
    def narrows_entries(self) -> bool:
        return bool(self.department or self.status or self.person)


@dataclass(frozen=True)
class GridEntry:
    shadower_id: int
    shadower: str
    department: str
    status: str
    start: dt.datetime
    match: bool = False  # the person searched for


@dataclass(frozen=True)
class GridRow:
    host_id: int
    host: str
    site: str
    cells: list[list[GridEntry]]
    match: bool = False  # the host is the person searched for

    @property
    def sessions(self) -> int:
        return sum(len(cell) for cell in self.cells)


@dataclass(frozen=True)
class PlanGrid:
    weeks: list[Week]
    rows: list[GridRow]
    page: int = 1
    pages: int = 1
    hosts: int = 0  # rows matching the filters, on all pages
    filters: GridFilters = field(default_factory=GridFilters)


def _person_q(prefix: str, text: str) -> Q:
    return Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}employee_id__iexact": text})


def plan_grid(
    *,
    plan: RotationPlan,
    filters: GridFilters | None = None,
    page: int = 1,
    per_page: int = HOSTS_PER_PAGE,
) -> PlanGrid:
    filters = filters or GridFilters()
    weeks = plan_weeks(plan=plan)
    column = {week.key: i for i, week in enumerate(weeks)}
    start, end = plan_window(plan=plan)
    person = filters.person.strip()

    # Every host offering a slot in the period gets a row, even with nobody placed yet.
    hosts_qs = HostingSlot.objects.filter(status=SlotStatus.OPEN, start__gte=start, start__lt=end)
    assignments_qs = Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES)
    if filters.site:
        hosts_qs = hosts_qs.filter(host__site_id=filters.site)
        assignments_qs = assignments_qs.filter(slot__host__site_id=filters.site)
    hosts = {
        pk: (name, site)
        for pk, name, site in hosts_qs.values_list(
            "host_id", "host__name", "host__site__name"
        ).distinct()
    }
    assignments = list(
        assignments_qs.select_related("slot__host__site", "shadower__department").order_by(
            "slot__start", "shadower__name"
        )
    )
    host_ids = {*hosts, *(a.slot.host_id for a in assignments)}
    host_match = (
        set(
            Employee.objects.filter(_person_q("", person), pk__in=host_ids).values_list(
                "pk", flat=True
            )
        )
        if person
        else set()
    )
    shadower_match = (
        set(
            assignments_qs.filter(_person_q("shadower__", person)).values_list(
                "shadower_id", flat=True
            )
        )
        if person
        else set()
    )

    cells: dict[int, list[list[GridEntry]]] = {pk: [[] for _ in weeks] for pk in hosts}
    kept: set[int] = set()  # hosts with an entry that passes the filters
    for a in assignments:
        host = a.slot.host
        if host.pk not in cells:
            cells[host.pk] = [[] for _ in weeks]
            hosts[host.pk] = (host.name, host.site.name)
        if filters.department and a.shadower.department_id != filters.department:
            continue
        if filters.status and a.status != filters.status:
            continue
        matched = a.shadower_id in shadower_match
        if person and not matched and host.pk not in host_match:
            continue
        index = column.get(week_key(moment=a.slot.start, plan=plan))
        if index is None:
            continue
        kept.add(host.pk)
        cells[host.pk][index].append(
            GridEntry(
                shadower_id=a.shadower_id,
                shadower=a.shadower.name,
                department=a.shadower.department.name,
                status=a.status,
                start=a.slot.start,
                match=matched,
            )
        )
    shown = [
        pk
        for pk in cells
        if not filters.narrows_entries
        or pk in kept
        or (pk in host_match and not (filters.department or filters.status))
    ]
    shown.sort(key=lambda pk: (hosts[pk][0], pk))
    pages = max(1, math.ceil(len(shown) / per_page))
    page = min(max(1, page), pages)
    rows = [
        GridRow(
            host_id=pk,
            host=hosts[pk][0],
            site=hosts[pk][1],
            cells=cells[pk],
            match=pk in host_match,
        )
        for pk in shown[(page - 1) * per_page : page * per_page]
    ]
    return PlanGrid(
        weeks=weeks, rows=rows, page=page, pages=pages, hosts=len(shown), filters=filters
    )
