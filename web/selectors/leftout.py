"""Who the last successful solve left short of sessions, and why: each reason in plain words
with the facts behind it (the dates away, the slots that were full, the department limit and
who reached it), and the slots HR could still place them in by hand."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    Employee,
    HostingSlot,
    RotationPlan,
    SlotStatus,
    Unavailability,
)
from rotations.selectors.plans import plan_last_good_run, plan_window

# The solver's reason codes (optimizer.types.REASON_CODES) as HR reads them.
REASON_TEXT = {
    "no_eligible_slot": "No slot fits them at all: nobody hosts at their site or remotely "
    "during the plan.",
    "unavailable": "They or the host are away when the slots that fit them take place.",
    "capacity": "The slots that fit them are already full.",
    "department_coverage": "Too many people from their department would be away at once.",
    "weekly_limit": "They already have as many sessions as allowed in that week.",
    "spacing": "Their other session is too close in time.",
    "host_load": "The host already hosts as many sessions as allowed that week.",
    "distinct_hosts": "They already meet that host in another session.",
}
NO_REASON = (
    "No single rule explains it: too few slots fit them, or the solver ran out of time "
    "before taking a free slot."
)
EXAMPLES = 3  # facts listed per reason; the sentence gives the count
CANDIDATES = 40  # slots offered for placing by hand


@dataclass(frozen=True)
class PersonLink:
    pk: int
    name: str


@dataclass(frozen=True)
class Fact:
    text: str
    people: list[PersonLink] = field(default_factory=list)  # linked after the text


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    facts: list[Fact]


@dataclass(frozen=True)
class Candidate:
    slot_id: int
    label: str  # "Tue 12 Jan 09:00 with Rita (1 of 2 free)"


@dataclass(frozen=True)
class LeftOut:
    employee_id: str
    name: str
    department: str
    site: str
    missing: int
    reasons: list[str]  # plain words, in the solver's order
    pk: int | None = None
    details: list[Reason] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


def reason_text(code: str) -> str:
    return REASON_TEXT.get(code, f"Rule “{code}”.")


def _overlaps(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> bool:
    return a0 < b1 and b0 < a1


class _Facts:
    """The plan's state, read once, that the reasons of every left-out person draw on."""

    def __init__(self, plan: RotationPlan) -> None:
        self.plan = plan
        self.zone = zoneinfo.ZoneInfo(plan.timezone)
        self.start, self.end = plan_window(plan=plan)
        self.slots = list(
            HostingSlot.objects.filter(
                status=SlotStatus.OPEN, start__gte=self.start, start__lt=self.end, host__active=True
            )
            .select_related("host")
            .order_by("start", "host__name")
        )
        self.live = list(
            Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).select_related(
                "slot__host", "shadower"
            )
        )
        self.seats: dict[int, int] = defaultdict(int)  # live seats per slot in this plan
        for a in self.live:
            self.seats[a.slot_id] += 1
        self.away: dict[int, list[Unavailability]] = defaultdict(list)
        for gap in Unavailability.objects.filter(start__lt=self.end, end__gt=self.start):
            self.away[gap.employee_id].append(gap)
        limit = (plan.rules or {}).get("max_hosted_per_host_week")
        self.host_limit = int(limit) if limit else None
        hosted: dict[tuple[int, tuple[int, int]], set[int]] = defaultdict(set)
        for a in self.live:
            hosted[(a.slot.host_id, self.week(a.slot.start))].add(a.slot_id)
        self.hosted = hosted

    def when(self, moment: dt.datetime) -> str:
        local = moment.astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b %H:%M}"

    def day(self, moment: dt.datetime) -> str:
        local = moment.astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b}"

    def week(self, moment: dt.datetime) -> tuple[int, int]:
        year, number, _ = moment.astimezone(self.zone).isocalendar()
        return (year, number)

    def fitting(self, person: Employee) -> list[HostingSlot]:
        """Slots the site rule (2) lets them take, in the plan, not their own."""
        return [
            s
            for s in self.slots
            if (s.remote or s.host.site_id == person.site_id) and s.host_id != person.pk
        ]

    def away_at(self, employee_id: int, slot: HostingSlot) -> Unavailability | None:
        return next(
            (u for u in self.away[employee_id] if _overlaps(slot.start, slot.end, u.start, u.end)),
            None,
        )

    def reason(self, code: str, person: Employee, fitting: list[HostingSlot]) -> list[Fact]:
        mine = sorted(
            (a for a in self.live if a.shadower_id == person.pk), key=lambda a: a.slot.start
        )
        if code == "no_eligible_slot":
            return [Fact(f"No open slot at {person.site.name} or remote in the plan's period.")]
        if code == "unavailable":
            facts = [
                Fact(
                    f"Away {self.day(u.start)} to {self.day(u.end - dt.timedelta(microseconds=1))}"
                    + (f" ({u.reason})." if u.reason else ".")
                )
                for u in self.away[person.pk]
            ]
            theirs = sum(1 for s in fitting if self.away_at(person.pk, s))
            hosts = [
                s for s in fitting if not self.away_at(person.pk, s) and self.away_at(s.host_id, s)
            ]
            facts.append(
                Fact(f"{theirs} of the {len(fitting)} slots that fit them fall in their time away.")
            )
            if hosts:
                facts.append(
                    Fact(
                        f"{len(hosts)} more fall in their host's time away, e.g. "
                        + ", ".join(self.when(s.start) for s in hosts[:EXAMPLES])
                        + ", hosted by",
                        [PersonLink(s.host_id, s.host.name) for s in hosts[:EXAMPLES]],
                    )
                )
            return facts
        if code == "capacity":
            full = [s for s in fitting if self.seats[s.pk] >= s.capacity]
            if not full:
                return [Fact("No slot that fits them is full now (the plan changed since).")]
            return [
                Fact(
                    f"{len(full)} of the {len(fitting)} slots that fit them are full, e.g. "
                    + ", ".join(
                        f"{self.when(s.start)} ({self.seats[s.pk]} of {s.capacity})"
                        for s in full[:EXAMPLES]
                    )
                    + ", hosted by",
                    [PersonLink(s.host_id, s.host.name) for s in full[:EXAMPLES]],
                )
            ]
        if code == "department_coverage":
            return self._coverage(person, fitting)
        if code == "host_load" and self.host_limit:
            busy = [
                s
                for s in fitting
                if len(self.hosted[(s.host_id, self.week(s.start))]) >= self.host_limit
                and s.pk not in self.hosted[(s.host_id, self.week(s.start))]
            ]
            if busy:
                return [
                    Fact(
                        f"{len(busy)} slots that fit them belong to a host who already hosts "
                        f"{self.host_limit} slots that week (the limit), e.g. "
                        + ", ".join(self.when(s.start) for s in busy[:EXAMPLES])
                        + ", hosted by",
                        [PersonLink(s.host_id, s.host.name) for s in busy[:EXAMPLES]],
                    )
                ]
        if code in ("weekly_limit", "spacing", "distinct_hosts") and mine:
            rules = self.plan.rules or {}
            rule = {
                "weekly_limit": f"at most {rules.get('max_sessions_per_week')} per week",
                "spacing": f"at least {rules.get('min_days_between_sessions')} days apart",
                "distinct_hosts": "each host once",
            }[code]
            return [
                Fact(
                    f"The rule: {rule}. Their sessions: "
                    + ", ".join(self.when(a.slot.start) for a in mine)
                    + ", with",
                    [PersonLink(a.slot.host_id, a.slot.host.name) for a in mine],
                )
            ]
        return []

    def _coverage(self, person: Employee, fitting: list[HostingSlot]) -> list[Fact]:
        limit = person.department.max_away
        if not limit:
            return [Fact(f"{person.department.name} has no limit now (it changed since).")]
        colleagues = [
            a
            for a in self.live
            if a.shadower.department_id == person.department_id and a.shadower_id != person.pk
        ]
        facts = [
            Fact(f"The limit: at most {limit} of {person.department.name} away at the same time.")
        ]
        hits = 0
        for slot in fitting:
            if self.seats[slot.pk] >= slot.capacity or self.away_at(person.pk, slot):
                continue
            there = [
                a for a in colleagues if _overlaps(slot.start, slot.end, a.slot.start, a.slot.end)
            ]
            if len({a.shadower_id for a in there}) >= limit:
                hits += 1
                if hits <= EXAMPLES:
                    facts.append(
                        Fact(
                            f"{self.when(slot.start)} with {slot.host.name}: reached by",
                            [PersonLink(a.shadower_id, a.shadower.name) for a in there],
                        )
                    )
        if hits > EXAMPLES:
            facts.append(Fact(f"… {hits} such slots in all."))
        return facts

    def candidates(self, person: Employee, fitting: list[HostingSlot]) -> list[Candidate]:
        """Slots with a free seat when neither they nor the host is away; the booking
        service checks the rest when HR picks one."""
        mine = {a.slot_id for a in self.live if a.shadower_id == person.pk}
        found = []
        for s in fitting:
            if s.pk in mine or self.seats[s.pk] >= s.capacity:
                continue
            if self.away_at(person.pk, s) or self.away_at(s.host_id, s):
                continue
            free = s.capacity - self.seats[s.pk]
            found.append(
                Candidate(
                    slot_id=s.pk,
                    label=f"{self.when(s.start)} with {s.host.name} ({free} of {s.capacity} free"
                    + (", remote)" if s.remote else ")"),
                )
            )
            if len(found) == CANDIDATES:
                break
        return found


def plan_left_out(*, plan: RotationPlan, details: bool = True) -> list[LeftOut]:
    run = plan_last_good_run(plan=plan)
    if run is None:
        return []
    entries = [e for e in run.unmet if isinstance(e, dict)]
    people = Employee.objects.select_related("department", "site").in_bulk(
        [str(e.get("shadower")) for e in entries], field_name="employee_id"
    )
    facts = _Facts(plan) if details and entries else None
    left = []
    for entry in entries:
        employee_id = str(entry.get("shadower"))
        person = people.get(employee_id)
        codes = [str(c) for c in entry.get("reasons") or []]
        reasons: list[Reason] = []
        candidates: list[Candidate] = []
        if facts is not None and person is not None:
            fitting = facts.fitting(person)
            reasons = [Reason(c, reason_text(c), facts.reason(c, person, fitting)) for c in codes]
            candidates = facts.candidates(person, fitting)
        left.append(
            LeftOut(
                employee_id=employee_id,
                name=person.name if person else employee_id,
                department=person.department.name if person else "",
                site=person.site.name if person else "",
                missing=int(entry.get("missing", 0)),
                reasons=[reason_text(c) for c in codes] or [NO_REASON],
                pk=person.pk if person else None,
                details=reasons,
                candidates=candidates,
            )
        )
    return sorted(left, key=lambda x: (x.department, x.name))
