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

from calendars.links import hosting_url, session_url, sessions_url
from calendars.uids import hosting_uid, session_uid
from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    Role,
    RotationPlan,
    SlotKind,
    SlotStatus,
)
from rotations.selectors.visibility import assignments_published

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


@dataclass(frozen=True)
class Row:
    """One assignment with what its events say, read in one query as plain values.

    Model instances of the assignment and its five related rows cost most of a feed's time.
    """

    assignment_id: int | None  # None: the row was deleted (a cancellation still names it)
    plan_id: int
    status: str
    updated_at: dt.datetime
    slot_id: int
    slot_status: str
    start: dt.datetime
    end: dt.datetime
    kind: str
    remote: bool
    host_name: str
    host_email: str
    host_site: str
    host_department: str
    shadower_id: int
    shadower_name: str
    shadower_email: str
    shadower_role: str
    shadower_department: str
    host_id: int
    host_zone: str  # the host's site zone: their e-mails' times
    shadower_zone: str

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES and self.slot_status == SlotStatus.OPEN


ROW_FIELDS = (
    "pk",
    "plan_id",
    "status",
    "updated_at",
    "slot_id",
    "slot__status",
    "slot__start",
    "slot__end",
    "slot__kind",
    "slot__remote",
    "slot__host__name",
    "slot__host__email",
    "slot__host__site__name",
    "slot__host__department__name",
    "shadower_id",
    "shadower__name",
    "shadower__email",
    "shadower__role",
    "shadower__department__name",
    "slot__host_id",
    "slot__host__site__timezone",
    "shadower__site__timezone",
)


def rows_of(qs: QuerySet[Assignment]) -> list[Row]:
    return [Row(*values) for values in qs.values_list(*ROW_FIELDS)]


def _location(row: Row) -> str:
    if row.remote:
        return "Remote (video call; the host sends the link)"
    return f"{row.host_site} office"


def _kind(kind: str) -> str:
    try:
        return str(SlotKind(kind).label)
    except ValueError:
        return kind.replace("_", " ").capitalize()


def _role(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _visible(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """What people are shown (`assignments_published`: no drafts), in open slots."""
    return assignments_published(qs).filter(slot__status=SlotStatus.OPEN)


def session_draft(row: Row, *, audience: Audience = "shadower") -> Draft:
    host, kind = row.host_name, _kind(row.kind)
    confirmed = row.status in (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)
    status: Status = "CONFIRMED" if confirmed else "TENTATIVE"
    url = session_url(assignment_id=row.assignment_id) if row.assignment_id else sessions_url()
    waiting = "confirmed by the host" if confirmed else f"awaiting {host}'s confirmation"
    if audience == "hr":
        summary = f"{row.shadower_name} shadows {host} ({kind})"
        lines = [
            f"Shadower: {row.shadower_name}, {row.shadower_department} <{row.shadower_email}>",
            f"Host: {host}, {row.host_department} <{row.host_email}>",
            f"Status: {waiting}.",
        ]
    else:
        summary = f"Shadowing {host}: {kind}"
        expect = _EXPECT.get(row.kind, "You spend the session alongside the rep.")
        lines = [
            f"{kind} with {host} ({row.host_department}). Status: {waiting}.",
            "",
            f"What to expect: {expect} Afterwards you will be asked for short feedback.",
            "",
            f"Whom to contact: {host} <{row.host_email}> about the session itself; "
            f"{settings.CALENDAR_ORGANIZER_NAME} <{settings.CALENDAR_ORGANIZER_EMAIL}> "
            "to move or cancel it.",
        ]
    lines += ["", f"Session page: {url}"]
    return Draft(
        uid=session_uid(plan_id=row.plan_id, slot_id=row.slot_id, shadower_id=row.shadower_id),
        plan_id=row.plan_id,
        slot_id=row.slot_id,
        shadower_id=row.shadower_id,
        start=row.start,
        end=row.end,
        summary=summary,
        location=_location(row),
        description="\n".join(lines),
        url=url,
        status=status,
        touched=row.updated_at,
        attendees=(Person(row.shadower_name, row.shadower_email), Person(host, row.host_email)),
    )


def hosting_draft(rows: list[Row]) -> Draft:
    """The host's event of a slot; `rows` are all of the slot's assignments in one plan."""
    first = rows[0]
    live = sorted((r for r in rows if r.status in LIVE_STATUSES), key=lambda r: r.shadower_name)
    confirmed = all(r.status != AssignmentStatus.PROPOSED for r in live)
    lines = [f"{_kind(first.kind)} you host. Shadowers (name, department, role):"]
    for r in live:
        state = "confirmed" if r.status != AssignmentStatus.PROPOSED else "awaiting your answer"
        lines.append(
            f"- {r.shadower_name}, {r.shadower_department}, {_role(r.shadower_role)} "
            f"<{r.shadower_email}> ({state})"
        )
    url = hosting_url(slot_id=first.slot_id)
    lines += [
        "",
        "Please confirm or decline each shadower on the session page; questions to "
        f"{settings.CALENDAR_ORGANIZER_NAME} <{settings.CALENDAR_ORGANIZER_EMAIL}>.",
        "",
        f"Session page: {url}",
    ]
    count = len(live)
    return Draft(
        uid=hosting_uid(plan_id=first.plan_id, slot_id=first.slot_id),
        plan_id=first.plan_id,
        slot_id=first.slot_id,
        shadower_id=None,
        start=first.start,
        end=first.end,
        summary=f"Hosting {count} shadower{'s' if count != 1 else ''}: {_kind(first.kind)}",
        location=_location(first),
        description="\n".join(lines),
        url=url,
        status="CONFIRMED" if confirmed else "TENTATIVE",
        touched=max(r.updated_at for r in rows),
        # The host first: the invitation goes to them, and iTIP wants the recipient listed.
        attendees=(
            Person(first.host_name, first.host_email),
            *(Person(r.shadower_name, r.shadower_email) for r in live),
        ),
    )


def _hosting_drafts(rows: Iterable[Row]) -> list[Draft]:
    groups: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row.plan_id, row.slot_id)].append(row)
    return [
        hosting_draft(group)
        for group in groups.values()
        if any(r.status in LIVE_STATUSES for r in group)
    ]


def employee_feed_rows(
    *, employee: Employee, since: dt.datetime
) -> tuple[QuerySet[Assignment], QuerySet[Assignment]]:
    """The rows an employee's feed is made of: the sessions they shadow, the slots they host
    (calendars.validators digests the same queries)."""
    shadowing = _visible(
        Assignment.objects.filter(shadower=employee, status__in=LIVE_STATUSES, slot__end__gte=since)
    )
    hosting = _visible(Assignment.objects.filter(slot__host=employee, slot__end__gte=since))
    return shadowing, hosting


def plan_feed_rows(*, plan: RotationPlan, since: dt.datetime) -> QuerySet[Assignment]:
    """The rows HR's feed of a plan is made of."""
    return _visible(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES, slot__end__gte=since)
    )


def employee_drafts(*, employee: Employee, since: dt.datetime) -> list[Draft]:
    shadowing, hosting = employee_feed_rows(employee=employee, since=since)
    drafts = [session_draft(a) for a in rows_of(shadowing)]
    drafts += _hosting_drafts(rows_of(hosting))
    return sorted(drafts, key=lambda d: (d.start, d.uid))


def plan_drafts(*, plan: RotationPlan, since: dt.datetime) -> list[Draft]:
    rows = rows_of(plan_feed_rows(plan=plan, since=since))
    return sorted((session_draft(a, audience="hr") for a in rows), key=lambda d: (d.start, d.uid))
