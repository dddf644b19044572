"""`solve`: the only place that runs CP-SAT.

Order of work: index the problem, check the pinned pairs alone (infeasible -> say which
pairs break which rule), build the candidate pairs, then a greedy plan (always valid: the
fallback and the first hint), then improve on it for the time left.

A large company has far more candidate pairs than CP-SAT digests in seconds, so the
search goes in rounds over growing models: each shadower's best few pairs first
(`prune.model_pairs`, always including the best plan so far), three times as many the
next round, and at last every candidate. In a round:

1. the LP relaxation of the model (`relax.py`), when it fits the time: over every
   candidate its optimum is a proven bound; then a dive, CP-SAT on the pairs the LP
   uses with the pairs it takes whole fixed, which often lands on the LP optimum;
2. CP-SAT on the round's model, hinted with the best plan so far.

The bound is the best of `bounds.upper_bound`, the LP over every candidate and CP-SAT's
bound on the model with every candidate; the status is OPTIMAL when the plan reaches it.
The reported objective is recomputed from the returned assignments.

A very large company (tens of millions of pairs) gets lean candidates: each shadower's
best few pairs (`build_candidates(per_shadower=...)`), never the cross product. CP-SAT's
bound over a lean model is not a bound of the problem and is never taken; the bound then
comes from `bounds.upper_bound` (which counts every pair) and the LP, whose duals price
every dropped pair too (`pricing.py`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from optimizer.bound import BoundProcess, LpBound
from optimizer.bounds import upper_bound
from optimizer.candidates import (
    Candidates,
    IntArray,
    build_candidates,
    estimate_pairs,
    restrict,
)
from optimizer.constraints import HARD_RULES, Interrupted, Rule, SchedulingModel, build_model
from optimizer.explain import explain_unmet
from optimizer.greedy import greedy_plan, ranked_pairs
from optimizer.index import Index, build_index
from optimizer.lns import Lns, step_time
from optimizer.objective import objective_of
from optimizer.pinned import check_pinned
from optimizer.prune import model_pairs
from optimizer.relax import solve_relaxation
from optimizer.state import PlanState
from optimizer.types import Pair, Problem, Solution, Status

Progress = Callable[[int, int, float], None]

# Seconds kept back from the time limit for reading the answer and explaining it (and
# for CP-SAT's own overshoot, and the caller's parsing): a fixed part and a share.
_RESERVE_S = 0.1
_RESERVE_SHARE = 0.05
# Below this many seconds left, no CP-SAT round (or neighbourhood) is started.
_MIN_SEARCH_S = 0.2
_MIN_LNS_S = 0.4
_LNS_S_PER_PAIR = 100e-9
# Model size per round: pairs per shadower in the first round, and the growth factor.
_FIRST_PER_SHADOWER = 24
_FIRST_ROUND_PAIRS = 50_000
# Problems with at most this many pairs are solved whole from the start.
_WHOLE_MODEL_PAIRS = 40_000
_GROWTH = 3
_ROUND_SHARE = 0.25
# The LP relaxation: rough cost per pair, the share of the time left it may take, and
# the share the dive on its support may take.
_LP_S_PER_PAIR = 60e-6
_LP_SHARE = 0.3
_DIVE_SHARE = 0.25
_LP_EPS = 1e-6
# Rough cost of building the model, per pair, to skip a round that cannot pay off.
_BUILD_S_PER_PAIR = 20e-6
# The strengthened LP bound over every candidate (`bound.py`) runs in a child process
# beside the search until the time is up: up to this many pairs it is solved whole, and
# above (column generation) up to the larger figure.
# Rough HiGHS cost per pair (2 busy cores): the LP is not started when it cannot finish.
_BOUND_WHOLE_PAIRS = 150_000
_BOUND_MAX_PAIRS = 600_000
_BOUND_S_PER_PAIR = 150e-6
_PRICE_S_PER_PAIR = 0.2e-6
# Then the rounds over growing models get this share of the time left (all of it on small
# problems, where CP-SAT on every candidate proves the optimum), and the large-neighbourhood
# search the rest.
_ROUNDS_SHARE = 0.1
_ROUNDS_ALONE_PAIRS = 5_000
_ROUNDS_ALONE_S = 5.0
# Above this many pairs (estimated from the site pools, before any is built) candidates
# are lean: each shadower keeps about `_LEAN_PAIRS / shadowers` of theirs, at least
# `_LEAN_MIN_PER_SHADOWER`. Every stage after generation is then linear in the lean set.
_LEAN_ABOVE_PAIRS = 2_000_000
_LEAN_PAIRS = 750_000
_LEAN_MIN_PER_SHADOWER = 12


class _Clock:
    """Time since the call, and time left for searching (the limit minus a reserve)."""

    def __init__(self, limit_s: float) -> None:
        self.start = time.monotonic()
        self.limit_s = limit_s - _RESERVE_S - _RESERVE_SHARE * limit_s

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.limit_s - self.elapsed()


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution and stops the search when asked."""

    def __init__(self, search: _Search, stop_event: threading.Event | None) -> None:
        super().__init__()
        self.search = search
        self.stop_event = stop_event

    def on_solution_callback(self) -> None:
        if self.stop_event is not None and self.stop_event.is_set():
            self.stop_search()
        # The model's value of a solution never exceeds its contract objective (the
        # max-load variable can only overstate the load), so this under-reports at worst.
        self.search.report(round(self.objective_value))


def _watch(solver: cp_model.CpSolver, stop_event: threading.Event, done: threading.Event) -> None:
    """Stop the search soon after `stop_event` is set (repeatedly: the solver may not have
    started its search yet when the event is first set)."""
    while not done.is_set():
        if stop_event.wait(0.05):
            solver.stop_search()
            done.wait(0.05)


def pinned_pairs(cands: Candidates) -> list[int]:
    index = cands.index
    found = []
    for pin in dict.fromkeys(index.problem.pinned):
        k = cands.find(index.person_pos[pin.shadower], index.slot_pos[pin.slot])
        if k is None:
            msg = f"pinned pair ({pin.shadower}, {pin.slot}) is not a candidate"
            raise ValueError(msg)
        found.append(k)
    return found


def _positions(index: Index, pairs: Sequence[Pair]) -> list[tuple[int, int]]:
    """(person, slot) positions of the pairs that name known ids."""
    found = []
    for pair in pairs:
        person, slot = index.person_pos.get(pair.shadower), index.slot_pos.get(pair.slot)
        if person is not None and slot is not None:
            found.append((person, slot))
    return found


def _placed(index: Index, start: Sequence[Pair]) -> dict[int, list[int]]:
    """Shadower -> their `start` slots, for each shadower `start` places in full."""
    slots: dict[int, list[int]] = {}
    for person, slot in _positions(index, start):
        slots.setdefault(person, []).append(slot)
    return {s: own for s, own in slots.items() if len(own) >= index.required[s]}


def starting_pairs(cands: Candidates, pinned: list[int], start: Sequence[Pair]) -> list[int]:
    """The pinned pairs, then each pair of `start` that is a candidate and fits with those
    before it (a plan pieced together elsewhere is taken only as far as it is valid)."""
    if not start:
        return pinned
    state = PlanState(cands)
    for k in pinned:
        state.add(k)
    for person, slot in _positions(cands.index, start):
        found = cands.find(person, slot)
        if found is not None and found not in state.chosen and state.fits(found):
            state.add(found)
    return sorted(state.chosen)


def hint(m: SchedulingModel, chosen: set[int]) -> None:
    """Give CP-SAT a complete starting point: the plan and the auxiliaries it implies."""
    for k, var in enumerate(m.x):
        m.model.add_hint(var, k in chosen)
    used = {m.slot[k] for k in chosen}
    for t, var in m.hosted.items():
        m.model.add_hint(var, t in used)
    if m.max_load is not None:
        load: dict[int, int] = {}
        for k in chosen:
            host = m.cands.index.slot_host[m.slot[k]]
            load[host] = load.get(host, 0) + 1
        m.model.add_hint(m.max_load, max(load.values(), default=0))


def run_cp_sat(
    m: SchedulingModel,
    *,
    time_limit_s: float,
    workers: int,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    stop_event: threading.Event | None = None,
) -> tuple[cp_model.CpSolver, Any]:
    """Solve the model; returns the solver and its CP-SAT status."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit_s)
    params.num_workers = max(1, workers)
    params.random_seed = 7
    done = threading.Event()
    watcher = None
    if stop_event is not None:
        watcher = threading.Thread(target=_watch, args=(solver, stop_event, done), daemon=True)
        watcher.start()
    try:
        status = solver.solve(m.model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    return solver, status


def chosen_pairs(solver: cp_model.CpSolver, m: SchedulingModel) -> set[int]:
    return {k for k, var in enumerate(m.x) if solver.boolean_value(var)}


def solve_model_only(
    problem: Problem,
    *,
    rules: Sequence[tuple[str, Rule]] = HARD_RULES,
    without: frozenset[str] = frozenset(),
    time_limit_s: float = 2.0,
) -> list[Pair]:
    """CP-SAT alone on a model with the given rules (no pinned check, no greedy hint):
    what the model allows, for tests that show each rule matters."""
    index = build_index(problem)
    cands = build_candidates(index, without=without)
    m = build_model(cands, rules)
    solver, status = run_cp_sat(m, time_limit_s=time_limit_s, workers=1)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return to_pairs(cands, chosen_pairs(solver, m))


def to_pairs(cands: Candidates, chosen: Iterable[int]) -> list[Pair]:
    index = cands.index
    return sorted(
        Pair(
            shadower=index.people[int(cands.shadower[k])].id,
            slot=index.slots[int(cands.slot[k])].id,
        )
        for k in chosen
    )


def _plan(cands: Candidates, chosen: Iterable[int]) -> PlanState:
    state = PlanState(cands)
    for k in chosen:
        state.add(k)
    return state


class _Search:
    """The best plan so far, improved round by round: each round builds a model (a pruned
    one, then a larger one, at last every candidate), solves its LP relaxation when there
    is time (a bound, and a dive: CP-SAT on the pairs the LP uses, its whole pairs fixed),
    then lets CP-SAT improve on the best plan with it as the hint."""

    def __init__(
        self,
        cands: Candidates,
        plan: PlanState,
        ranked: IntArray,
        clock: _Clock,
        workers: int,
        on_progress: Progress | None,
        stop_event: threading.Event | None,
    ) -> None:
        self.cands = cands
        self.ranked = ranked
        self.problem = cands.index.problem
        self.clock = clock
        self.workers = workers
        self.on_progress = on_progress
        self.stop_event = stop_event
        self.best = set(plan.chosen)
        self.objective = objective_of(self.problem, to_pairs(cands, self.best))
        self.bound = upper_bound(cands)
        self.reported: int | None = None
        self.stats: dict[str, Any] = {"build_s": 0.0, "lp_s": 0.0, "solve_s": 0.0, "rounds": 0}
        self.lp: LpBound | None = None
        self.until = math.inf  # elapsed time at which the current phase ends
        self.lp_process: BoundProcess | None = None
        self.lp_started = 0.0

    def left(self) -> float:
        """Time left for the current phase."""
        return min(self.clock.left(), self.until - self.clock.elapsed())

    @property
    def status(self) -> Status:
        return "OPTIMAL" if self.objective >= self.bound else "FEASIBLE"

    def stopped(self) -> bool:
        return self.stop_event is not None and self.stop_event.is_set()

    def report(self, objective: int, *, force: bool = False) -> None:
        """Tell on_progress about an objective better than any reported before (or about
        a better bound, with `force`)."""
        if self.on_progress is not None and (
            force or self.reported is None or objective > self.reported
        ):
            self.reported = objective
            self.on_progress(objective, self.bound, self.clock.elapsed())

    def consider(self, found: set[int], *, sideways: bool = False) -> None:
        """Keep `found` (full-candidate pair ids) if its exact objective is better (or as
        good, with `sideways`: the search then moves on from another plan)."""
        objective = objective_of(self.problem, to_pairs(self.cands, found))
        if objective > self.objective or (sideways and objective == self.objective):
            better = objective > self.objective
            self.best, self.objective = found, objective
            if better:
                self.report(objective)

    def run(self) -> None:
        self._start_bound()
        try:
            if len(self.cands) > _ROUNDS_ALONE_PAIRS and self.clock.left() > _ROUNDS_ALONE_S:
                self.until = self.clock.elapsed() + _ROUNDS_SHARE * self.clock.left()
            self._rounds()
            self.until = math.inf
            self._lns()
        except Interrupted:
            pass
        finally:
            if self.lp_process is not None:
                if not self.stopped():
                    self.lp_process.poll(wait_s=self.clock.left())
                self.lp_process.stop()
                self._poll_bound()

    def _start_bound(self) -> None:
        """Start the strengthened LP bound over every candidate, in a child process."""
        pairs = len(self.cands)
        # A lean set's LP also prices every pair it dropped (`pricing.py`): that costs too.
        dropped = int(self.cands.slot_count.sum()) - pairs
        cost = pairs * _BOUND_S_PER_PAIR + dropped * _PRICE_S_PER_PAIR
        if not pairs or pairs > _BOUND_MAX_PAIRS or self.clock.left() < cost:
            return
        self.lp_started = self.clock.elapsed()
        self.lp_process = BoundProcess(
            self.cands,
            np.array(pinned_pairs(self.cands), dtype=np.int64),
            time_limit_s=self.clock.left(),
            keep=np.array(sorted(self.best), dtype=np.int64),
            per_shadower=pairs if pairs <= _BOUND_WHOLE_PAIRS else 24,
        )

    def _poll_bound(self) -> None:
        """Take the LP bound once the child has sent it."""
        if self.lp is not None or self.lp_process is None:
            return
        answer = self.lp_process.poll()
        if answer is None:
            return
        self.lp = answer
        self.stats["bound_s"] = round(self.clock.elapsed() - self.lp_started, 3)
        self.stats["lp_bound"] = answer.bound
        if answer.bound < self.bound:  # proven over every pair, lean set or not
            self.bound = answer.bound
            self.report(self.objective, force=True)

    def _lns(self) -> None:
        """Large-neighbourhood search on the best plan until the time is up."""
        if self.status == "OPTIMAL" or len(self.cands) == 0:
            return
        lns = Lns(self.cands)
        while not self.stopped() and self.objective < self.bound:
            self._poll_bound()
            if self.lp is not None and not self.stats.get("dived"):
                self.stats["dived"] = True
                self._dive(self.cands, np.arange(len(self.cands), dtype=np.int64), self.lp.x)
                continue
            left = self.clock.left()
            # Building a neighbourhood's model takes time too: its pairs are picked from
            # every candidate (seconds over tens of millions of pairs).
            if left < _MIN_LNS_S + len(self.cands) * _LNS_S_PER_PAIR:
                break
            started = self.clock.elapsed()
            before = self.objective
            kind, found, _ = lns.step(
                set(self.best),
                time_s=step_time(left),
                workers=self.workers,
                run=run_cp_sat,
                stop=self.stopped,
                stop_event=self.stop_event,
            )
            if found is not None:
                self.consider(found, sideways=True)
            lns.credit(kind, self.objective - before, self.clock.elapsed() - started)
        self.stats["lns_steps"] = lns.stats.steps
        self.stats["lns_improved"] = lns.stats.improved
        self.stats["lns_gain"] = {k: v for k, v in lns.stats.gain.items() if v}
        self.stats["lns_tried"] = {k: v for k, v in lns.stats.tried.items() if v}
        self.stats["lns_cp_sat_s"] = {k: round(v, 2) for k, v in lns.stats.seconds.items() if v}
        self.stats["lns_sizes"] = dict(lns.sizes)

    def _rounds(self) -> None:
        shadowers = max(1, len(self.cands.span))
        per_shadower: int | None = max(4, min(_FIRST_PER_SHADOWER, _FIRST_ROUND_PAIRS // shadowers))
        while not self.stopped() and self.status != "OPTIMAL":
            self._poll_bound()
            # Straight to every candidate once a pruned model would hold half of them.
            if per_shadower is not None and (
                len(self.cands) <= _WHOLE_MODEL_PAIRS
                or 2 * per_shadower * shadowers >= len(self.cands)
            ):
                per_shadower = None
            pairs = len(self.cands) if per_shadower is None else per_shadower * shadowers
            if self.left() < _MIN_SEARCH_S + pairs * _BUILD_S_PER_PAIR:
                return
            # A pruned round gets a share of the time: proving a small model optimal can
            # take longer than finding the next improvement in a larger one.
            share = None if per_shadower is None else max(1.0, _ROUND_SHARE * self.left())
            self._round(per_shadower, share)
            if per_shadower is None:
                return
            per_shadower *= _GROWTH

    def _model(self, per_shadower: int | None) -> tuple[Candidates, IntArray]:
        """The round's pairs: each shadower's best `per_shadower` ones, or all (None)."""
        if per_shadower is None:
            return self.cands, np.arange(len(self.cands), dtype=np.int64)
        keep = model_pairs(
            self.cands, _plan(self.cands, self.best), per_shadower=per_shadower, ranked=self.ranked
        )
        return restrict(self.cands, keep)

    def _round(self, per_shadower: int | None, time_s: float | None) -> None:
        """One round on the best `per_shadower` pairs of each shadower (all when None),
        for at most `time_s` seconds (or the time left)."""
        started = self.clock.elapsed()
        model_cands, old = self._model(per_shadower)
        m = build_model(model_cands, stop=self.stopped)
        self.stats["build_s"] += self.clock.elapsed() - started
        self.stats["rounds"] += 1
        self.stats["variables"] = len(m.model.proto.variables)
        self.stats["constraints"] = len(m.model.proto.constraints)
        self.stats["model_pairs"] = len(model_cands)
        deadline = self.clock.elapsed() + (self.left() if time_s is None else time_s)
        if self.lp is not None:
            if not self.stats.get("dived"):  # once: the LP is over every candidate
                self.stats["dived"] = True
                self._dive(self.cands, np.arange(len(self.cands), dtype=np.int64), self.lp.x)
        elif self.lp_process is None and (
            len(model_cands) * _LP_S_PER_PAIR < _LP_SHARE * self.left()
        ):
            self._relax(m, old, whole=per_shadower is None and self.cands.complete)
        if self.status == "OPTIMAL":
            return
        new_of = {int(k): i for i, k in enumerate(old)}
        hint(m, {new_of[k] for k in self.best})
        found, proven = self._cp_sat(m, deadline - self.clock.elapsed())
        if found is not None:
            self.consider({int(old[k]) for k in found})
        # Proven over the problem only when every candidate was in the model (not a lean set).
        if per_shadower is None and proven is not None and self.cands.complete:
            self.bound = min(self.bound, proven)

    def _relax(self, m: SchedulingModel, old: IntArray, *, whole: bool) -> None:
        """Solve the LP relaxation; over every candidate its optimum bounds the objective.
        Then dive: CP-SAT on the pairs the LP uses, those it takes whole fixed to 1."""
        started = self.clock.elapsed()
        relaxation = solve_relaxation(
            m, time_limit_s=_LP_SHARE * self.left(), stop_event=self.stop_event
        )
        self.stats["lp_s"] += self.clock.elapsed() - started
        if relaxation is None:
            return
        if whole:
            self.bound = min(self.bound, relaxation.bound)
            self.stats["lp_bound"] = relaxation.value
        if relaxation.integral:
            whole_pairs = np.flatnonzero(relaxation.x >= 1 - _LP_EPS)
            self.consider({int(old[k]) for k in whole_pairs})
            return
        self._dive(m.cands, old, relaxation.x)

    def _dive(self, cands: Candidates, old: IntArray, x: npt.NDArray[np.float64]) -> None:
        """CP-SAT on the pairs an LP solution `x` uses, those it takes whole fixed to 1."""
        used = np.flatnonzero(x > _LP_EPS)
        whole_pairs = np.flatnonzero(x >= 1 - _LP_EPS)
        sub_cands, sub_old = restrict(cands, used)
        sub = build_model(sub_cands, stop=self.stopped)
        fixed = set(whole_pairs.tolist())
        for i, k in enumerate(sub_old.tolist()):
            if k in fixed:
                sub.model.add(sub.x[i] == 1)
        found, _ = self._cp_sat(sub, min(self.left(), _DIVE_SHARE * self.left()))
        if found is not None:
            self.consider({int(old[sub_old[k]]) for k in found})

    def _cp_sat(self, m: SchedulingModel, time_s: float) -> tuple[set[int] | None, int | None]:
        """Run CP-SAT on `m` for up to `time_s`: its best pairs (model ids) and, when it has
        one, its proven bound."""
        search_s = min(time_s, self.left())
        if search_s < _MIN_SEARCH_S or self.stopped():
            return None, None
        started = self.clock.elapsed()
        solver, status = run_cp_sat(
            m,
            time_limit_s=search_s,
            workers=self.workers,
            callback=_Callback(self, self.stop_event),
            stop_event=self.stop_event,
        )
        self.stats["solve_s"] += self.clock.elapsed() - started
        self.stats["cp_sat_status"] = solver.status_name(status)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, None
        return chosen_pairs(solver, m), math.floor(solver.best_objective_bound + 1e-6)


def lean_per_shadower(
    index: Index, *, above: int = _LEAN_ABOVE_PAIRS, target: int = _LEAN_PAIRS
) -> int | None:
    """Pairs per shadower for lean candidates (about `target` pairs in all), or None when
    the full set is estimated at no more than `above` pairs."""
    if estimate_pairs(index) <= above:
        return None
    shadowers = max(1, sum(1 for s in range(len(index.people)) if index.is_shadower(s)))
    return max(_LEAN_MIN_PER_SHADOWER, target // shadowers)


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 10.0,
    workers: int = 2,
    on_progress: Progress | None = None,
    stop_event: threading.Event | None = None,
    per_shadower: int | Literal["auto"] | None = "auto",
    start: Sequence[Pair] = (),
    keep_placed: bool = False,
) -> Solution:
    """The best plan found within `time_limit_s` (always a valid one, unless the pinned
    pairs alone break a rule: then status INFEASIBLE and `infeasible` says why).

    `per_shadower`: "auto" (lean candidates for very large problems), None (every
    candidate) or the pairs per shadower of a lean set.

    `start` is a plan to start from (a partitioned solve's merged parts): after the pinned
    pairs, each of its pairs that fits goes in before the greedy fills the rest. With
    `keep_placed`, a shadower `start` places in full is offered only their `start` slots
    (the search then works on those who are short); the bound is then left to the caller
    (None: a bound over part of the pairs is not the problem's)."""
    clock = _Clock(time_limit_s)
    index = build_index(problem)
    infeasible = check_pinned(index)
    if infeasible:
        return Solution(
            status="INFEASIBLE",
            infeasible=tuple(infeasible),
            stats={"wall_s": round(clock.elapsed(), 3)},
        )
    if per_shadower == "auto":
        per_shadower = lean_per_shadower(index)
    cands = build_candidates(
        index,
        per_shadower=per_shadower,
        keep=_positions(index, start),
        within=_placed(index, start) if keep_placed else None,
    )
    built_s = clock.elapsed()
    ranked = ranked_pairs(cands)
    first = starting_pairs(cands, pinned_pairs(cands), start)
    greedy = greedy_plan(cands, first, repair_s=min(0.5, 0.1 * time_limit_s), ranked=ranked)
    search = _Search(cands, greedy, ranked, clock, workers, on_progress, stop_event)
    search.report(search.objective)
    stats: dict[str, Any] = {
        "variables": 0,
        "constraints": 0,
        "candidate_pairs": len(cands),
        "candidates_complete": cands.complete,
        "estimated_pairs": int(cands.slot_count.sum()),
        "candidates_s": round(built_s, 3),
        "greedy_objective": search.objective,
        "greedy_s": round(clock.elapsed(), 3),
    }
    search.run()
    assignments = to_pairs(cands, search.best)
    stats.update(search.stats)
    for key in ("build_s", "lp_s", "solve_s"):
        stats[key] = round(stats[key], 3)
    unmet = explain_unmet(_plan(cands, search.best))
    stats["wall_s"] = round(clock.elapsed(), 3)
    return Solution(
        status="FEASIBLE" if keep_placed else search.status,
        objective=objective_of(problem, assignments),
        bound=None if keep_placed else search.bound,
        assignments=tuple(assignments),
        unmet=unmet,
        stats=stats,
    )
