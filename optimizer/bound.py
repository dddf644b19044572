"""A proven upper bound on the objective: a strengthened LP relaxation, solved with HiGHS.

The LP is written here from the candidates (not read off the CP-SAT model), so rows can be
added that the integer model does not need but that cut fractional plans off:

- hosting: `Σ x ≤ capacity · y` per slot (aggregated) and `x ≤ y` per pair, where `y[t]`
  is "slot t has somebody" and `Σ y ≤ max_hosted_per_host_week` per host-week. Without
  them the LP opens every slot of a host-week a little and spreads shadowers over all;
- per person: requirement, weekly limit, spacing windows, maximal sets of overlapping slots,
  distinct hosts, each a clique of conflicting pairs (`≤ 1`, or the rule's limit);
- per department with `max_away`: the members' pairs over each maximal set of overlapping
  slots (`≤ max_away`);
- fairness: `Σ x of a host ≤ L`, with `-w.fairness · L` in the objective.

Every valid plan satisfies every row (with `y` its hosted slots and `L` its largest load), so
the LP optimum bounds the objective. The bound is not taken from the solver's optimum but
computed here by weak duality from its duals (any `π ≥ 0` gives
`objective ≤ π·b + Σ_j max over the column's range of (c - Aᵀπ)_j · v_j`), in exact
integer-safe float arithmetic; so it stays valid with solver tolerances, and also when the LP
holds only some of the pairs (the others are priced with the same duals).

HiGHS runs inside OR-Tools, through MathOpt: importing highspy next to ortools crashes
(FIELD_NOTES), and pywraplp's `HIGHS_LP` reports row activities where the duals should be.
GLOP is several times slower on these LPs.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import multiprocessing.process
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from ortools.math_opt import model_pb2, result_pb2
from ortools.math_opt.core.python import solver as core_solver
from ortools.math_opt.python import (
    callback,
    init_arguments,
    model_parameters,
    parameters,
)
from ortools.util.python import solve_interrupter

from optimizer.candidates import Candidates, IntArray, build_candidates
from optimizer.constraints import _maximal_overlap_groups, pair_weights
from optimizer.index import Index
from optimizer.pricing import price_dropped

FloatArray = npt.NDArray[np.float64]
# A row's family: ("req", s), ("week", s, week), ("space", s, first date), ("overlap", s,
# instant), ("host", s, host), ("dept", department, instant), ("cap", slot), ("load", host).
RowKey = tuple[str | int, ...]


@dataclass
class _Rows:
    """A sparse `A v ≤ b` in triplets; columns: the pairs, then the y's, then L."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    rhs: list[float] = field(default_factory=list)
    # Per row, the family it belongs to (`pricing.py` extends each to pairs a lean set
    # dropped), or None for rows no pair outside the set joins.
    keys: list[RowKey | None] = field(default_factory=list)

    def add(
        self,
        cols: list[int],
        rhs: float,
        vals: list[float] | None = None,
        key: RowKey | None = None,
    ) -> None:
        row = len(self.rhs)
        self.keys.append(key)
        self.rows.extend([row] * len(cols))
        self.cols.extend(cols)
        self.vals.extend([1.0] * len(cols) if vals is None else vals)
        self.rhs.append(rhs)


@dataclass(frozen=True)
class LpBound:
    bound: int  # proven: no plan scores more
    value: float  # the LP optimum HiGHS reported (offset included)
    x: FloatArray  # LP value of each candidate pair
    seconds: float
    rows: int
    strengthened: bool
    rounds: int  # LPs solved (column generation)
    columns: int  # columns in the LP that gave the bound
    # For a lean set: the dropped (person, slot) pairs its duals price positive (worth
    # adding: `lean_lp_bound`); the bound above already counts every dropped pair.
    priced: tuple[tuple[int, int], ...] = ()


def _person_rows(cands: Candidates, out: _Rows) -> None:
    """Requirement, weekly limit, spacing, overlap and distinct hosts: per shadower."""
    index = cands.index
    rules = index.problem.rules
    week, date, host = index.slot_week, index.slot_date, index.slot_host
    start, end = index.slot_start, index.slot_end
    slot = cands.slot.tolist()
    for s, (first, last) in cands.span.items():
        pairs = list(range(first, last))
        if len(pairs) > index.required[s]:
            out.add(pairs, index.required[s], key=("req", s))
        if rules.max_sessions_per_week:
            by_week: dict[int, list[int]] = defaultdict(list)
            for k in pairs:
                by_week[week[slot[k]]].append(k)
            for w, group in by_week.items():
                if len(group) > rules.max_sessions_per_week:
                    out.add(group, rules.max_sessions_per_week, key=("week", s, w))
        days = rules.min_days_between_sessions
        if days:
            ordered = sorted(pairs, key=lambda k: date[slot[k]])
            last_end, hi = -1, 0
            for lo, k in enumerate(ordered):
                if lo and date[slot[ordered[lo - 1]]] == date[slot[k]]:
                    continue
                hi = max(hi, lo)
                while hi < len(ordered) and date[slot[ordered[hi]]] < date[slot[k]] + days:
                    hi += 1
                if hi > last_end and hi - lo > 1:
                    out.add(ordered[lo:hi], 1, key=("space", s, date[slot[k]]))
                last_end = max(last_end, hi)
        for group in _maximal_overlap_groups(
            pairs, lambda k: start[slot[k]], lambda k: end[slot[k]]
        ):
            if len(group) > 1 and not (days and len({date[slot[k]] for k in group}) == 1):
                # Every member covers the start of the last one (see the sweep).
                instant = max(start[slot[k]] for k in group)
                out.add(group, 1, key=("overlap", s, instant))
        if rules.distinct_hosts:
            by_host: dict[int, list[int]] = defaultdict(list)
            for k in pairs:
                by_host[host[slot[k]]].append(k)
            for h, group in by_host.items():
                if len(group) > 1:
                    out.add(group, 1, key=("host", s, h))


def _department_rows(cands: Candidates, out: _Rows) -> None:
    """Rule 11: each maximal set of overlapping slots holds at most max_away members."""
    index = cands.index
    members: dict[str, list[int]] = defaultdict(list)
    for s in cands.span:
        department = index.people[s].department
        if department in index.department_limit:
            members[department].append(s)
    for department, people in members.items():
        limit = index.department_limit[department]
        by_slot: dict[int, list[int]] = defaultdict(list)
        for s in people:
            first, last = cands.span[s]
            for k, t in zip(range(first, last), cands.slot[first:last].tolist(), strict=True):
                by_slot[t].append(k)
        for group in _maximal_overlap_groups(
            by_slot, index.slot_start.__getitem__, index.slot_end.__getitem__
        ):
            pairs = [k for t in group for k in by_slot[t]]
            if len(pairs) > limit:
                instant = max(index.slot_start[t] for t in group)
                out.add(pairs, limit, key=("dept", department, instant))


def _slot_rows(cands: Candidates, out: _Rows, *, strengthen: bool, per_pair: bool) -> int:
    """Capacity, hosting and fairness rows; returns the number of extra columns (y's, L)."""
    index = cands.index
    rules = index.problem.rules
    n = len(cands)
    limit = rules.max_hosted_per_host_week or 0
    by_host_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t in cands.slots_used():
        by_host_week[(index.slot_host[t], index.slot_week[t])].append(t)
    extra = 0
    for slots in by_host_week.values():
        with_y = 0 < limit < len(slots)
        ys = []
        for t in slots:
            pairs = cands.of_slot(t).tolist()
            capacity = index.slots[t].capacity
            if not with_y:
                if len(pairs) > capacity:
                    out.add(pairs, capacity, key=("cap", t))
                continue
            y = n + extra
            extra += 1
            ys.append(y)
            if strengthen:
                # Σ x ≤ capacity · y, and x ≤ y for each pair (stronger when capacity > 1).
                # min(capacity, pairs of the full set): a lean set's own count would make
                # the row invalid for the pairs it dropped.
                seats = float(min(capacity, int(cands.slot_count[t])))
                out.add([*pairs, y], 0, [1.0] * len(pairs) + [-seats], key=("cap", t))
                if per_pair and capacity > 1:
                    for k in pairs:
                        out.add([k, y], 0, [1.0, -1.0])
            else:
                # The integer model's rows: capacity alone, and x ≤ y for each pair.
                if len(pairs) > capacity:
                    out.add(pairs, capacity, key=("cap", t))
                for k in pairs:
                    out.add([k, y], 0, [1.0, -1.0])
        if ys:
            out.add(ys, float(limit))
    if index.problem.weights.fairness and n:
        load = n + extra
        extra += 1
        by_host: dict[int, list[int]] = defaultdict(list)
        for t in cands.slots_used():
            by_host[index.slot_host[t]].extend(cands.of_slot(t).tolist())
        for h, pairs in by_host.items():
            out.add([*pairs, load], 0, [1.0] * len(pairs) + [-1.0], key=("load", h))
    return extra


def build_rows(
    cands: Candidates, *, strengthen: bool = True, per_pair: bool = True
) -> tuple[_Rows, int]:
    out = _Rows()
    _person_rows(cands, out)
    _department_rows(cands, out)
    extra = _slot_rows(cands, out, strengthen=strengthen, per_pair=per_pair)
    return out, extra


def lp_bound(
    cands: Candidates,
    pinned: IntArray | None = None,
    *,
    time_limit_s: float,
    strengthen: bool = True,
    per_pair: bool = False,
    keep: IntArray | None = None,
    per_shadower: int = 16,
    stop_event: threading.Event | None = None,
) -> LpBound | None:
    """The proven LP bound over every candidate, by column generation: the LP over each
    shadower's best `per_shadower` pairs (and `keep`, e.g. the best plan's pairs), then the
    pairs its duals price positive, until none is or the time is up. Any round's duals give
    a proven bound over every pair (weak duality); the best one is returned. None when no
    LP reached its optimum within `time_limit_s` (or `stop_event` was set)."""
    started = time.monotonic()
    index = cands.index
    problem = index.problem
    n = len(cands)
    rows, extra = build_rows(cands, strengthen=strengthen, per_pair=per_pair)
    columns = n + extra
    cost = np.zeros(columns, dtype=np.float64)
    weights = pair_weights(cands)
    cost[:n] = weights
    if problem.weights.fairness and n:
        cost[columns - 1] = -float(problem.weights.fairness)
    low = np.zeros(columns, dtype=np.float64)
    high = np.ones(columns, dtype=np.float64)
    if problem.weights.fairness and n:
        high[columns - 1] = float(n)
    active = np.zeros(columns, dtype=bool)
    active[n:] = True
    if pinned is not None and len(pinned):
        low[pinned] = 1.0
        active[pinned] = True
    if keep is not None and len(keep):
        active[keep] = True
    active[:n] |= _best_per_shadower(cands, weights.astype(np.float64), per_shadower)
    offset = -float(problem.weights.change * len(set(problem.previous)))
    matrix = _Matrix(rows, columns)

    best: LpBound | None = None
    rounds = 0
    while True:
        left = time_limit_s - (time.monotonic() - started)
        if left <= 0.05 or (stop_event is not None and stop_event.is_set()):
            break
        solved = _solve_highs(
            matrix, active, cost, low, high, time_limit_s=left, stop_event=stop_event
        )
        if solved is None:
            break
        rounds += 1
        values, duals, value = solved
        reduced = cost - matrix.transpose_times(np.maximum(0.0, duals))
        proven = _weak_duality(matrix, duals, reduced, low, high) + offset
        # A lean set: the pairs it dropped join the rows' families (`pricing.py`).
        outside = price_dropped(cands, rows.keys, np.maximum(0.0, duals))
        proven += outside.total
        if best is None or proven < best.bound:
            best = LpBound(
                bound=math.floor(proven + 1e-6),
                value=value + offset,
                x=np.clip(values[:n], 0.0, 1.0),
                seconds=time.monotonic() - started,
                rows=len(rows.rhs),
                strengthened=strengthen,
                rounds=rounds,
                columns=int(active.sum()),
                priced=tuple(outside.positive),
            )
        priced = (reduced[:n] > _PRICE_EPS) & ~active[:n]
        if not priced.any():
            break
        active[:n] |= _best_per_shadower(
            cands, np.where(priced, reduced[:n], -np.inf), per_shadower
        )
    return best


_PRICE_EPS = 1e-6


def lean_lp_bound(
    index: Index,
    per_shadower: int,
    *,
    time_limit_s: float,
    rounds: int = 6,
    start: Candidates | None = None,
    stop_event: threading.Event | None = None,
) -> tuple[LpBound | None, Candidates]:
    """The proven LP bound by column generation over a lean set: the LP over each
    shadower's best `per_shadower` pairs (and the pairs of `start`, a lean set, when given),
    then again with the dropped pairs its duals price positive added to the set
    (regenerated, never all held), until none is, `rounds` LPs were solved or the time is
    up. Returns the best bound (each is proven over every pair) and the last lean set.
    With `start`, the bound's `x` is given over `start`'s pairs (others dropped)."""
    started = time.monotonic()
    keep: set[tuple[int, int]] = set()
    if start is not None:
        keep = set(zip(start.shadower.tolist(), start.slot.tolist(), strict=True))
    cands = build_candidates(index, per_shadower=per_shadower, keep=sorted(keep))
    best: LpBound | None = None
    best_cands = cands
    for _ in range(rounds):
        left = time_limit_s - (time.monotonic() - started)
        if left <= 0.05 or (stop_event is not None and stop_event.is_set()):
            break
        answer = lp_bound(
            cands,
            _pinned(cands),
            time_limit_s=left,
            per_shadower=len(cands),
            stop_event=stop_event,
        )
        if answer is None:
            break
        if best is None or answer.bound < best.bound:
            best, best_cands = answer, cands
        if not answer.priced or set(answer.priced) <= keep:
            break
        keep |= set(answer.priced)
        cands = build_candidates(index, per_shadower=per_shadower, keep=sorted(keep))
    if best is not None and start is not None:
        best = replace(best, x=_carry(best.x, best_cands, start))
    return best, cands


def _pinned(cands: Candidates) -> IntArray:
    index = cands.index
    found = (
        cands.find(index.person_pos[p.shadower], index.slot_pos[p.slot])
        for p in index.problem.pinned
    )
    return np.array([k for k in found if k is not None], dtype=np.int64)


def _carry(x: FloatArray, source: Candidates, target: Candidates) -> FloatArray:
    """LP values over `source`'s pairs, given over `target`'s (0 where absent)."""
    slots = len(source.index.slots)
    have = source.shadower * slots + source.slot
    want = target.shadower * slots + target.slot
    order = np.argsort(have)
    at = np.clip(np.searchsorted(have[order], want), 0, max(0, len(have) - 1))
    found = have[order][at] == want if len(have) else np.zeros(len(want), dtype=bool)
    out = np.zeros(len(target), dtype=np.float64)
    out[found] = x[order[at[found]]]
    return out


def _best_per_shadower(cands: Candidates, score: FloatArray, count: int) -> npt.NDArray[np.bool_]:
    """A mask of each shadower's `count` pairs of highest finite score."""
    mask = np.zeros(len(cands), dtype=bool)
    for first, last in cands.span.values():
        own = score[first:last]
        top = np.argsort(-own, kind="stable")[:count]
        top = top[np.isfinite(own[top])]
        mask[first + top] = True
    return mask


class _Matrix:
    """The rows as numpy arrays, with `Aᵀπ`."""

    def __init__(self, rows: _Rows, columns: int) -> None:
        self.columns = columns
        self.row = np.array(rows.rows, dtype=np.int64)
        self.col = np.array(rows.cols, dtype=np.int64)
        self.val = np.array(rows.vals, dtype=np.float64)
        self.rhs = np.array(rows.rhs, dtype=np.float64)
        order = np.lexsort((self.col, self.row))
        self.row, self.col, self.val = self.row[order], self.col[order], self.val[order]

    def transpose_times(self, pi: FloatArray) -> FloatArray:
        out = np.bincount(self.col, weights=pi[self.row] * self.val, minlength=self.columns)
        return out.astype(np.float64)


def _weak_duality(
    matrix: _Matrix, duals: FloatArray, reduced: FloatArray, low: FloatArray, high: FloatArray
) -> float:
    """max cᵀv s.t. Av ≤ b, low ≤ v ≤ high is at most πᵀb + Σ_j max((c - Aᵀπ)_j · v_j) over
    the column's range, for every π ≥ 0 (here π = max(0, duals), `reduced` = c - Aᵀπ): a
    bound that holds whatever the duals' accuracy, over every column."""
    pi = np.maximum(0.0, duals)
    return float(pi @ matrix.rhs) + float(np.sum(np.maximum(reduced * high, reduced * low)))


def _solve_highs(
    matrix: _Matrix,
    active: npt.NDArray[np.bool_],
    cost: FloatArray,
    low: FloatArray,
    high: FloatArray,
    *,
    time_limit_s: float,
    stop_event: threading.Event | None,
) -> tuple[FloatArray, FloatArray, float] | None:
    """Solve `max cost·v, A v <= b, low <= v <= high` with HiGHS through MathOpt (OR-Tools'
    pywraplp returns row activities instead of duals for HiGHS): the primal values, the
    duals, and the objective; None unless HiGHS reports an optimum."""
    model = model_pb2.ModelProto()
    ids = np.flatnonzero(active)
    model.variables.ids.extend(ids.tolist())
    model.variables.lower_bounds.extend(low[ids].tolist())
    model.variables.upper_bounds.extend(high[ids].tolist())
    model.variables.integers.extend([False] * len(ids))
    rhs = matrix.rhs
    model.linear_constraints.ids.extend(range(len(rhs)))
    model.linear_constraints.lower_bounds.extend([-math.inf] * len(rhs))
    model.linear_constraints.upper_bounds.extend(rhs.tolist())
    keep = active[matrix.col]
    entries = model.linear_constraint_matrix
    entries.row_ids.extend(matrix.row[keep].tolist())
    entries.column_ids.extend(matrix.col[keep].tolist())
    entries.coefficients.extend(matrix.val[keep].tolist())
    model.objective.maximize = True
    nonzero = ids[cost[ids] != 0]
    model.objective.linear_coefficients.ids.extend(nonzero.tolist())
    model.objective.linear_coefficients.values.extend(cost[nonzero].tolist())

    params = parameters.SolveParameters(time_limit=dt.timedelta(seconds=max(0.05, time_limit_s)))
    interrupter = solve_interrupter.SolveInterrupter()
    done = threading.Event()

    def watch(event: threading.Event) -> None:
        while not done.is_set():
            if event.wait(0.05):
                interrupter.interrupt()
                return

    watcher = None
    if stop_event is not None:
        watcher = threading.Thread(target=watch, args=(stop_event,), daemon=True)
        watcher.start()
    try:
        answer = core_solver.solve(
            model,
            parameters.SolverType.HIGHS.value,
            init_arguments.StreamableSolverInitArguments().to_proto(),
            params.to_proto(),
            model_parameters.ModelSolveParameters().to_proto(),
            None,
            callback.CallbackRegistration().to_proto(),
            None,
            interrupter.pybind_interrupter,
        )
    except Exception:
        return None
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    if answer.termination.reason != result_pb2.TERMINATION_REASON_OPTIMAL or not answer.solutions:
        return None
    solution = answer.solutions[0]
    values = np.zeros(len(cost), dtype=np.float64)
    primal = solution.primal_solution.variable_values
    values[np.array(primal.ids, dtype=np.int64)] = np.array(primal.values, dtype=np.float64)
    duals = np.zeros(len(rhs), dtype=np.float64)
    dual = solution.dual_solution.dual_values
    duals[np.array(dual.ids, dtype=np.int64)] = np.array(dual.values, dtype=np.float64)
    return values, duals, float(solution.primal_solution.objective_value)


class BoundProcess:
    """`lp_bound` in a forked child process, so it runs beside the search and can be stopped
    at any time (HiGHS ignores MathOpt's interrupter, and a thread could not be killed).
    Any failure (no fork, a crash, the time running out) only means no LP bound."""

    def __init__(
        self,
        cands: Candidates,
        pinned: IntArray,
        *,
        time_limit_s: float,
        keep: IntArray | None = None,
        per_shadower: int = 16,
    ) -> None:
        self.answer: LpBound | None = None
        self.done = False
        self.deadline = time.monotonic() + time_limit_s
        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)

        def child() -> None:
            try:
                answer: LpBound | None
                if cands.complete or cands.source is None:
                    answer = lp_bound(
                        cands,
                        pinned,
                        time_limit_s=time_limit_s,
                        keep=keep,
                        per_shadower=per_shadower,
                    )
                else:  # a lean set: column generation over the pairs it dropped
                    answer, _ = lean_lp_bound(
                        cands.index, 1, time_limit_s=time_limit_s, start=cands
                    )
                writer.send(answer)
            except BaseException:  # the parent only learns "no bound"
                writer.send(None)
            finally:
                writer.close()

        self.process: multiprocessing.process.BaseProcess | None
        try:
            self.process = context.Process(target=child, name="lp-bound", daemon=True)
            self.process.start()
        except (OSError, AssertionError, ValueError):  # e.g. a daemonic worker: no children
            self.process = None
            self.done = True
        writer.close()

    def poll(self, wait_s: float = 0.0) -> LpBound | None:
        """The bound, once the child has sent it (waiting up to `wait_s` for it)."""
        if self.done:
            return self.answer
        try:
            if self.reader.poll(max(0.0, wait_s)):
                self.answer = self.reader.recv()
                self.stop()
        except (EOFError, OSError):
            self.stop()
        return self.answer

    def stop(self) -> None:
        """End the child (when it is still running, its bound is lost)."""
        if self.done:
            return
        self.done = True
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=1.0)
        self.reader.close()
