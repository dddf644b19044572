"""Integer view of a Problem: positions instead of ids, calendar facts computed once.

Every later stage (candidates, constraints, greedy, explain) works on positions and reads
the per-slot facts from here, so no stage converts timezones or looks ids up in a loop.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from optimizer.calendar import epoch_us, iso_week, local_date
from optimizer.types import Person, Problem, Slot

Interval = tuple[int, int]  # [start, end) in epoch microseconds


@dataclass(frozen=True, eq=False)
class Index:
    problem: Problem
    people: tuple[Person, ...]
    person_pos: dict[str, int]
    slots: tuple[Slot, ...]
    slot_pos: dict[str, int]
    slot_host: list[int]
    slot_start: list[int]  # epoch microseconds
    slot_end: list[int]
    slot_date: list[int]  # date ordinal in the plan timezone
    slot_week: list[int]  # ISO year * 100 + ISO week, plan timezone
    unavailable: dict[int, list[Interval]]  # person position -> intervals
    required: list[int]  # sessions_required, or the plan default (meaningful for shadowers)
    department_limit: dict[str, int]  # department id -> max_away (listed limits only)

    def is_shadower(self, person: int) -> bool:
        """Rule 1 for the shadower side: an active backroom person."""
        p = self.people[person]
        return p.active and p.role == "backroom"

    def is_host(self, person: int) -> bool:
        """Rule 1 for the host side: an active rep."""
        p = self.people[person]
        return p.active and p.role == "rep"

    def in_horizon(self, slot: int) -> bool:
        """Rule 1: the slot's start date (plan timezone) lies within the horizon."""
        horizon = self.problem.horizon
        return horizon.start.toordinal() <= self.slot_date[slot] <= horizon.end.toordinal()

    def unavailable_during(self, person: int, slot: int) -> bool:
        """Rule 5: the slot overlaps one of the person's unavailability intervals."""
        start, end = self.slot_start[slot], self.slot_end[slot]
        return any(
            u_start < end and start < u_end for u_start, u_end in self.unavailable.get(person, ())
        )

    def overlap(self, a: int, b: int) -> bool:
        """Rule 4: slots a and b share an instant."""
        return self.slot_start[a] < self.slot_end[b] and self.slot_start[b] < self.slot_end[a]


def build_index(problem: Problem) -> Index:
    tz = problem.horizon.timezone
    person_pos = {p.id: i for i, p in enumerate(problem.people)}
    slot_pos = {s.id: i for i, s in enumerate(problem.slots)}
    unavailable: dict[int, list[Interval]] = defaultdict(list)
    for u in problem.unavailability:
        unavailable[person_pos[u.person]].append((epoch_us(u.start), epoch_us(u.end)))
    weeks = [iso_week(s.start, tz) for s in problem.slots]
    required = [problem.required(p) for p in problem.people]
    return Index(
        problem=problem,
        people=problem.people,
        person_pos=person_pos,
        slots=problem.slots,
        slot_pos=slot_pos,
        slot_host=[person_pos[s.host] for s in problem.slots],
        slot_start=[epoch_us(s.start) for s in problem.slots],
        slot_end=[epoch_us(s.end) for s in problem.slots],
        slot_date=[local_date(s.start, tz).toordinal() for s in problem.slots],
        slot_week=[year * 100 + week for year, week in weeks],
        unavailable=dict(unavailable),
        required=required,
        department_limit={d.id: d.max_away for d in problem.departments if d.max_away is not None},
    )
