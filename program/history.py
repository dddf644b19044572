"""Reads: everyone's shadowing history across all plans, and who is due under the policy.

A session counts when its assignment is confirmed or completed, in any plan; its date is
the slot's start date in the plan's time zone. A session keeps its shadower on track for
`policy.months` months: one held on 2026-03-15 counts until 2027-03-14 and no longer on
2027-03-15 ("at least N sessions every M months"). A new hire is someone hired at most
`policy.new_hire_days` days ago (day 60 of 60 still is); new hires come first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from program.models import Policy
from rotations.models import PINNED_STATUSES, Assignment, Employee, Role


@dataclass(frozen=True)
class Session:
    date: dt.date
    host: str  # the rep's name
    kind: str
    plan: str


@dataclass(frozen=True)
class Standing:
    """One backroom employee's history and where they stand on `on`."""

    employee: Employee
    sessions: tuple[Session, ...]  # newest first
    due_on: dt.date | None  # from this date they are due (None: the policy asks nothing)
    new_hire: bool
    overdue: bool  # a new hire past their deadline without a session since hire
    due: bool = field(default=False)

    @property
    def last(self) -> dt.date | None:
        return self.sessions[0].date if self.sessions else None


def policy_get() -> Policy:
    """The program's policy (the defaults until HR saves one)."""
    return Policy.objects.order_by("-pk").first() or Policy()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sessions_by_shadower() -> dict[int, list[Session]]:
    """Employee pk -> their sessions in every plan, newest first (one per slot)."""
    found: dict[int, dict[int, Session]] = defaultdict(dict)
    rows = Assignment.objects.filter(status__in=PINNED_STATUSES).select_related(
        "plan", "slot", "slot__host"
    )
    for a in rows:
        zone = zoneinfo.ZoneInfo(a.plan.timezone)
        found[a.shadower_id][a.slot_id] = Session(
            date=a.slot.start.astimezone(zone).date(),
            host=a.slot.host.name,
            kind=a.slot.kind,
            plan=a.plan.name,
        )
    return {
        pk: sorted(by_slot.values(), key=lambda s: s.date, reverse=True)
        for pk, by_slot in found.items()
    }


def standing(employee: Employee, sessions: list[Session], policy: Policy, on: dt.date) -> Standing:
    hired = employee.hire_date
    new_hire = hired is not None and 0 <= (on - hired).days <= policy.new_hire_days
    due_on: dt.date | None
    overdue = False
    if policy.sessions == 0:
        due_on = None
    elif len(sessions) >= policy.sessions:
        due_on = add_months(sessions[policy.sessions - 1].date, policy.months)
    else:
        due_on = hired if hired is not None else dt.date.min
        if hired is not None and not any(s.date >= hired for s in sessions):
            overdue = (on - hired).days > policy.new_hire_days
    return Standing(
        employee=employee,
        sessions=tuple(sessions),
        due_on=due_on,
        new_hire=new_hire,
        overdue=overdue,
        due=due_on is not None and due_on <= on,
    )


def program_standings(*, on: dt.date, policy: Policy | None = None) -> list[Standing]:
    """Every active backroom employee, due first (new hires first among them)."""
    policy = policy or policy_get()
    history = sessions_by_shadower()
    employees = Employee.objects.filter(role=Role.BACKROOM, active=True).select_related(
        "department", "site"
    )
    rows = [standing(e, history.get(e.pk, []), policy, on) for e in employees]
    rows.sort(key=lambda r: (not r.due, not r.new_hire, r.due_on or dt.date.max, r.employee.name))
    return rows


def due_list(*, on: dt.date, policy: Policy | None = None) -> list[Standing]:
    """Who is due on `on`: new hires first, then by the date they became due."""
    return [row for row in program_standings(on=on, policy=policy) if row.due]


def on_track_share(
    *, months: int = 12, on: dt.date, policy: Policy | None = None
) -> list[tuple[dt.date, float]]:
    """(first day of month, share of active backroom employees not due) for the last months
    (today's staff, judged with their history up to that day)."""
    policy = policy or policy_get()
    history = sessions_by_shadower()
    employees = list(Employee.objects.filter(role=Role.BACKROOM, active=True))
    points: list[tuple[dt.date, float]] = []
    for back in range(months - 1, -1, -1):
        day = add_months(on.replace(day=1), -back)
        staff = [e for e in employees if e.hire_date is None or e.hire_date <= day]
        if not staff:
            points.append((day, 0.0))
            continue
        on_track = sum(
            not standing(e, [s for s in history.get(e.pk, []) if s.date <= day], policy, day).due
            for e in staff
        )
        points.append((day, on_track / len(staff)))
    return points
