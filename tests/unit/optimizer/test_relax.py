"""The LP relaxation read off the CP-SAT model bounds the optimum and, when integral, is
a plan."""

from __future__ import annotations

import pytest

from optimizer import parse_problem
from optimizer.candidates import build_candidates
from optimizer.constraints import build_model
from optimizer.index import build_index
from optimizer.relax import solve_relaxation
from optimizer.solve import to_pairs

from .builders import backroom, problem_doc, random_doc, rep, slot
from .rulecheck import broken_rules
from .test_solve import best_by_brute_force, tiny_doc


@pytest.mark.parametrize("seed", range(4))
def test_the_relaxation_is_not_below_the_optimum(seed: int) -> None:
    doc = tiny_doc(seed)
    problem = parse_problem(doc)
    relaxation = solve_relaxation(
        build_model(build_candidates(build_index(problem))), time_limit_s=5
    )
    assert relaxation is not None
    assert relaxation.bound >= best_by_brute_force(doc)


def test_an_integral_relaxation_is_a_valid_optimal_plan() -> None:
    doc = problem_doc(
        [backroom("E1", tags=["hvac"]), backroom("E2"), rep("R1"), rep("R2")],
        [slot("S1", "R1", 1, tags=["hvac"]), slot("S2", "R2", 1, 13)],
    )
    problem = parse_problem(doc)
    cands = build_candidates(build_index(problem))
    relaxation = solve_relaxation(build_model(cands), time_limit_s=5)
    assert relaxation is not None and relaxation.integral
    chosen = {k for k, value in enumerate(relaxation.x) if value > 0.5}
    plan = to_pairs(cands, chosen)
    assert broken_rules(problem, plan) == set()
    assert relaxation.bound == best_by_brute_force(doc)


def test_the_relaxation_of_a_larger_company_is_found_in_time() -> None:
    problem = parse_problem(random_doc(shadowers=40, hosts=10, weeks=4, seed=5))
    relaxation = solve_relaxation(
        build_model(build_candidates(build_index(problem))), time_limit_s=5
    )
    assert relaxation is not None
    assert ((relaxation.x >= 0) & (relaxation.x <= 1)).all()
