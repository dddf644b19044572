"""The LP relaxation of a CP-SAT scheduling model, solved with GLOP.

The relaxation is read off the model itself (every constraint here is linear: at-most-one,
implications and linear rows), so it can never drift from the rules. It serves twice:
when its optimum is integral it is an optimal plan of the model outright, and otherwise
its values rank the pairs for a rounding pass (see `solve.py`). Over every candidate pair
its optimum is also a valid bound on the contract objective.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import pywraplp

from optimizer.constraints import SchedulingModel

FloatArray = npt.NDArray[np.float64]
_INTEGRAL = 1e-6


@dataclass(frozen=True)
class Relaxation:
    value: float  # LP optimum of the model's objective, offset included
    x: FloatArray  # value of each pair variable

    @property
    def integral(self) -> bool:
        return bool(np.all(np.minimum(self.x, 1 - self.x) < _INTEGRAL))

    @property
    def bound(self) -> int:
        return math.floor(self.value + _INTEGRAL)


def _literal(variables: list[pywraplp.Variable], literal: int) -> tuple[pywraplp.Variable, bool]:
    """A CP-SAT literal as (variable, negated)."""
    return (variables[literal], False) if literal >= 0 else (variables[-literal - 1], True)


def solve_relaxation(
    m: SchedulingModel, *, time_limit_s: float, stop_event: threading.Event | None = None
) -> Relaxation | None:
    """The LP optimum, or None when GLOP does not reach it in time or `stop_event` is set
    (checked while the LP is built, and GLOP is interrupted when it is set)."""
    proto = m.model.proto
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None
    solver.SetTimeLimit(max(1, int(time_limit_s * 1000)))
    infinity = solver.infinity()
    # (Proto repeated fields here do not take negative indexes: read them as lists.)
    domains = [list(v.domain) for v in proto.variables]
    variables = [solver.NumVar(float(d[0]), float(d[-1]), "") for d in domains]

    def at_most(literals: list[int], limit: float) -> None:
        """Sum of literals <= limit, a negated literal being 1 - x."""
        terms = [_literal(variables, literal) for literal in literals]
        row = solver.Constraint(-infinity, limit - sum(negated for _, negated in terms))
        for var, negated in terms:
            row.SetCoefficient(var, -1.0 if negated else 1.0)

    for number, ct in enumerate(proto.constraints):
        if number % 4096 == 0 and stop_event is not None and stop_event.is_set():
            return None
        if ct.has_at_most_one():
            at_most(list(ct.at_most_one.literals), 1.0)
        elif ct.has_bool_and() and len(ct.enforcement_literal) == 1:
            # a -> b for each b:  b - a >= 0  (with negations folded in)
            for literal in ct.bool_and.literals:
                at_most([ct.enforcement_literal[0], _negate(literal)], 1.0)
        elif ct.has_linear() and not len(ct.enforcement_literal):
            domain = list(ct.linear.domain)
            low = -infinity if domain[0] <= -(2**62) else float(domain[0])
            high = infinity if domain[-1] >= 2**62 else float(domain[-1])
            row = solver.Constraint(low, high)
            for var, coeff in zip(ct.linear.vars, ct.linear.coeffs, strict=True):
                row.SetCoefficient(variables[var], float(coeff))
        else:  # pragma: no cover - the model uses no other constraint
            msg = f"no linear relaxation for constraint {ct}"
            raise ValueError(msg)

    # CP-SAT stores "maximise f" as "minimise -f" with scaling factor -1.
    scale = proto.objective.scaling_factor
    objective = solver.Objective()
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(variables[var], float(coeff) * scale)
    objective.SetOffset(float(proto.objective.offset) * scale)
    objective.SetMaximization()
    status = _interruptible(solver, stop_event)
    if scale >= 0 or status != pywraplp.Solver.OPTIMAL:
        return None
    x = np.array([variables[k].solution_value() for k in range(len(m.x))], dtype=np.float64)
    return Relaxation(value=objective.Value(), x=np.clip(x, 0.0, 1.0))


def _interruptible(solver: pywraplp.Solver, stop_event: threading.Event | None) -> int:
    """solver.Solve(), interrupted from a watcher thread when `stop_event` is set."""
    if stop_event is None:
        return int(solver.Solve())
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if stop_event.wait(0.05):
                solver.InterruptSolve()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return int(solver.Solve())
    finally:
        done.set()
        watcher.join()


def _negate(literal: int) -> int:
    return -literal - 1
