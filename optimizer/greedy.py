"""A fast construction heuristic: the first plan, and the hint CP-SAT starts from.

Pinned pairs go in first. Then, round by round, each shadower who still needs a session
takes their best candidate that fits (highest objective weight; among equals, the least
contested slot), the shadowers with the fewest candidates choosing first. While the plan
only grows, a pair that does not fit never fits later, so each shadower's list is walked
once: the whole pass is linear in the number of candidate pairs. A short repair pass then
moves one occupant out of a full slot to make room for a shadower still short.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from optimizer.candidates import Candidates, IntArray
from optimizer.constraints import pair_weights
from optimizer.state import CAPACITY, PlanState


def ranked_pairs(cands: Candidates) -> IntArray:
    """All pairs, each shadower's run reordered best first: by objective weight, then by
    least contested slot (candidates per seat), then in a fixed pseudo-random order that
    spreads equal choices over slots."""
    capacity = np.array([max(1, slot.capacity) for slot in cands.index.slots], dtype=np.float64)
    # Contest over the full candidate set (a lean set's own counts would understate it).
    _, slot_contest = np.unique(cands.slot_count / capacity, return_inverse=True)
    contest = slot_contest.astype(np.int64)[cands.slot]
    weights = pair_weights(cands)
    top = int(weights.max(initial=0))
    if top - int(weights.min(initial=0)) < 1 << 24:
        weight = top - weights
    else:  # huge weights: use ranks so the key below cannot overflow
        weight = np.unique(-weights, return_inverse=True)[1].astype(np.int64)
    spread = np.random.default_rng(0).integers(0, 1 << 16, len(cands))
    key = (weight * (int(slot_contest.max(initial=0)) + 1) + contest) << 16 | spread
    ranked = np.empty(len(cands), dtype=np.int64)
    for first, last in cands.span.values():
        ranked[first:last] = first + np.argsort(key[first:last])
    return ranked


def greedy_plan(
    cands: Candidates,
    pinned: Iterable[int] = (),
    *,
    repair_s: float = 0.5,
    ranked: IntArray | None = None,
) -> PlanState:
    state = PlanState(cands)
    locked = set(pinned)
    for k in locked:
        state.add(k)
    if ranked is None:
        ranked = ranked_pairs(cands)
    required = cands.index.required
    position = {s: cands.span[s][0] for s in cands.shadowers()}
    shadowers = sorted(position, key=lambda s: (len(cands.of_shadower(s)), s))
    waiting = [s for s in shadowers if len(state.taken.get(s, ())) < required[s]]
    while waiting:
        still: list[int] = []
        for s in waiting:
            i, last = position[s], cands.span[s][1]
            while i < last and not state.fits(int(ranked[i])):
                i += 1
            position[s] = i + 1
            if i < last:
                state.add(int(ranked[i]))
                if len(state.taken[s]) < required[s]:
                    still.append(s)
        waiting = still
    _repair(state, ranked, locked, time.monotonic() + repair_s)
    return state


def _repair(state: PlanState, ranked: IntArray, locked: set[int], deadline: float) -> None:
    """For a shadower short of sessions, free a seat in a full slot by moving one of its
    occupants to another slot that fits them."""
    cands = state.cands
    required = cands.index.required
    for s in cands.shadowers():
        if len(state.taken.get(s, ())) >= required[s]:
            continue
        first, last = cands.span[s]
        for k in ranked[first:last].tolist():
            if len(state.taken.get(s, ())) >= required[s] or time.monotonic() > deadline:
                break
            if k not in state.chosen and state.blocking(k) == [CAPACITY]:
                _make_room(state, ranked, locked, k)


def _make_room(state: PlanState, ranked: IntArray, locked: set[int], k: int) -> bool:
    cands = state.cands
    for occupant in list(state.occupants[int(cands.slot[k])]):
        if occupant in locked:
            continue
        state.remove(occupant)
        if state.fits(k):
            state.add(k)
            first, last = cands.span[int(cands.shadower[occupant])]
            for other in ranked[first:last].tolist():
                if other != occupant and other not in state.chosen and state.fits(other):
                    state.add(other)
                    return True
            state.remove(k)
        state.add(occupant)
    return False
