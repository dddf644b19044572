"""The benchmark's yardsticks: the LP bound by column generation and the plain baseline."""

from __future__ import annotations

from functools import cache

from bench.baseline import solve_baseline
from bench.formulation import Formulation
from bench.lp_bound import lp_bound
from optimizer import Pair, Problem, parse_problem, solve
from optimizer.check import hard_rule_violations, objective_value
from optimizer.generate import generate_problem


@cache
def company() -> Problem:
    doc = generate_problem(shadowers=60, hosts=12, weeks=6, seed=3, tight=True, previous=0.4)
    return parse_problem(doc)


def test_its_pairs_are_exactly_those_the_checker_accepts_alone() -> None:
    problem = company()
    fm = Formulation(problem)
    ours = {
        Pair(fm.shadowers[int(s)].id, fm.slots[int(t)].id)
        for s, t in zip(fm.pair_shadower, fm.pair_slot, strict=True)
    }
    accepted = set()
    for person in problem.people:
        for slot in problem.slots:
            pair = Pair(person.id, slot.id)
            found = hard_rule_violations(problem, [pair])
            if not [v for v in found if not v.endswith("is missing")]:  # other pinned pairs
                accepted.add(pair)
    assert len(ours) == len(fm) > 1000
    assert ours == accepted


def test_column_generation_reaches_the_full_lp_optimum() -> None:
    pricing = lp_bound(company(), per_shadower=2)
    full = lp_bound(company(), full=True)
    assert pricing.rounds > 1
    assert pricing.columns < full.columns
    assert abs(pricing.value - full.value) < 1e-6


def test_the_lp_bound_holds_for_the_solver_and_the_baseline() -> None:
    problem = company()
    bound = lp_bound(problem).value
    solution = solve(problem, time_limit_s=2, workers=1)
    baseline = solve_baseline(problem, time_limit_s=2, workers=1)
    assert hard_rule_violations(problem, baseline.assignments) == []
    assert solution.objective is not None
    assert solution.objective <= bound + 1e-6
    assert objective_value(problem, baseline.assignments) <= bound + 1e-6
