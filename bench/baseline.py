"""The baseline the solver is measured against: a plain all-pairs CP-SAT model.

One Boolean per eligible pair, the rows of `formulation.py` as linear constraints, the
contract objective; no greedy hint, no pruning beyond eligibility, no rounds. Its plan is
verified and scored by `optimizer.check`, not by the model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from bench.formulation import Formulation
from optimizer.types import Pair, Problem


@dataclass(frozen=True)
class BaselineResult:
    status: str
    assignments: tuple[Pair, ...]
    bound: float | None  # CP-SAT's proven bound (model objective + constant)
    pairs: int
    build_s: float
    solve_s: float


def solve_baseline(
    problem: Problem,
    *,
    time_limit_s: float,
    workers: int = 2,
    hint: tuple[Pair, ...] = (),
) -> BaselineResult:
    """`hint`: a plan CP-SAT starts from (the "best known" run: hinted with our plan)."""
    started = time.monotonic()
    fm = Formulation(problem)
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(len(fm))]
    for k in fm.pinned.tolist():
        model.add(x[k] == 1)
    aux: dict[tuple[str, int], cp_model.IntVar] = {}
    for row in fm.rows(np.arange(len(fm), dtype=np.int64)):
        terms: list[cp_model.LinearExprT] = [x[k] for k in row.members.tolist()]
        for name, coefficient in row.aux:
            if name not in aux:
                upper = 1 if name[0] == "y" else len(fm)
                aux[name] = model.new_int_var(0, upper, "")
            terms.append(int(coefficient) * aux[name])
        model.add(sum(terms) <= row.rhs)
    fairness = aux.get(("L", 0))
    weights = fm.weight.tolist()
    objective = sum(w * var for w, var in zip(weights, x, strict=True))
    if fairness is not None:
        objective -= problem.weights.fairness * fairness
    model.maximize(objective)
    if hint:
        # A complete hint (the pairs, the hosted slots, the largest load): CP-SAT drops a
        # hint it cannot complete.
        chosen = set(hint)
        used: set[int] = set()
        load: dict[str, int] = {}
        for k, var in enumerate(x):
            s, t = int(fm.pair_shadower[k]), int(fm.pair_slot[k])
            taken = Pair(fm.shadowers[s].id, fm.slots[t].id) in chosen
            model.add_hint(var, taken)
            if taken:
                used.add(t)
                load[fm.slots[t].host] = load.get(fm.slots[t].host, 0) + 1
        for name, var in aux.items():
            if name[0] == "y":
                model.add_hint(var, name[1] in used)
            else:
                model.add_hint(var, max(load.values(), default=0))
    built = time.monotonic()

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    solved = time.monotonic()
    assignments: list[Pair] = []
    bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for k, var in enumerate(x):
            if solver.boolean_value(var):
                s, t = int(fm.pair_shadower[k]), int(fm.pair_slot[k])
                assignments.append(Pair(fm.shadowers[s].id, fm.slots[t].id))
        bound = solver.best_objective_bound + fm.constant
    return BaselineResult(
        status=solver.status_name(status),
        assignments=tuple(sorted(assignments)),
        bound=bound,
        pairs=len(fm),
        build_s=built - started,
        solve_s=solved - built,
    )
