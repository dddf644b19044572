"""Solving a large problem in parts: split it, solve each part, merge the plans.

STAND-IN (issue 16, branch i16-canvas): the lead's `optimizer/partition.py` replaces this
file at merge; only its API is relied on (`Part`, `partition_wanted`, `split`, `merge`,
`solve_partitioned`). Naive: one part per site of shadowers; remote slots go to the first
part only; `merge` keeps what of the parts' union fits the whole problem's rules.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.bounds import upper_bound
from optimizer.candidates import build_candidates
from optimizer.explain import explain_unmet
from optimizer.index import build_index
from optimizer.objective import objective_of
from optimizer.solve import Progress, pinned_pairs, solve, to_pairs
from optimizer.state import PlanState
from optimizer.types import Pair, Problem, Solution

# Above this many shadowers a problem is worth splitting.
PARTITION_MIN_SHADOWERS = 5_000


@dataclass(frozen=True)
class Part:
    name: str  # short, for progress and logs
    problem: Problem


def _shadowers(problem: Problem) -> list[str]:
    return [p.id for p in problem.people if p.role == "backroom" and p.active]


def partition_wanted(problem: Problem) -> bool:
    return len(_shadowers(problem)) >= PARTITION_MIN_SHADOWERS


def _restrict(problem: Problem, site: str, *, remote: bool) -> Problem:
    people = {p.id: p for p in problem.people}
    shadowers = {p.id for p in problem.people if p.role == "backroom" and p.site == site}
    slots = tuple(
        s
        for s in problem.slots
        if (s.remote and remote) or (not s.remote and people[s.host].site == site)
    )
    slot_ids = {s.id for s in slots}
    keep = shadowers | {s.host for s in slots}

    def pairs(items: tuple[Pair, ...]) -> tuple[Pair, ...]:
        return tuple(p for p in items if p.shadower in shadowers and p.slot in slot_ids)

    return Problem(
        horizon=problem.horizon,
        rules=problem.rules,
        weights=problem.weights,
        departments=problem.departments,
        people=tuple(p for p in problem.people if p.id in keep),
        slots=slots,
        unavailability=tuple(u for u in problem.unavailability if u.person in keep),
        history=tuple(h for h in problem.history if h.shadower in keep and h.host in keep),
        pinned=pairs(problem.pinned),
        forbidden=pairs(problem.forbidden),
        previous=pairs(problem.previous),
        version=problem.version,
        preferences=tuple(
            w
            for w in problem.preferences
            if w.shadower in shadowers and (w.host is None or w.host in keep)
        ),
    )


def split(problem: Problem) -> list[Part]:
    sites = sorted({p.site for p in problem.people if p.role == "backroom" and p.active}) or [""]
    return [
        Part(name=site or "ALL", problem=_restrict(problem, site, remote=n == 0))
        for n, site in enumerate(sites)
    ]


def merge(
    problem: Problem,
    solutions: Sequence[Solution],
    *,
    time_limit_s: float,
    workers: int = 1,
    stop_event: threading.Event | None = None,
) -> Solution:
    """The union of the parts' plans, keeping only pairs that fit the whole problem."""
    del time_limit_s, workers, stop_event  # the stand-in does no search of its own
    index = build_index(problem)
    cands = build_candidates(index)
    state = PlanState(cands)
    for pin in pinned_pairs(cands):
        state.add(pin)
    for pair in sorted({p for s in solutions for p in s.assignments}):
        person, slot = index.person_pos.get(pair.shadower), index.slot_pos.get(pair.slot)
        k: int | None = None if person is None or slot is None else cands.find(person, slot)
        if k is not None and k not in state.chosen and state.fits(k):
            state.add(k)
    assignments = tuple(to_pairs(cands, state.chosen))
    objective = objective_of(problem, assignments)
    return Solution(
        status="FEASIBLE",
        objective=objective,
        bound=max(objective, upper_bound(cands)),
        assignments=assignments,
        unmet=explain_unmet(state),
        stats={"parts": len(solutions)},
    )


def solve_partitioned(
    problem: Problem,
    *,
    time_limit_s: float,
    workers: int = 2,
    on_progress: Progress | None = None,
    stop_event: threading.Event | None = None,
) -> Solution:
    solutions = [
        solve(
            part.problem,
            time_limit_s=time_limit_s,
            workers=workers,
            on_progress=on_progress,
            stop_event=stop_event,
        )
        for part in split(problem)
    ]
    return merge(
        problem, solutions, time_limit_s=time_limit_s, workers=workers, stop_event=stop_event
    )
