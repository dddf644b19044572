"""Which candidate pairs go into the CP-SAT model when there are too many for the time.

Every candidate pair is valid; the model only needs the ones a good plan is likely to
use. Each shadower keeps their best pairs in the greedy ranking (objective weight, then
least contested slot), a few more in slots the greedy plan left with free seats (the
moves that can place someone still short), and every pair the greedy plan, `pinned` or
`previous` names, so the greedy plan stays a solution of the smaller model.
"""

from __future__ import annotations

import numpy as np

from optimizer.candidates import Candidates, IntArray
from optimizer.constraints import pair_weights
from optimizer.greedy import ranked_pairs
from optimizer.state import PlanState


def model_pairs(
    cands: Candidates, plan: PlanState, *, per_shadower: int, ranked: IntArray | None = None
) -> IntArray:
    index = cands.index
    keep: list[IntArray] = [
        np.fromiter(plan.chosen, dtype=np.int64, count=len(plan.chosen)),
        np.flatnonzero(pair_weights(cands) != cands.value),  # `previous` pairs
    ]
    pins = [
        cands.find(index.person_pos[pin.shadower], index.slot_pos[pin.slot])
        for pin in index.problem.pinned
    ]
    keep.append(np.array([k for k in pins if k is not None], dtype=np.int64))
    if ranked is None:
        ranked = ranked_pairs(cands)
    capacity = np.array([slot.capacity for slot in index.slots], dtype=np.int64)
    free = np.array(plan.count, dtype=np.int64) < capacity
    best = max(1, (per_shadower * 2) // 3)
    spare = max(1, per_shadower - best)
    for first, last in cands.span.values():
        if last - first <= per_shadower:
            keep.append(np.arange(first, last, dtype=np.int64))
            continue
        own = ranked[first:last]
        rest = own[best:]
        keep.append(own[:best])
        keep.append(rest[free[cands.slot[rest]]][:spare])
    return np.unique(np.concatenate(keep))
