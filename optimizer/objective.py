"""The contract's objective, term by term, computed exactly on a set of assignments.

`solve` reports `objective_of(problem, assignments)`, never the solver's float value, so the
number in a solution is the contract formula by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from optimizer.preferences import preference, wishes_by_shadower
from optimizer.types import Pair, Person, Preference, Problem, Slot

AFFINITY_CAP = 5


def affinity(shadower: Person, slot: Slot, host: Person) -> int:
    """Tags shared between the shadower and the slot or its host, capped at 5."""
    return min(AFFINITY_CAP, len(shadower.tags & (slot.tags | host.tags)))


def is_new_hire(problem: Problem, person: Person) -> bool:
    """Hired within `new_hire_days` days before the horizon start, or later."""
    days = problem.rules.new_hire_days
    if not days or person.hire_date is None:
        return False
    return person.hire_date >= problem.horizon.start - dt.timedelta(days=days)


def history_hosts(problem: Problem) -> dict[str, set[str]]:
    """Shadower id -> hosts they met before (for novelty)."""
    met: dict[str, set[str]] = {}
    for entry in problem.history:
        met.setdefault(entry.shadower, set()).add(entry.host)
    return met


def pair_value(
    problem: Problem,
    shadower: Person,
    slot: Slot,
    host: Person,
    met: set[str],
    wishes: Iterable[Preference] = (),
) -> int:
    """session + affinity + novelty + new_hire (+ v1.1 preference) terms of one assigned pair."""
    w = problem.weights
    return (
        w.session
        + w.affinity * affinity(shadower, slot, host)
        + w.novelty * (host.id not in met)
        + w.new_hire * is_new_hire(problem, shadower)
        + w.preference * preference(wishes, slot, host)
        - w.ledger * host.hosted
    )


def objective_of(problem: Problem, assignments: Iterable[Pair]) -> int:
    """The contract objective of a plan (assignments are assumed to name known ids)."""
    people = {p.id: p for p in problem.people}
    slots = {s.id: s for s in problem.slots}
    met = history_hosts(problem)
    wishes = wishes_by_shadower(problem)
    chosen = set(assignments)
    total = 0
    load: Counter[str] = Counter()
    for pair in chosen:
        slot = slots[pair.slot]
        host = people[slot.host]
        total += pair_value(
            problem,
            people[pair.shadower],
            slot,
            host,
            met.get(pair.shadower, set()),
            wishes.get(pair.shadower, ()),
        )
        load[slot.host] += 1
    total -= problem.weights.fairness * max(load.values(), default=0)
    total -= problem.weights.change * len(set(problem.previous) - chosen)
    return total
