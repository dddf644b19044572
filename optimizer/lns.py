"""Large-neighbourhood search: improve the best plan a neighbourhood at a time.

Each step frees one neighbourhood of candidate pairs (all of one ISO week, one department,
one host, two hosts of one site (their shadowers can trade places), one site over a few
weeks, or the shadowers left short with the slots they could take and those slots'
occupants), keeps every other pair of the plan fixed, and lets CP-SAT re-solve the freed
part, hinted with the plan. The sub-model holds the fixed pairs and the freed ones with
every hard rule, so each plan it returns is valid as a whole. Kinds of neighbourhood are
drawn in proportion to the root of their recent gain per second (and any kind 30% of the
time). Each kind has its own size, which grows while CP-SAT proves its sub-problems optimal
quickly and shrinks when it does not; a neighbourhood above its size keeps the pairs of a
run of consecutive weeks (a random sample of pairs rarely holds a whole chain of moves).
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from optimizer.candidates import Candidates, IntArray, restrict
from optimizer.constraints import build_model

KINDS: tuple[str, ...] = ("week", "department", "host", "hosts", "site", "left_out")
_START_SIZE = 2500
_MIN_SIZE = 300
_MAX_SIZE = 20_000
_STEP_S = 1.0
_MIN_STEP_S = 0.15
_DECAY = 0.7
_EXPLORE = 0.3


@dataclass
class LnsStats:
    steps: int = 0
    improved: int = 0
    gain: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    tried: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))


class Lns:
    """Neighbourhoods over `cands`, and the steps that re-solve them."""

    def __init__(self, cands: Candidates, seed: int = 11) -> None:
        self.cands = cands
        self.rng = random.Random(seed)  # noqa: S311 - search diversification, not secrets
        index = cands.index
        slot = cands.slot
        self.week = np.array(index.slot_week, dtype=np.int64)[slot]
        self.weeks = sorted(set(self.week.tolist()))
        self.host = np.array(index.slot_host, dtype=np.int64)[slot]
        self.hosts = sorted(set(self.host.tolist()))
        # Hosts by site, for neighbourhoods of two hosts whose shadowers can trade places.
        by_site: dict[str, list[int]] = {}
        for h in self.hosts:
            by_site.setdefault(index.people[h].site, []).append(h)
        self.host_groups = [group for group in by_site.values() if len(group) > 1]
        departments = sorted({index.people[s].department for s in cands.span})
        dept_of = {d: i for i, d in enumerate(departments)}
        sites = sorted({index.people[s].site for s in cands.span})
        site_of = {d: i for i, d in enumerate(sites)}
        person_dept = np.zeros(len(index.people), dtype=np.int64)
        person_site = np.zeros(len(index.people), dtype=np.int64)
        for s in cands.span:
            person_dept[s] = dept_of[index.people[s].department]
            person_site[s] = site_of[index.people[s].site]
        self.department = person_dept[cands.shadower]
        self.departments = len(departments)
        self.site = person_site[cands.shadower]
        self.sites = len(sites)
        # Each kind has its own size: a week's pairs and a host's differ in how hard they are.
        self.sizes = dict.fromkeys(KINDS, _START_SIZE)
        self.score = dict.fromkeys(KINDS, 1.0)
        self.stats = LnsStats()

    def choose(self) -> str:
        """A kind drawn in proportion to its score; now and then any kind (exploration)."""
        if self.rng.random() < _EXPLORE:
            return self.rng.choice(KINDS)
        total = sum(self.score.values())
        pick = self.rng.random() * total
        for kind in KINDS:
            pick -= self.score[kind]
            if pick <= 0:
                return kind
        return KINDS[-1]

    def free_pairs(self, kind: str, plan: set[int]) -> IntArray:
        """The candidate pairs a neighbourhood of this kind frees (at most its kind's size)."""
        rng = self.rng
        if kind == "week":
            mask = self.week == rng.choice(self.weeks)
        elif kind == "department":
            mask = self.department == rng.randrange(self.departments)
        elif kind == "host":
            mask = self.host == rng.choice(self.hosts)
        elif kind == "hosts":
            if not self.host_groups:
                return np.zeros(0, dtype=np.int64)
            pair = rng.sample(rng.choice(self.host_groups), 2)
            mask = np.isin(self.host, pair)
        elif kind == "site":
            first = rng.randrange(len(self.weeks))
            window = set(self.weeks[first : first + 3])
            mask = (self.site == rng.randrange(self.sites)) & np.isin(self.week, list(window))
        else:
            mask = self._left_out(plan)
        return self._cap(np.flatnonzero(mask), self.sizes[kind])

    def _left_out(self, plan: set[int]) -> np.ndarray:
        """Short shadowers' pairs, every pair of the slots they could take (so occupants can
        make room) and the occupants' own pairs (so they can move elsewhere)."""
        cands = self.cands
        required = cands.index.required
        taken: dict[int, int] = {}
        for k in plan:
            s = int(cands.shadower[k])
            taken[s] = taken.get(s, 0) + 1
        short = [s for s in cands.span if taken.get(s, 0) < required[s]]
        mask = np.zeros(len(cands), dtype=bool)
        if not short:
            return mask
        for s in self.rng.sample(short, min(len(short), 6)):
            first, last = cands.span[s]
            mask[first:last] = True
            slots = cands.slot[first:last]
            for t in self.rng.sample(slots.tolist(), min(len(slots), 12)):
                on_slot = cands.of_slot(t)
                mask[on_slot] = True
                for k in on_slot.tolist():
                    if k in plan:
                        o_first, o_last = cands.span[int(cands.shadower[k])]
                        mask[o_first:o_last] = True
        return mask

    def _cap(self, free: IntArray, size: int) -> IntArray:
        """At most `size` of the pairs: those of a random run of consecutive weeks (a
        coherent part, where moves can chain; a random sample of pairs rarely holds one)."""
        if len(free) <= size:
            return free
        weeks = self.week[free]
        order = sorted(set(weeks.tolist()))
        counts = {w: int(c) for w, c in zip(*np.unique(weeks, return_counts=True), strict=True)}
        first = self.rng.randrange(len(order))
        window: list[int] = []
        total = 0
        for w in order[first:] + order[:first][::-1]:
            if window and total + counts[w] > size:
                break
            window.append(w)
            total += counts[w]
        picked = free[np.isin(weeks, window)]
        if len(picked) > size:  # a single week larger than the size: sample within it
            picked = np.array(sorted(self.rng.sample(picked.tolist(), size)), dtype=np.int64)
        return picked

    def step(
        self,
        plan: set[int],
        *,
        time_s: float,
        workers: int,
        run: Callable[..., tuple[cp_model.CpSolver, int]],
        stop: Callable[[], bool],
        stop_event: threading.Event | None,
    ) -> tuple[str, set[int] | None, float]:
        """Re-solve one neighbourhood: (its kind, the new plan or None, CP-SAT wall time)."""
        kind = self.choose()
        free = self.free_pairs(kind, plan)
        self.stats.steps += 1
        self.stats.tried[kind] += 1
        if not len(free):
            self.score[kind] *= _DECAY
            return kind, None, 0.0
        fixed = np.array(sorted(plan.difference(free.tolist())), dtype=np.int64)
        sub_cands, old = restrict(self.cands, np.union1d(free, fixed))
        m = build_model(sub_cands, stop=stop)
        new_of = {int(k): i for i, k in enumerate(old.tolist())}
        for k in fixed.tolist():
            m.model.add(m.x[new_of[k]] == 1)
        from optimizer.solve import hint  # here: solve imports this module

        hint(m, {new_of[k] for k in plan})
        solver, status = run(m, time_limit_s=time_s, workers=workers, stop_event=stop_event)
        wall = float(solver.wall_time)
        self.stats.seconds[kind] += wall
        if status == cp_model.OPTIMAL and wall < 0.5 * time_s:
            self.sizes[kind] = min(_MAX_SIZE, int(self.sizes[kind] * 1.25))
        elif status != cp_model.OPTIMAL:
            self.sizes[kind] = max(_MIN_SIZE, int(self.sizes[kind] * 0.8))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return kind, None, wall
        found = {int(old[i]) for i, var in enumerate(m.x) if solver.boolean_value(var)}
        return kind, found, wall

    def credit(self, kind: str, gain: int, seconds: float) -> None:
        """Move the kind's score toward the square root of its gain per second in this step
        (the root, so one lucky step does not starve the other kinds)."""
        rate = max(0.0, gain) / max(seconds, 0.05)
        self.score[kind] = _DECAY * self.score[kind] + (1 - _DECAY) * (1.0 + math.sqrt(rate))
        if gain > 0:
            self.stats.improved += 1
            self.stats.gain[kind] += gain


def step_time(left_s: float) -> float:
    """CP-SAT time for one neighbourhood: a second, less near the end."""
    return max(_MIN_STEP_S, min(_STEP_S, 0.5 * left_s))
