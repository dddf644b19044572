"""One person's plan, week by week: their sessions (as shadower or as host), their time away,
and for a shadower the open slots they could have taken (site, seats, time away: rules 2, 3, 5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    Employee,
    HostingSlot,
    Role,
    RotationPlan,
    SlotKind,
    SlotStatus,
    Unavailability,
)
from rotations.selectors.plans import plan_window
from web.selectors.weeks import Week, plan_weeks, week_key

KIND_TEXT = dict(SlotKind.choices)
OPEN_SLOTS_PER_WEEK = 5  # the first few in each week; the count says how many there are


@dataclass(frozen=True)
class TimelineSession:
    assignment_id: int
    slot_id: int
    start: dt.datetime
    end: dt.datetime
    kind: str
    status: str
    other_id: int  # the host for a shadower, the shadower for a host
    other: str


@dataclass(frozen=True)
class TimelineAway:
    start: dt.datetime
    end: dt.datetime  # exclusive: away until this instant
    reason: str

    @property
    def last(self) -> dt.datetime:
        """The last instant away, so an absence ending at midnight names its last day."""
        return self.end - dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class OpenSlot:
    slot_id: int
    start: dt.datetime
    host_id: int
    host: str
    free: int
    remote: bool


@dataclass
class TimelineWeek:
    week: Week
    sessions: list[TimelineSession] = field(default_factory=list)
    away: list[TimelineAway] = field(default_factory=list)
    open_slots: list[OpenSlot] = field(default_factory=list)
    open_count: int = 0


@dataclass(frozen=True)
class Timeline:
    person: Employee
    plan: RotationPlan
    is_host: bool
    weeks: list[TimelineWeek]

    @property
    def sessions(self) -> int:
        return sum(len(w.sessions) for w in self.weeks)


def _overlaps(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> bool:
    return a0 < b1 and b0 < a1


def person_timeline(*, person: Employee, plan: RotationPlan) -> Timeline:
    weeks = [TimelineWeek(week=w) for w in plan_weeks(plan=plan)]
    column = {w.week.key: i for i, w in enumerate(weeks)}
    start, end = plan_window(plan=plan)
    is_host = person.role == Role.REP

    def slot_week(moment: dt.datetime) -> TimelineWeek | None:
        index = column.get(week_key(moment=moment, plan=plan))
        return None if index is None else weeks[index]

    live = Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).select_related(
        "slot__host", "shadower"
    )
    mine = live.filter(slot__host=person) if is_host else live.filter(shadower=person)
    for a in mine.order_by("slot__start", "shadower__name"):
        other = a.shadower if is_host else a.slot.host
        week = slot_week(a.slot.start)
        if week is not None:
            week.sessions.append(
                TimelineSession(
                    assignment_id=a.pk,
                    slot_id=a.slot_id,
                    start=a.slot.start,
                    end=a.slot.end,
                    kind=KIND_TEXT.get(a.slot.kind, a.slot.kind),
                    status=a.status,
                    other_id=other.pk,
                    other=other.name,
                )
            )

    away = list(
        Unavailability.objects.filter(employee=person, start__lt=end, end__gt=start).order_by(
            "start"
        )
    )
    for gap in away:
        for w in weeks:
            monday = dt.datetime.combine(w.week.monday, dt.time.min, tzinfo=start.tzinfo)
            if _overlaps(gap.start, gap.end, monday, monday + dt.timedelta(weeks=1)):
                w.away.append(TimelineAway(start=gap.start, end=gap.end, reason=gap.reason))

    if not is_host:
        _open_slots(person=person, plan=plan, weeks=slot_week, away=away, window=(start, end))
    return Timeline(person=person, plan=plan, is_host=is_host, weeks=weeks)


def _open_slots(
    *,
    person: Employee,
    plan: RotationPlan,
    weeks: Callable[[dt.datetime], TimelineWeek | None],
    away: list[Unavailability],
    window: tuple[dt.datetime, dt.datetime],
) -> None:
    """Slots with a free seat in this plan that the rules of site and time away allow."""
    slot_week = weeks
    taken_by_me = set(
        Assignment.objects.filter(plan=plan, shadower=person, status__in=LIVE_STATUSES).values_list(
            "slot_id", flat=True
        )
    )
    slots = (
        HostingSlot.objects.filter(
            status=SlotStatus.OPEN,
            start__gte=window[0],
            start__lt=window[1],
            host__active=True,
        )
        .filter(Q(remote=True) | Q(host__site_id=person.site_id))
        .exclude(host=person)
        .exclude(pk__in=taken_by_me)
        .select_related("host")
        .annotate(
            seats=Count(
                "assignments",
                filter=Q(assignments__plan=plan, assignments__status__in=LIVE_STATUSES),
            )
        )
        .order_by("start", "host__name")
    )
    host_away: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for employee_id, s, e in Unavailability.objects.filter(
        employee__role=Role.REP, start__lt=window[1], end__gt=window[0]
    ).values_list("employee_id", "start", "end"):
        host_away[employee_id].append((s, e))
    for slot in slots:
        free = slot.capacity - slot.seats
        if free <= 0:
            continue
        if any(_overlaps(slot.start, slot.end, u.start, u.end) for u in away):
            continue
        if any(_overlaps(slot.start, slot.end, s, e) for s, e in host_away[slot.host_id]):
            continue
        week = slot_week(slot.start)
        if week is None:
            continue
        week.open_count += 1
        if len(week.open_slots) < OPEN_SLOTS_PER_WEEK:
            week.open_slots.append(
                OpenSlot(
                    slot_id=slot.pk,
                    start=slot.start,
                    host_id=slot.host_id,
                    host=slot.host.name,
                    free=free,
                    remote=slot.remote,
                )
            )


def person_default_plan(*, person: Employee) -> RotationPlan | None:
    """The plan a name links to outside a plan's pages: the latest one they take part in,
    else the latest plan."""
    plans = RotationPlan.objects.order_by("-period_start", "-pk")
    return (
        plans.filter(Q(assignments__shadower=person) | Q(assignments__slot__host=person)).first()
        or plans.first()
    )
