"""The LP relaxation bound of the full 0-1 program (`formulation.py`), with OR-Tools' GLOP.

A large company has millions of eligible pairs, too many columns for one LP here. The
bound is computed by column generation, which gives the same optimum: solve the LP over a
subset of the pairs, price every other pair with the duals of that LP (rows missing from
the subset's LP have dual 0, a feasible choice), add the pairs whose reduced cost is
positive, and stop when none is. At that point the duals are feasible for the full LP, so
the subset's optimum is the full LP's optimum. `full=True` skips the pricing and solves
the LP over every pair at once (to check the two agree on a small instance).

HiGHS is not used: importing highspy next to ortools crashes (FIELD_NOTES).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from bench.formulation import Formulation, IntArray, Row
from optimizer.types import Problem

_EPS = 1e-6


@dataclass(frozen=True)
class LpResult:
    value: float  # the LP optimum, constants included
    bound: int  # floor(value): the objective is an integer
    rounds: int
    columns: int  # pairs in the last LP
    rows: int
    pairs: int  # eligible pairs in the full program
    seconds: float


def _solve(
    fm: Formulation,
    include: IntArray,
    *,
    backend: str,
    time_limit_s: float,
    log: Callable[[str], None] | None,
) -> tuple[float, dict[tuple[str, tuple[int, ...]], float], int]:
    solver = pywraplp.Solver.CreateSolver(backend)
    if solver is None:
        msg = f"OR-Tools has no {backend} solver"
        raise RuntimeError(msg)
    solver.SetTimeLimit(max(1, int(time_limit_s * 1000)))
    t0 = time.monotonic()
    pinned = set(fm.pinned.tolist())
    x = {int(k): solver.NumVar(1.0 if int(k) in pinned else 0.0, 1.0, "") for k in include.tolist()}
    aux: dict[tuple[str, int], pywraplp.Variable] = {}
    objective = solver.Objective()
    for k, var in x.items():
        objective.SetCoefficient(var, float(fm.weight[k]))
    rows: list[tuple[Row, pywraplp.Constraint]] = []
    for row in fm.rows(include):
        constraint = solver.Constraint(-solver.infinity(), float(row.rhs))
        for k in row.members.tolist():
            constraint.SetCoefficient(x[k], 1.0)
        for name, coefficient in row.aux:
            if name not in aux:
                upper = 1.0 if name[0] == "y" else solver.infinity()
                aux[name] = solver.NumVar(0.0, upper, "")
                if name[0] == "L":
                    objective.SetCoefficient(aux[name], -float(fm.problem.weights.fairness))
            constraint.SetCoefficient(aux[name], coefficient)
        rows.append((row, constraint))
    objective.SetMaximization()
    built = time.monotonic()
    status = solver.Solve()
    if log is not None:
        log(
            f"lp: {len(x)} columns, {len(rows)} rows, built in {built - t0:.1f} s, "
            f"solved in {time.monotonic() - built:.1f} s"
        )
    if status != pywraplp.Solver.OPTIMAL:
        msg = f"{backend} stopped with status {status} (time limit or infeasible pinned pairs)"
        raise RuntimeError(msg)
    duals = {(row.family, row.key): constraint.dual_value() for row, constraint in rows}
    return objective.Value() + fm.constant, duals, len(rows)


def lp_bound(
    problem: Problem,
    *,
    per_shadower: int = 24,
    backend: str = "GLOP",
    time_limit_s: float = 600.0,
    full: bool = False,
    log: Callable[[str], None] | None = None,
) -> LpResult:
    """The LP relaxation optimum of the contract's 0-1 program for `problem`."""
    started = time.monotonic()
    fm = Formulation(problem)
    if full:
        include = np.arange(len(fm), dtype=np.int64)
    else:
        include = _best_per_shadower(fm, np.ones(len(fm), dtype=bool), per_shadower)
        include = np.union1d(include, fm.pinned)
    rounds = 0
    while True:
        rounds += 1
        left = time_limit_s - (time.monotonic() - started)
        value, duals, n_rows = _solve(fm, include, backend=backend, time_limit_s=left, log=log)
        if full:
            break
        reduced = fm.weight - fm.row_duals(duals)
        better = reduced > _EPS
        better[include] = False
        if not better.any():
            break
        include = np.union1d(include, _best_per_shadower(fm, better, per_shadower, reduced))
    return LpResult(
        value=value,
        bound=math.floor(value + _EPS),
        rounds=rounds,
        columns=len(include),
        rows=n_rows,
        pairs=len(fm),
        seconds=time.monotonic() - started,
    )


def _best_per_shadower(
    fm: Formulation,
    allowed: np.ndarray,
    count: int,
    score: np.ndarray | None = None,
) -> IntArray:
    """Up to `count` allowed pairs per shadower with the highest score (default: weight)."""
    values = (fm.weight if score is None else score).astype(np.float64)
    chosen: list[IntArray] = []
    for s in range(len(fm.shadowers)):
        lo, hi = int(fm.first[s]), int(fm.first[s + 1])
        own = np.flatnonzero(allowed[lo:hi])
        if len(own) > count:
            own = own[np.argsort(-values[lo:hi][own], kind="stable")[:count]]
        chosen.append(own + lo)
    return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64)
