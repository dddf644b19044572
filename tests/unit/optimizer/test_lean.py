"""Lean candidates (`build_candidates(per_shadower=...)`): a subset of the full pairs with
their values, always holding pinned, previous and `keep` pairs; and a solve over them whose
bound is still proven for the whole problem (never CP-SAT's bound over the lean model)."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings

from optimizer import Problem, parse_problem, solve
from optimizer.bound import lean_lp_bound, lp_bound
from optimizer.bounds import upper_bound
from optimizer.candidates import Candidates, build_candidates, estimate_pairs, restrict
from optimizer.check import check_solution
from optimizer.generate import generate_problem
from optimizer.index import build_index
from optimizer.solve import lean_per_shadower
from optimizer.types import Solution

from .test_properties import brute_force_optimum, problems
from .tiny import person, problem, slot


@cache
def company(seed: int) -> Problem:
    return parse_problem(generate_problem(shadowers=16, hosts=4, weeks=3, seed=seed, previous=0.3))


@cache
def optimum(seed: int) -> Solution:
    solution = solve(company(seed), time_limit_s=30, workers=1, per_shadower=None)
    assert solution.status == "OPTIMAL"  # the fixture is small enough to prove it
    return solution


def pairs_of(cands: Candidates) -> dict[tuple[int, int], int]:
    return {
        (int(s), int(t)): int(v)
        for s, t, v in zip(cands.shadower, cands.slot, cands.value, strict=True)
    }


@pytest.mark.parametrize("seed", range(3))
def test_every_lean_pair_is_a_full_candidate_with_the_same_value(seed: int) -> None:
    index = build_index(company(seed))
    full, lean = build_candidates(index), build_candidates(index, per_shadower=3)
    assert full.complete and not lean.complete
    full_pairs, lean_pairs = pairs_of(full), pairs_of(lean)
    assert len(lean_pairs) < len(full_pairs)
    assert lean_pairs.items() <= full_pairs.items()
    # Every shadower with a candidate keeps at least one, in start order.
    assert set(lean.span) == set(full.span)
    for s in lean.span:
        starts = [index.slot_start[t] for t in lean.slots_of(s).tolist()]
        assert starts == sorted(starts)
        assert lean.full_slots_of(s).tolist() == full.slots_of(s).tolist()


@pytest.mark.parametrize("seed", range(3))
def test_lean_slot_counts_are_the_full_sets(seed: int) -> None:
    index = build_index(company(seed))
    full, lean = build_candidates(index), build_candidates(index, per_shadower=2)
    assert full.slot_count.tolist() == np.diff(full.slot_first).tolist()
    assert lean.slot_count.tolist() == full.slot_count.tolist()
    assert (np.diff(lean.slot_first) <= lean.slot_count).all()


def test_lean_candidates_keep_pinned_previous_and_keep_pairs() -> None:
    problem_ = company(1)
    index = build_index(problem_)
    full = build_candidates(index)
    forced = {(index.person_pos[p.shadower], index.slot_pos[p.slot]) for p in problem_.pinned}
    forced |= {(index.person_pos[p.shadower], index.slot_pos[p.slot]) for p in problem_.previous}
    assert problem_.pinned and len(problem_.previous) > 3
    assert forced <= pairs_of(full).keys()  # the generator only pins and repeats candidates
    plain = pairs_of(build_candidates(index, per_shadower=1))
    extra = sorted(pairs_of(full).keys() - plain.keys() - forced)[::7][:10]
    assert extra
    lean = pairs_of(build_candidates(index, per_shadower=1, keep=extra))
    assert forced <= lean.keys()
    assert set(extra) <= lean.keys()


@pytest.mark.parametrize("seed", range(3))
def test_the_lean_bound_is_the_full_bound_and_no_plan_beats_it(seed: int) -> None:
    index = build_index(company(seed))
    best = optimum(seed).objective
    assert best is not None
    for per_shadower in (1, 2, 3, 8):
        lean = build_candidates(index, per_shadower=per_shadower)
        assert upper_bound(lean) == upper_bound(build_candidates(index)) >= best


def test_a_lean_set_that_drops_nothing_is_complete() -> None:
    index = build_index(company(0))
    full = build_candidates(index)
    most = max(last - first for first, last in full.span.values())
    lean = build_candidates(index, per_shadower=most)
    assert lean.complete and pairs_of(lean) == pairs_of(full)


def test_a_part_of_a_candidate_set_has_no_quick_bound() -> None:
    """`restrict` may drop a shadower's best pairs: the demand term would then undercount."""
    full = build_candidates(build_index(company(0)))
    part, _ = restrict(full, range(0, len(full), 2))
    assert part.subset and not part.complete
    with pytest.raises(ValueError, match="not a part of one"):
        upper_bound(part)
    whole, _ = restrict(full, range(len(full)))
    assert whole.complete and not whole.subset


@pytest.mark.parametrize("seed", range(3))
def test_a_lean_solve_gives_a_valid_plan_under_a_proven_bound(seed: int) -> None:
    problem_ = company(seed)
    best = optimum(seed).objective
    assert best is not None
    solution = solve(problem_, time_limit_s=3, workers=1, per_shadower=3)
    assert check_solution(problem_, solution).ok
    assert solution.objective is not None and solution.bound is not None
    assert solution.objective <= best <= solution.bound
    assert solution.stats["candidates_complete"] is False


def one_best_seat() -> Problem:
    """Three shadowers whose one best slot (the only one sharing their tag) is one seat."""
    return problem(
        [person(f"E{i}", tags=["hvac"]) for i in range(3)] + [person("R1", "rep")],
        [
            slot("S1", "R1", 1, capacity=1, tags=["hvac"]),
            slot("S2", "R1", 1, hour=13),
            slot("S3", "R1", 2),
        ],
        rules={"sessions_per_shadower": 1},
        weights={"fairness": 0},
    )


def test_cp_sat_bound_over_a_lean_model_is_not_the_problems_bound() -> None:
    """Kept to their best pair, the lean model seats one of three (CP-SAT proves that
    optimal there), while the whole problem seats all three: reporting the lean model's
    bound would claim OPTIMAL for a third of the optimum."""
    lonely = one_best_seat()
    whole = solve(lonely, time_limit_s=5, workers=1, per_shadower=None)
    assert whole.status == "OPTIMAL" and len(whole.assignments) == 3
    lean = solve(lonely, time_limit_s=5, workers=1, per_shadower=1)
    assert check_solution(lonely, lean).ok
    assert len(lean.assignments) == 1  # the lean set only holds S1's pairs
    assert lean.bound is not None and whole.objective is not None
    assert lean.bound >= whole.objective
    assert lean.status == "FEASIBLE"


def test_unmet_reasons_read_every_candidate_of_a_lean_set() -> None:
    """Kept to its best pair (S1), E's plan holds S1 and nothing else: the dropped pairs
    still say why E stays short (S2 has S1's host, S3 is the next day)."""
    short = problem(
        [person("E", tags=["hvac"]), person("R1", "rep"), person("R2", "rep")],
        [
            slot("S1", "R1", 1, tags=["hvac"]),
            slot("S2", "R1", 10),
            slot("S3", "R2", 2),
        ],
        rules={"sessions_per_shadower": 2, "min_days_between_sessions": 7, "distinct_hosts": True},
        weights={"fairness": 0},
    )
    lean = solve(short, time_limit_s=5, workers=1, per_shadower=1)
    assert [(p.shadower, p.slot) for p in lean.assignments] == [("E", "S1")]
    assert [(u.shadower, u.missing, u.reasons) for u in lean.unmet] == [
        ("E", 1, ("spacing", "distinct_hosts"))
    ]


def test_the_estimate_never_undercounts_the_full_set() -> None:
    for seed in range(3):
        index = build_index(company(seed))
        assert estimate_pairs(index) >= len(build_candidates(index))


def test_only_a_large_estimate_makes_candidates_lean() -> None:
    index = build_index(company(0))
    assert lean_per_shadower(index) is None  # small: every candidate
    estimated = estimate_pairs(index)
    assert lean_per_shadower(index, above=estimated) is None
    per_shadower = lean_per_shadower(index, above=estimated - 1, target=16 * 20)
    assert per_shadower is not None and per_shadower >= 12  # never fewer than a dozen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(shadowers=4, slots=6, required=2))
def test_on_tiny_problems_the_lean_bound_is_the_full_one(doc: dict[str, Any]) -> None:
    index = build_index(parse_problem(doc))
    full = upper_bound(build_candidates(index))
    for per_shadower in (1, 2):
        assert upper_bound(build_candidates(index, per_shadower=per_shadower)) == full


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(shadowers=4, slots=5, required=2))
def test_on_tiny_problems_a_lean_solve_is_valid_and_bounds_the_optimum(
    doc: dict[str, Any],
) -> None:
    problem_ = parse_problem(doc)
    best = brute_force_optimum(problem_)
    solution = solve(problem_, time_limit_s=1, workers=1, per_shadower=1)
    if best is None:
        assert solution.status == "INFEASIBLE"
        return
    assert check_solution(problem_, solution).ok
    assert solution.objective is not None and solution.bound is not None
    assert solution.objective <= best <= solution.bound


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(shadowers=4, slots=6, required=2))
def test_on_tiny_problems_the_lp_bound_over_a_lean_set_bounds_the_optimum(
    doc: dict[str, Any],
) -> None:
    """Its duals price every pair the lean set dropped (`pricing.py`): the bound holds for
    the whole problem, with or without the columns they price positive."""
    problem_ = parse_problem(doc)
    best = brute_force_optimum(problem_)
    index = build_index(problem_)
    if best is None or not len(build_candidates(index)):
        return
    lean = build_candidates(index, per_shadower=1)
    found = lp_bound(lean, lean_pinned(lean), time_limit_s=10, per_shadower=len(lean))
    assert found is not None
    assert found.bound >= best
    generated, last = lean_lp_bound(index, 1, time_limit_s=10)
    assert generated is not None
    assert best <= generated.bound <= found.bound
    assert len(last) >= len(lean)


def lean_pinned(cands: Candidates) -> npt.NDArray[np.int64]:
    index = cands.index
    found = [
        cands.find(index.person_pos[p.shadower], index.slot_pos[p.slot])
        for p in index.problem.pinned
    ]
    return np.array([k for k in found if k is not None], dtype=np.int64)


@pytest.mark.parametrize("seed", range(3))
def test_column_generation_over_a_lean_set_bounds_the_optimum(seed: int) -> None:
    index = build_index(company(seed))
    best = optimum(seed).objective
    assert best is not None
    lean = build_candidates(index, per_shadower=2)
    once = lp_bound(lean, lean_pinned(lean), time_limit_s=20, per_shadower=len(lean))
    generated, last = lean_lp_bound(index, 2, time_limit_s=20)
    assert once is not None and generated is not None
    assert best <= generated.bound <= once.bound
    assert generated.bound <= upper_bound(lean)
    assert not generated.priced or len(last) > len(lean)  # priced pairs joined the set


@pytest.mark.parametrize("seed", range(3))
def test_a_lean_solve_takes_the_lp_bound_priced_over_every_pair(seed: int) -> None:
    """The LP beside the search grows the lean set by column generation: its bound is
    proven for the whole problem and far below the quick one."""
    problem_ = company(seed)
    best = optimum(seed).objective
    assert best is not None
    solution = solve(problem_, time_limit_s=5, workers=1, per_shadower=2)
    assert solution.stats.get("lp_bound") is not None
    assert solution.bound is not None
    quick = upper_bound(build_candidates(build_index(problem_), per_shadower=2))
    assert best <= solution.bound < quick
