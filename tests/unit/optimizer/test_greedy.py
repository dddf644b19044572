"""The greedy plan: valid on its own, and quick on a large company."""

from __future__ import annotations

import pytest

from optimizer import parse_problem
from optimizer.candidates import build_candidates
from optimizer.check import hard_rule_violations
from optimizer.generate import generate_problem
from optimizer.greedy import greedy_plan, ranked_pairs
from optimizer.index import build_index
from optimizer.solve import pinned_pairs, to_pairs

from .builders import random_doc
from .rulecheck import broken_rules


@pytest.mark.parametrize("seed", range(4))
def test_the_greedy_plan_keeps_every_rule(seed: int) -> None:
    problem = parse_problem(
        random_doc(shadowers=40, hosts=10, weeks=4, seed=seed, sites=("A", "B"))
    )
    cands = build_candidates(build_index(problem))
    plan = to_pairs(cands, greedy_plan(cands, pinned_pairs(cands)).chosen)
    assert plan
    assert broken_rules(problem, plan) == set()


@pytest.mark.slow
def test_the_greedy_plan_of_a_large_company_is_valid_and_large() -> None:
    # How fast it is belongs to bench/solver.py (greedy objective and times), not to a test.
    problem = parse_problem(generate_problem(shadowers=2000, hosts=300, weeks=12, seed=1))
    cands = build_candidates(build_index(problem))
    state = greedy_plan(cands, pinned_pairs(cands), ranked=ranked_pairs(cands), repair_s=0.2)
    plan = to_pairs(cands, state.chosen)
    assert hard_rule_violations(problem, plan) == []
    assert len(plan) > 3500
