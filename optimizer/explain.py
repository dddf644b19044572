"""Why a shadower ended below their requirement: `unmet` entries with reason codes.

Every code is a fact about the returned plan that anyone can re-check:

- `no_eligible_slot`: the shadower has no candidate pair at all, and no slot passes
  rules 1-2 for them (active rep host, inside the horizon, in person at their site or
  remote).
- `unavailable`: some slot passing rules 1-2 for them overlaps one of their own
  unavailability intervals or one of its host's (rule 5 removed it).
- `capacity`: a slot passing rules 1-2 and 5 for them, that they do not attend, is full
  in the plan (it holds `capacity` shadowers; a capacity of 0 counts as full).
- For each candidate pair of theirs that is not in the plan, the pair is added to the
  plan in thought and each rule tested on its own; the code is listed when, for at
  least one such pair:
  - `weekly_limit`: they already attend `max_sessions_per_week` slots in that ISO week;
  - `spacing`: one of their slots starts fewer than `min_days_between_sessions` days
    (plan timezone dates) from it;
  - `host_load`: the slot holds nobody yet and its host already hosts
    `max_hosted_per_host_week` slots that ISO week;
  - `distinct_hosts`: they already meet that slot's host;
  - `department_coverage`: at some slot start inside it, `max_away` members of their
    department already attend a slot.

Codes come in the order of `REASON_CODES`. The list may be empty when no listed rule
stood in the way: every candidate of theirs is already in the plan (fewer slots than
sessions required), the other slots were forbidden or overlap their own sessions, or the
solver ran out of time before taking a slot still free.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from optimizer.candidates import IntArray
from optimizer.state import PlanState
from optimizer.types import REASON_CODES, Unmet

BoolArray = npt.NDArray[np.bool_]


class _Facts:
    """Per-slot facts about the plan, computed once for all unmet shadowers."""

    def __init__(self, state: PlanState) -> None:
        index = state.cands.index
        self.state = state
        self.start = np.array(index.slot_start, dtype=np.int64)
        self.end = np.array(index.slot_end, dtype=np.int64)
        self.week = np.array(index.slot_week, dtype=np.int64)
        self.date = np.array(index.slot_date, dtype=np.int64)
        self.host = np.array(index.slot_host, dtype=np.int64)
        self.count = np.array(state.count, dtype=np.int64)
        self.full = self.count >= np.array([t.capacity for t in index.slots], dtype=np.int64)
        limit = index.problem.rules.max_hosted_per_host_week
        hosted = np.array(
            [
                state.hosted.get(key, 0)
                for key in zip(index.slot_host, index.slot_week, strict=True)
            ],
            dtype=np.int64,
        )
        # Rule 9 blocks a slot that holds nobody while its host-week is at the limit.
        self.host_load = np.zeros(len(index.slots), dtype=bool)
        if limit:
            self.host_load = (self.count == 0) & (hosted >= limit)
        self.covered: dict[str, BoolArray] = {}

    def coverage_full(self, department: str) -> BoolArray:
        """Slot -> some slot start inside it already has max_away members away."""
        if department not in self.covered:
            coverage = self.state.coverage.get(department)
            if coverage is None:
                self.covered[department] = np.zeros(len(self.start), dtype=bool)
            else:
                instants = np.array(coverage.instants, dtype=np.int64)
                at_limit = np.array(coverage.count, dtype=np.int64) >= coverage.limit
                prefix = np.concatenate(([0], np.cumsum(at_limit)))
                lo = np.searchsorted(instants, self.start)
                hi = np.searchsorted(instants, self.end)
                self.covered[department] = prefix[hi] > prefix[lo]
        return self.covered[department]


def _blocked(facts: _Facts, person: int, slots: IntArray) -> set[str]:
    """Rules that stop `person` from adding any of `slots`, each tested on its own."""
    state = facts.state
    rules = state.cands.index.problem.rules
    taken = np.array(state.taken.get(person, []), dtype=np.int64)
    found: set[str] = set()
    if rules.max_sessions_per_week and len(taken):
        weeks, counts = np.unique(facts.week[taken], return_counts=True)
        if np.isin(facts.week[slots], weeks[counts >= rules.max_sessions_per_week]).any():
            found.add("weekly_limit")
    if rules.min_days_between_sessions and len(taken):
        gaps = np.abs(facts.date[slots][:, None] - facts.date[taken][None, :])
        if (gaps < rules.min_days_between_sessions).any():
            found.add("spacing")
    if rules.distinct_hosts and np.isin(facts.host[slots], facts.host[taken]).any():
        found.add("distinct_hosts")
    if facts.host_load[slots].any():
        found.add("host_load")
    department = state.cands.index.people[person].department
    if facts.coverage_full(department)[slots].any():
        found.add("department_coverage")
    return found


def explain_unmet(state: PlanState) -> tuple[Unmet, ...]:
    cands, index = state.cands, state.cands.index
    facts = _Facts(state)
    unmet: list[Unmet] = []
    for s, person in enumerate(index.people):
        if not index.is_shadower(s) or index.required[s] <= 0:
            continue
        missing = index.required[s] - len(state.taken.get(s, ()))
        if missing <= 0:
            continue
        reasons: set[str] = set()
        own = cands.full_slots_of(s)  # every candidate, also those a lean set dropped
        eligible = cands.eligible.get(person.site, np.zeros(0, dtype=np.int64))
        if not len(own) and not len(eligible):
            reasons.add("no_eligible_slot")
        away = cands.host_away[eligible].copy()
        for u_start, u_end in index.unavailable.get(s, ()):
            away |= (facts.start[eligible] < u_end) & (facts.end[eligible] > u_start)
        if away.any():
            reasons.add("unavailable")
        taken = state.taken.get(s, [])
        if facts.full[eligible[~away & ~np.isin(eligible, taken)]].any():
            reasons.add("capacity")
        reasons |= _blocked(facts, s, own[~np.isin(own, taken)])
        unmet.append(
            Unmet(
                shadower=person.id,
                missing=missing,
                reasons=tuple(code for code in REASON_CODES if code in reasons),
            )
        )
    return tuple(unmet)
