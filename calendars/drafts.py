"""What each calendar event says, read from the plan's models (no calendar state yet).

A draft is one VEVENT before it gets its SEQUENCE and DTSTAMP from `state.py`. Shadowers
get one event per session; hosts one per hosted slot, listing its shadowers; HR's plan feed
one per session. Cancelled and declined sessions and cancelled slots have no draft: they
leave the feeds (Google drops such events, Apple strikes them through, Outlook may keep
them: leaving is the portable choice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet

from calendars.links import hosting_url, session_url
from calendars.uids import hosting_uid, session_uid
from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    HostingSlot,
    RotationPlan,
    SlotKind,
    SlotStatus,
)

Status = Literal["CONFIRMED", "TENTATIVE"]
Audience = Literal["shadower", "hr"]

_EXPECT: dict[str, str] = {
    SlotKind.RIDE_ALONG: "You ride along on the rep's customer calls for the day. Wear site "
    "shoes, bring a notebook, and meet the rep where they start.",
    SlotKind.CUSTOMER_VISIT: "You join a customer visit: listen first, and keep questions for "
    "the drive or the debrief afterwards.",
    SlotKind.SALES_CALLS: "You sit in on the rep's sales calls: how quotes, prices and "
    "delivery dates are promised to customers.",
    SlotKind.LUNCH_AND_LEARN: "A lunch-and-learn: the rep walks through their week and "
    "answers questions from the back room.",
}


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Draft:
    uid: str
    plan_id: int
    slot_id: int
    shadower_id: int | None  # None: the host's event of the slot
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: str
    url: str
    status: Status
    touched: dt.datetime  # latest change of the assignment rows behind it
    attendees: tuple[Person, ...]

    @property
    def fingerprint(self) -> str:
        """Time and place: a change here raises the event's SEQUENCE."""
        start, end = (moment.astimezone(dt.UTC).isoformat() for moment in (self.start, self.end))
        return hashlib.sha256(f"{start}|{end}|{self.location}".encode()).hexdigest()


def feed_since(*, today: dt.date | None = None) -> dt.datetime:
    """Start of the rolling window: feeds keep recent past sessions, and all future ones."""
    day = today or dt.datetime.now(dt.UTC).date()
    start = day - dt.timedelta(days=settings.CALENDAR_FEED_PAST_DAYS)
    return dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)


def _location(slot: HostingSlot) -> str:
    if slot.remote:
        return "Remote (video call; the host sends the link)"
    return f"{slot.host.site.name} office"


def _kind(slot: HostingSlot) -> str:
    try:
        return str(SlotKind(slot.kind).label)
    except ValueError:
        return slot.kind.replace("_", " ").capitalize()


def _visible(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments of published plans (a re-solve keeps published_at), in open slots."""
    return qs.filter(plan__published_at__isnull=False, slot__status=SlotStatus.OPEN).select_related(
        "slot__host__site", "slot__host__department", "shadower__department"
    )


def session_draft(assignment: Assignment, *, audience: Audience = "shadower") -> Draft:
    slot, host, shadower = assignment.slot, assignment.slot.host, assignment.shadower
    confirmed = assignment.status in (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)
    status: Status = "CONFIRMED" if confirmed else "TENTATIVE"
    url = session_url(assignment_id=assignment.pk)
    waiting = "confirmed by the host" if confirmed else f"awaiting {host.name}'s confirmation"
    if audience == "hr":
        summary = f"{shadower.name} shadows {host.name} ({_kind(slot)})"
        lines = [
            f"Shadower: {shadower.name}, {shadower.department.name} <{shadower.email}>",
            f"Host: {host.name}, {host.department.name} <{host.email}>",
            f"Status: {waiting}.",
        ]
    else:
        summary = f"Shadowing {host.name}: {_kind(slot)}"
        lines = [
            f"{_kind(slot)} with {host.name} ({host.department.name}). Status: {waiting}.",
            "",
            f"What to expect: {_EXPECT.get(slot.kind, 'You spend the session alongside the rep.')}"
            " Afterwards you will be asked for short feedback.",
            "",
            f"Whom to contact: {host.name} <{host.email}> about the session itself; "
            f"{settings.CALENDAR_ORGANIZER_NAME} <{settings.CALENDAR_ORGANIZER_EMAIL}> "
            "to move or cancel it.",
        ]
    lines += ["", f"Session page: {url}"]
    return Draft(
        uid=session_uid(plan_id=assignment.plan_id, slot_id=slot.pk, shadower_id=shadower.pk),
        plan_id=assignment.plan_id,
        slot_id=slot.pk,
        shadower_id=shadower.pk,
        start=slot.start,
        end=slot.end,
        summary=summary,
        location=_location(slot),
        description="\n".join(lines),
        url=url,
        status=status,
        touched=assignment.updated_at,
        attendees=(Person(shadower.name, shadower.email), Person(host.name, host.email)),
    )


def hosting_draft(plan_id: int, slot: HostingSlot, assignments: list[Assignment]) -> Draft:
    """The host's event of a slot; `assignments` are all of its rows in the plan."""
    live = sorted(
        (a for a in assignments if a.status in LIVE_STATUSES), key=lambda a: a.shadower.name
    )
    confirmed = all(a.status != AssignmentStatus.PROPOSED for a in live)
    lines = [f"{_kind(slot)} you host. Shadowers (name, department, role):"]
    for a in live:
        state = "confirmed" if a.status != AssignmentStatus.PROPOSED else "awaiting your answer"
        lines.append(
            f"- {a.shadower.name}, {a.shadower.department.name}, "
            f"{a.shadower.get_role_display()} <{a.shadower.email}> ({state})"
        )
    url = hosting_url(slot_id=slot.pk)
    lines += [
        "",
        "Please confirm or decline each shadower on the session page; questions to "
        f"{settings.CALENDAR_ORGANIZER_NAME} <{settings.CALENDAR_ORGANIZER_EMAIL}>.",
        "",
        f"Session page: {url}",
    ]
    count = len(live)
    return Draft(
        uid=hosting_uid(plan_id=plan_id, slot_id=slot.pk),
        plan_id=plan_id,
        slot_id=slot.pk,
        shadower_id=None,
        start=slot.start,
        end=slot.end,
        summary=f"Hosting {count} shadower{'s' if count != 1 else ''}: {_kind(slot)}",
        location=_location(slot),
        description="\n".join(lines),
        url=url,
        status="CONFIRMED" if confirmed else "TENTATIVE",
        touched=max(a.updated_at for a in assignments),
        attendees=tuple(Person(a.shadower.name, a.shadower.email) for a in live),
    )


def _hosting_drafts(rows: Iterable[Assignment]) -> list[Draft]:
    groups: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for a in rows:
        groups[(a.plan_id, a.slot_id)].append(a)
    return [
        hosting_draft(plan_id, group[0].slot, group)
        for (plan_id, _), group in groups.items()
        if any(a.status in LIVE_STATUSES for a in group)
    ]


def employee_drafts(*, employee: Employee, since: dt.datetime) -> list[Draft]:
    shadowing = _visible(
        Assignment.objects.filter(shadower=employee, status__in=LIVE_STATUSES, slot__end__gte=since)
    )
    drafts = [session_draft(a) for a in shadowing]
    hosting = _visible(Assignment.objects.filter(slot__host=employee, slot__end__gte=since))
    drafts += _hosting_drafts(hosting)
    return sorted(drafts, key=lambda d: (d.start, d.uid))


def plan_drafts(*, plan: RotationPlan, since: dt.datetime) -> list[Draft]:
    rows = _visible(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES, slot__end__gte=since)
    )
    return sorted((session_draft(a, audience="hr") for a in rows), key=lambda d: (d.start, d.uid))
