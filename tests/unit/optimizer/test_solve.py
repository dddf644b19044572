"""solve on random companies: valid plans, exact objectives, truthful unmet lists; and on
tiny ones the optimum that brute force finds."""

from __future__ import annotations

from itertools import combinations, product
from typing import Any

import pytest

from optimizer import Pair, parse_problem, solve
from optimizer.candidates import build_candidates, pair_breaks
from optimizer.check import check_solution
from optimizer.index import build_index
from optimizer.objective import history_hosts, objective_of, pair_value

from .builders import random_doc
from .rulecheck import broken_rules


@pytest.mark.parametrize("seed", range(6))
def test_solve_returns_a_valid_plan_with_its_exact_objective(seed: int) -> None:
    problem = parse_problem(
        random_doc(shadowers=30, hosts=8, weeks=4, seed=seed, sites=("DET", "AUS"))
    )
    solution = solve(problem, time_limit_s=1, workers=1)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert broken_rules(problem, solution.assignments) == set()
    assert check_solution(problem, solution).violations == []
    assert solution.objective == objective_of(problem, solution.assignments)
    assert solution.bound is not None and solution.objective <= solution.bound
    taken = {p.id: 0 for p in problem.people}
    for pair in solution.assignments:
        taken[pair.shadower] += 1
    expected = {
        p.id: problem.required(p) - taken[p.id]
        for p in problem.people
        if p.role == "backroom" and p.active and taken[p.id] < problem.required(p)
    }
    assert {u.shadower: u.missing for u in solution.unmet} == expected


@pytest.mark.parametrize("seed", range(3))
def test_candidates_are_exactly_the_pairs_the_pruned_rules_allow(seed: int) -> None:
    problem = parse_problem(random_doc(shadowers=25, hosts=6, weeks=3, seed=seed, sites=("A", "B")))
    index = build_index(problem)
    cands = build_candidates(index)
    built = {(int(s), int(t)) for s, t in zip(cands.shadower, cands.slot, strict=True)}
    expected = {
        (s, t)
        for s, t in product(range(len(problem.people)), range(len(problem.slots)))
        if pair_breaks(index, s, t) is None
        and problem.slots[t].capacity > 0
        and index.required[s] > 0
    }
    assert built == expected
    met = history_hosts(problem)
    for k in range(len(cands)):
        s, t = problem.people[int(cands.shadower[k])], problem.slots[int(cands.slot[k])]
        host = problem.people[index.person_pos[t.host]]
        assert cands.value[k] == pair_value(problem, s, t, host, met.get(s.id, set()))


def best_by_brute_force(problem_doc: dict[str, object]) -> int:
    problem = parse_problem(problem_doc)
    index = build_index(problem)
    cands = build_candidates(index)
    pairs = [
        Pair(problem.people[int(s)].id, problem.slots[int(t)].id)
        for s, t in zip(cands.shadower, cands.slot, strict=True)
    ]
    best = objective_of(problem, [])
    for size in range(1, len(pairs) + 1):
        for chosen in combinations(pairs, size):
            if not broken_rules(problem, chosen) - {"pinned"}:
                best = max(best, objective_of(problem, chosen))
    return best


def tiny_doc(seed: int) -> dict[str, Any]:
    """Three shadowers, two hosts, four slots, every rule on: few enough pairs to enumerate."""
    doc = random_doc(shadowers=3, hosts=2, weeks=2, seed=100 + seed)
    doc["slots"] = [dict(s, capacity=max(1, s["capacity"])) for s in doc["slots"][:4]]
    doc["rules"]["max_hosted_per_host_week"] = 1
    doc["weights"] = {"fairness": 40, "change": 300}
    doc["previous"] = [{"shadower": "E0", "slot": doc["slots"][-1]["id"]}]
    doc["unavailability"] = []
    return doc


@pytest.mark.parametrize("seed", range(8))
def test_on_tiny_problems_solve_finds_the_brute_force_optimum(seed: int) -> None:
    doc = tiny_doc(seed)
    solution = solve(parse_problem(doc), time_limit_s=2, workers=1)
    assert solution.status == "OPTIMAL"
    assert solution.objective == best_by_brute_force(doc)
