"""Who takes part: the share of backroom staff who shadowed lately, and new hires nobody has
scheduled yet, by department and site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from rotations.models import LIVE_STATUSES, Assignment, AssignmentStatus, Employee, Role

# A session counts as shadowed once it took place and the rep confirmed it (or HR completed it).
SHADOWED_STATUSES = (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)


@dataclass
class ParticipationRow:
    department: str
    site: str
    staff: int = 0
    shadowed: int = 0
    new_hires_unscheduled: list[str] = field(default_factory=list)
    new_hire_ids: list[int] = field(default_factory=list)  # the same people, for links

    @property
    def new_hire_links(self) -> list[tuple[int, str]]:
        return list(zip(self.new_hire_ids, self.new_hires_unscheduled, strict=True))

    @property
    def share(self) -> float:
        return self.shadowed / self.staff if self.staff else 0.0


@dataclass(frozen=True)
class Participation:
    since: dt.datetime
    hired_since: dt.date
    rows: list[ParticipationRow]
    total: ParticipationRow


def participation(*, now: dt.datetime, days: int = 90, new_hire_days: int = 90) -> Participation:
    since = now - dt.timedelta(days=days)
    hired_since = now.date() - dt.timedelta(days=new_hire_days)
    shadowed = Assignment.objects.filter(
        shadower=OuterRef("pk"),
        status__in=SHADOWED_STATUSES,
        slot__start__gte=since,
        slot__start__lt=now,
    )
    scheduled = Assignment.objects.filter(shadower=OuterRef("pk"), status__in=LIVE_STATUSES)
    staff = (
        Employee.objects.filter(role=Role.BACKROOM, active=True)
        .annotate(shadowed=Exists(shadowed), scheduled=Exists(scheduled))
        .values_list(
            "pk", "name", "department__name", "site__name", "hire_date", "shadowed", "scheduled"
        )
        .order_by("department__name", "site__name", "name")
    )
    rows: dict[tuple[str, str], ParticipationRow] = {}
    total = ParticipationRow(department="All departments", site="All sites")
    for pk, name, department, site, hired, did_shadow, is_scheduled in staff:
        row = rows.setdefault((department, site), ParticipationRow(department, site))
        for target in (row, total):
            target.staff += 1
            target.shadowed += int(did_shadow)
            if hired is not None and hired >= hired_since and not is_scheduled:
                target.new_hires_unscheduled.append(name)
                target.new_hire_ids.append(pk)
    return Participation(
        since=since, hired_since=hired_since, rows=list(rows.values()), total=total
    )
