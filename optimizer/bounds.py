"""A quick upper bound on the objective, valid before any search."""

from __future__ import annotations

import numpy as np

from optimizer.candidates import Candidates
from optimizer.constraints import pair_weights


def upper_bound(cands: Candidates) -> int:
    """A quick valid bound on the objective, the smaller of two:

    - each shadower's best `required` pair weights;
    - as many sessions as there are seats, each worth the best pair weight. Seats are
      counted per host and ISO week: the largest capacities of at most
      `max_hosted_per_host_week` slots, each capped by the slot's candidate count.

    Penalties only lower the objective, except the change constant, subtracted here.

    It holds for lean candidates too (`build_candidates(per_shadower=...)`): they keep each
    shadower's `required` best values and every `previous` pair, so the demand term is the
    full set's, and `slot_count` counts every candidate pair of a slot, kept or not.
    """
    if cands.subset:
        msg = "upper_bound needs a full or lean candidate set, not a part of one (restrict)"
        raise ValueError(msg)
    index = cands.index
    weights = pair_weights(cands)
    required = index.required
    demand = 0
    for s, (first, last) in cands.span.items():
        own = np.sort(weights[first:last])[::-1]
        demand += int(own[: required[s]].clip(min=0).sum())  # v1.1: a pair may be worth < 0
    seats_by_host_week: dict[tuple[int, int], list[int]] = {}
    counts = cands.slot_count.tolist()
    for t, count in enumerate(counts):
        if count:
            key = (index.slot_host[t], index.slot_week[t])
            seats_by_host_week.setdefault(key, []).append(min(count, index.slots[t].capacity))
    limit = index.problem.rules.max_hosted_per_host_week
    seats = sum(
        sum(sorted(s, reverse=True)[:limit] if limit else s) for s in seats_by_host_week.values()
    )
    supply = seats * int(weights.max(initial=0))
    problem = index.problem
    return min(demand, supply) - problem.weights.change * len(set(problem.previous))
