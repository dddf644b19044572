"""A plan under construction: which candidate pairs it holds, and which rules a new pair
would break.

The greedy heuristic grows a plan with it, and `explain` asks it why an unmet shadower's
remaining candidates cannot be added. Rules 1, 2, 5 and forbidden hold for every
candidate by construction, so only the rules between pairs are tested here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from optimizer.candidates import Candidates

# Names of the rules `blocking` can return (reason codes where the contract has one).
CAPACITY = "capacity"
DOUBLE_BOOKING = "no_double_booking"
REQUIREMENT = "requirement_cap"
WEEKLY = "weekly_limit"
SPACING = "spacing"
HOST_LOAD = "host_load"
DISTINCT = "distinct_hosts"
COVERAGE = "department_coverage"


class _Coverage:
    """Members attending at each slot start of one department (rule 11)."""

    def __init__(self, limit: int, instants: Iterable[int]) -> None:
        self.limit = limit
        self.instants = sorted(set(instants))
        self.count = [0] * len(self.instants)

    def span(self, start: int, end: int) -> range:
        return range(bisect_left(self.instants, start), bisect_left(self.instants, end))

    def full(self, start: int, end: int) -> bool:
        count = self.count
        return any(count[i] >= self.limit for i in self.span(start, end))

    def shift(self, start: int, end: int, delta: int) -> None:
        for i in self.span(start, end):
            self.count[i] += delta


class PlanState:
    def __init__(self, cands: Candidates) -> None:
        self.cands = cands
        index = cands.index
        rules = index.problem.rules
        self.weekly = rules.max_sessions_per_week
        self.spacing = rules.min_days_between_sessions
        self.host_limit = rules.max_hosted_per_host_week
        self.distinct = rules.distinct_hosts
        self.chosen: set[int] = set()
        self.count = [0] * len(index.slots)
        self.taken: dict[int, list[int]] = defaultdict(list)  # shadower -> slots
        self.occupants: dict[int, list[int]] = defaultdict(list)  # slot -> pairs
        self.hosted: dict[tuple[int, int], int] = defaultdict(int)  # (host, week) -> slots
        self.coverage: dict[str, _Coverage] = {}
        members: dict[str, list[int]] = defaultdict(list)
        for s in cands.shadowers():
            if index.people[s].department in index.department_limit:
                members[index.people[s].department].append(s)
        # Counts are kept at the start of every slot with a candidate: a superset of the
        # instants a department's members can be away at (an instant more changes nothing:
        # its count is exact too), found from the slots, not by reading every pair.
        starts = np.array(index.slot_start, dtype=np.int64)
        instants = np.unique(starts[cands.slots_used()]).tolist() if members else []
        for department in members:
            self.coverage[department] = _Coverage(index.department_limit[department], instants)

    def _host_week(self, t: int) -> tuple[int, int]:
        index = self.cands.index
        return (index.slot_host[t], index.slot_week[t])

    def blocking(self, k: int, *, first: bool = False) -> list[str]:
        """The rules pair k would break if added now (only the first one with `first`)."""
        cands, index = self.cands, self.cands.index
        s, t = int(cands.shadower[k]), int(cands.slot[k])
        taken = self.taken.get(s, [])
        found: list[str] = []

        def hit(rule: str) -> bool:
            found.append(rule)
            return first

        if self.count[t] >= index.slots[t].capacity and hit(CAPACITY):
            return found
        if len(taken) >= index.required[s] and hit(REQUIREMENT):
            return found
        start, end = index.slot_start[t], index.slot_end[t]
        if any(index.slot_start[o] < end and start < index.slot_end[o] for o in taken) and hit(
            DOUBLE_BOOKING
        ):
            return found
        if self.weekly:
            week = index.slot_week[t]
            if sum(index.slot_week[o] == week for o in taken) >= self.weekly and hit(WEEKLY):
                return found
        if self.spacing:
            date = index.slot_date[t]
            if any(abs(index.slot_date[o] - date) < self.spacing for o in taken) and hit(SPACING):
                return found
        if self.distinct:
            host = index.slot_host[t]
            if any(index.slot_host[o] == host for o in taken) and hit(DISTINCT):
                return found
        if (
            self.host_limit
            and self.count[t] == 0
            and self.hosted[self._host_week(t)] >= self.host_limit
            and hit(HOST_LOAD)
        ):
            return found
        coverage = self.coverage.get(index.people[s].department)
        if coverage is not None and coverage.full(start, end):
            hit(COVERAGE)
        return found

    def fits(self, k: int) -> bool:
        return not self.blocking(k, first=True)

    def add(self, k: int) -> None:
        cands, index = self.cands, self.cands.index
        s, t = int(cands.shadower[k]), int(cands.slot[k])
        self.chosen.add(k)
        if self.count[t] == 0:
            self.hosted[self._host_week(t)] += 1
        self.count[t] += 1
        self.taken[s].append(t)
        self.occupants[t].append(k)
        coverage = self.coverage.get(index.people[s].department)
        if coverage is not None:
            coverage.shift(index.slot_start[t], index.slot_end[t], 1)

    def remove(self, k: int) -> None:
        cands, index = self.cands, self.cands.index
        s, t = int(cands.shadower[k]), int(cands.slot[k])
        self.chosen.remove(k)
        self.count[t] -= 1
        if self.count[t] == 0:
            self.hosted[self._host_week(t)] -= 1
        self.taken[s].remove(t)
        self.occupants[t].remove(k)
        coverage = self.coverage.get(index.people[s].department)
        if coverage is not None:
            coverage.shift(index.slot_start[t], index.slot_end[t], -1)
