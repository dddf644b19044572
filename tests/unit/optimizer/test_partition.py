"""Partitioned solving: what the parts share is dealt out so their plans never clash, each
part is a valid contract problem, and the merged plan is checked like any other."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from functools import cache

import pytest

from optimizer import Problem, parse_problem
from optimizer.check import check_solution, hard_rule_violations
from optimizer.generate import generate_problem
from optimizer.parse import problem_to_dict
from optimizer.partition import (
    Part,
    estimated_pairs,
    partition_wanted,
    quick_bound,
    shadowers_of,
    solve_partitioned,
    split,
)
from optimizer.solve import solve
from optimizer.types import Pair


@cache
def company(*, sites: int = 6, seed: int = 3, previous: float = 0.2) -> Problem:
    """A company of 240 over 6 uneven sites, its first site larger than a part."""
    doc = generate_problem(
        shadowers=240, hosts=40, weeks=6, seed=seed, sites=sites, previous=previous
    )
    return parse_problem(doc)


def tighter(problem: Problem) -> Problem:
    """Host load and coverage that bind: one hosted slot per host-week, few away at once."""
    rules = dataclasses.replace(problem.rules, max_hosted_per_host_week=1)
    departments = tuple(
        dataclasses.replace(d, max_away=max(1, d.max_away // 3)) if d.max_away else d
        for d in problem.departments
    )
    return dataclasses.replace(problem, rules=rules, departments=departments)


def parts_of(problem: Problem) -> list[Part]:
    return split(problem, part_shadowers=50)


@pytest.mark.parametrize("make", [company, lambda: tighter(company())])
def test_every_part_is_a_contract_problem_of_its_own(make) -> None:
    for part in parts_of(make()):
        again = parse_problem(json.loads(json.dumps(problem_to_dict(part.problem))))
        assert again == part.problem


def test_each_shadower_is_in_one_part_and_a_large_site_is_cut() -> None:
    problem = company()
    parts = parts_of(problem)
    seen = Counter(p.id for part in parts for p in shadowers_of(part.problem))
    assert max(seen.values()) == 1
    assert set(seen) <= {p.id for p in shadowers_of(problem)}
    by_site = Counter(part.name.split("-")[0] for part in parts)
    assert by_site.most_common(1)[0][1] > 1  # the large site is in chunks
    assert all(len(shadowers_of(part.problem)) <= 50 for part in parts)


@pytest.mark.parametrize("make", [company, lambda: tighter(company())])
def test_seats_and_coverage_limits_are_dealt_out_never_created(make) -> None:
    problem = make()
    parts = parts_of(problem)
    capacity = {t.id: t.capacity for t in problem.slots}
    dealt: Counter[str] = Counter()
    for part in parts:
        for t in part.problem.slots:
            dealt[t.id] += t.capacity
    assert all(dealt[t] <= capacity[t] for t in dealt)
    # Nearly every open seat is dealt (only seats of closed slots are not).
    assert sum(dealt.values()) >= 0.9 * sum(capacity.values())
    limit = {d.id: d.max_away for d in problem.departments if d.max_away}
    shared: Counter[str] = Counter()
    for part in parts:
        for d in part.problem.departments:
            assert (d.max_away is None) == (d.id not in limit)
            shared[d.id] += d.max_away or 0
    assert all(shared[d] <= limit[d] for d in limit)


@pytest.mark.parametrize("make", [company, lambda: tighter(company())])
def test_the_union_of_the_parts_plans_breaks_no_rule_before_any_master_step(make) -> None:
    problem = make()
    union: list[Pair] = []
    for part in parts_of(problem):
        solution = solve(part.problem, time_limit_s=1.0, workers=1)
        union.extend(solution.assignments)
    assert union
    assert hard_rule_violations(problem, union) == []


def test_an_overfull_host_week_goes_whole_to_one_part() -> None:
    problem = tighter(company())
    parts = parts_of(problem)
    host_of = {t.id: t.host for t in problem.slots}
    week_of = {t.id: t.start.isocalendar()[:2] for t in problem.slots}
    owners: dict[tuple[str, object], set[str]] = defaultdict(set)
    for part in parts:
        for t in part.problem.slots:
            owners[(host_of[t.id], week_of[t.id])].add(part.name)
    weekly = Counter((host_of[t.id], week_of[t.id]) for t in problem.slots if t.capacity)
    overfull = [key for key, count in weekly.items() if count > 1]
    assert overfull
    assert all(len(owners[key]) <= 1 for key in overfull)


def test_a_partitioned_solve_is_checked_valid_and_close_to_its_proven_bound() -> None:
    problem = company()
    solution = solve_partitioned(problem, time_limit_s=8, workers=1, part_shadowers=50)
    report = check_solution(problem, solution)
    assert report.ok, report
    assert solution.stats["parts"] == len(parts_of(problem))
    assert solution.objective is not None and solution.bound is not None
    assert solution.objective >= 0.97 * solution.bound
    whole = solve(problem, time_limit_s=8, workers=1)
    assert whole.objective is not None
    assert solution.bound >= whole.objective  # proven: no plan does better


def test_the_master_step_places_who_the_parts_left_out() -> None:
    # Coverage shares of 0 leave some members out of every part; the master places them.
    problem = tighter(company())
    parts = parts_of(problem)
    in_parts = {p.id for part in parts for p in shadowers_of(part.problem)}
    left = {p.id for p in shadowers_of(problem)} - in_parts
    assert left
    solution = solve_partitioned(problem, time_limit_s=8, workers=1, part_shadowers=50)
    assert hard_rule_violations(problem, solution.assignments) == []
    assert left & {pair.shadower for pair in solution.assignments}


def test_pinned_pairs_are_kept_and_impossible_pins_stop_before_any_part() -> None:
    problem = company()
    whole = solve(problem, time_limit_s=2, workers=1)
    pins = tuple(whole.assignments[:5])
    pinned = dataclasses.replace(problem, pinned=pins)
    solution = solve_partitioned(pinned, time_limit_s=6, workers=1, part_shadowers=50)
    assert set(pins) <= set(solution.assignments)
    assert hard_rule_violations(pinned, solution.assignments) == []
    people = {p.id: p for p in problem.people}
    far = next(
        t
        for t in problem.slots
        if not t.remote and people[t.host].site != people[pins[0].shadower].site
    )
    broken = dataclasses.replace(problem, pinned=(Pair(pins[0].shadower, far.id),))
    refused = solve_partitioned(broken, time_limit_s=6, workers=1, part_shadowers=50)
    assert refused.status == "INFEASIBLE"
    assert refused.infeasible


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_quick_bound_is_never_below_the_optimum(seed: int) -> None:
    doc = generate_problem(shadowers=30, hosts=8, weeks=4, seed=seed, previous=0.3)
    problem = parse_problem(doc)
    solution = solve(problem, time_limit_s=10, workers=1)
    assert solution.status == "OPTIMAL"  # so its objective is the optimum
    assert solution.objective is not None
    assert quick_bound(problem) >= solution.objective


def test_only_a_large_plan_is_partitioned() -> None:
    problem = company()
    pairs = estimated_pairs(problem)
    assert partition_wanted(problem, min_pairs=pairs, part_shadowers=50)
    assert not partition_wanted(problem, min_pairs=pairs + 1, part_shadowers=50)
    one_site = parse_problem(generate_problem(shadowers=40, hosts=8, weeks=4, seed=1, sites=1))
    assert not partition_wanted(one_site, min_pairs=1)


def test_the_master_search_moves_only_who_is_short_and_claims_no_bound_of_its_own() -> None:
    problem = company()
    full = solve(problem, time_limit_s=2, workers=1)
    placed = {p.id for p in shadowers_of(problem)} - {u.shadower for u in full.unmet}
    dropped = sorted(placed)[:10]  # ten shadowers lose their sessions: the master re-places them
    start = [pair for pair in full.assignments if pair.shadower not in dropped]
    result = solve(problem, time_limit_s=3, workers=1, start=start, keep_placed=True)
    assert result.bound is None and result.status == "FEASIBLE"
    assert result.stats["candidates_complete"] is False
    kept = {pair for pair in result.assignments if pair.shadower not in dropped}
    assert kept == {pair for pair in start if pair.shadower in placed}
    assert {pair.shadower for pair in result.assignments} >= set(dropped)
    assert hard_rule_violations(problem, result.assignments) == []


def test_the_quick_bound_counts_seats_when_they_are_short() -> None:
    problem = parse_problem(generate_problem(shadowers=80, hosts=10, weeks=4, seed=4, tight=True))
    solution = solve(problem, time_limit_s=5, workers=1)
    bound = quick_bound(problem)
    assert solution.objective is not None and solution.objective <= bound
    wanted = sum(problem.required(p) for p in shadowers_of(problem))
    assert bound < wanted * problem.weights.session  # the seats, not the wishes, bind
