"""The strengthened LP bound (`optimizer.bound`): never below the true optimum, tighter than
the plain LP where hosting is a choice, and the same whether solved whole or by columns."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from optimizer import Problem, parse_problem, solve
from optimizer.bound import BoundProcess, LpBound, _Matrix, _weak_duality, build_rows, lp_bound
from optimizer.candidates import Candidates, build_candidates
from optimizer.check import check_solution
from optimizer.constraints import pair_weights
from optimizer.hard import generate_hard_problem
from optimizer.index import build_index
from optimizer.solve import pinned_pairs
from tests.unit.optimizer.test_properties import brute_force_optimum, problems


def candidates(problem: Problem) -> Candidates:
    return build_candidates(build_index(problem))


def bound_of(problem: Problem, **options: Any) -> LpBound | None:
    cands = candidates(problem)
    pinned = np.array(pinned_pairs(cands), dtype=np.int64)
    return lp_bound(cands, pinned, time_limit_s=20, **options)


@cache
def hard_company() -> Problem:
    return parse_problem(generate_hard_problem(shadowers=60, hosts=4, weeks=6, seed=2))


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(shadowers=4, slots=5, required=2))
def test_on_tiny_problems_no_lp_bound_is_below_the_brute_force_optimum(
    doc: dict[str, Any],
) -> None:
    problem = parse_problem(doc)
    optimum = brute_force_optimum(problem)
    if optimum is None:  # the pinned pairs alone break a rule
        return
    try:
        cands = candidates(problem)
        pinned = np.array(pinned_pairs(cands), dtype=np.int64)
    except ValueError:  # a pinned pair that is no candidate: solve says INFEASIBLE
        return
    if not len(cands):
        return
    for strengthen in (True, False):
        for per_shadower in (1, 100):
            found = lp_bound(
                cands, pinned, time_limit_s=10, strengthen=strengthen, per_shadower=per_shadower
            )
            assert found is not None
            assert found.bound >= optimum


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(shadowers=4, slots=5, required=2))
def test_any_nonnegative_duals_give_a_bound_no_lower_than_the_optimum(doc: dict[str, Any]) -> None:
    """Weak duality: the bound holds whatever duals the solver returns."""
    problem = parse_problem(doc)
    optimum = brute_force_optimum(problem)
    cands = candidates(problem)
    if optimum is None or problem.pinned or not len(cands):
        return
    rows, extra = build_rows(cands)
    columns = len(cands) + extra
    matrix = _Matrix(rows, columns)
    cost = np.zeros(columns)
    cost[: len(cands)] = pair_weights(cands)
    high = np.ones(columns)
    if problem.weights.fairness:
        cost[-1] = -problem.weights.fairness
        high[-1] = len(cands)
    low = np.zeros(columns)
    offset = -problem.weights.change * len(set(problem.previous))
    rng = np.random.default_rng(len(cands))
    for _ in range(5):
        duals = rng.uniform(0, 2000, len(rows.rhs)) * (rng.random(len(rows.rhs)) < 0.5)
        reduced = cost - matrix.transpose_times(duals)
        assert _weak_duality(matrix, duals, reduced, low, high) + offset >= optimum - 1e-6


def test_the_strengthened_bound_is_tighter_than_the_plain_lp_where_hosts_choose_slots() -> None:
    problem = hard_company()
    plain = bound_of(problem, strengthen=False, per_shadower=10_000)
    strong = bound_of(problem, strengthen=True, per_shadower=10_000)
    assert plain is not None
    assert strong is not None
    assert strong.bound < plain.bound
    solution = solve(problem, time_limit_s=3, workers=1)
    assert check_solution(problem, solution).ok
    assert solution.objective is not None
    assert solution.objective <= strong.bound


def test_column_generation_reaches_the_bound_of_the_whole_lp() -> None:
    problem = hard_company()
    whole = bound_of(problem, per_shadower=10_000)
    by_columns = bound_of(problem, per_shadower=3)
    assert whole is not None
    assert by_columns is not None
    assert by_columns.rounds > 1
    assert by_columns.columns < whole.columns
    assert abs(by_columns.bound - whole.bound) <= 1


def test_the_bound_from_a_child_process_is_the_bound_computed_here() -> None:
    problem = hard_company()
    cands = candidates(problem)
    pinned = np.array(pinned_pairs(cands), dtype=np.int64)
    child = BoundProcess(cands, pinned, time_limit_s=20, per_shadower=10_000)
    answer = child.poll(wait_s=20)
    here = lp_bound(cands, pinned, time_limit_s=20, per_shadower=10_000)
    assert answer is not None
    assert here is not None
    assert answer.bound == here.bound


def test_a_child_stopped_early_gives_no_bound_and_leaves_no_process() -> None:
    problem = hard_company()
    cands = candidates(problem)
    child = BoundProcess(cands, np.zeros(0, dtype=np.int64), time_limit_s=20)
    child.stop()
    assert child.poll() is None
    assert child.process is not None
    assert not child.process.is_alive()


def test_solve_reports_the_lp_bound_when_it_is_the_best_one() -> None:
    problem = hard_company()
    solution = solve(problem, time_limit_s=4, workers=1)
    assert solution.bound is not None
    assert solution.objective is not None
    assert solution.objective <= solution.bound
    assert "lp_bound" in solution.stats
    assert solution.bound <= solution.stats["lp_bound"]
