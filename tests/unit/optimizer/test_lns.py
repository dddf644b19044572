"""The large-neighbourhood search: every step's plan is valid, pinned pairs stay, and the
search improves on the greedy plan of a hard instance."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from optimizer import Pair, parse_problem, solve
from optimizer.candidates import build_candidates
from optimizer.check import check_solution, hard_rule_violations, objective_value
from optimizer.greedy import greedy_plan
from optimizer.hard import generate_hard_problem
from optimizer.index import build_index
from optimizer.lns import KINDS, Lns
from optimizer.solve import pinned_pairs, run_cp_sat, to_pairs


def hard_doc() -> dict[str, object]:
    return generate_hard_problem(shadowers=60, hosts=4, weeks=6, seed=3)


def test_every_kind_of_step_returns_a_valid_plan_that_keeps_the_pinned_pairs() -> None:
    doc = hard_doc()
    problem = parse_problem(doc)
    cands = build_candidates(build_index(problem))
    plan = set(greedy_plan(cands).chosen)
    pin = sorted(to_pairs(cands, plan))[0]
    doc["pinned"] = [{"shadower": pin.shadower, "slot": pin.slot}]
    problem = parse_problem(doc)
    cands = build_candidates(build_index(problem))
    plan = set(greedy_plan(cands, pinned_pairs(cands)).chosen)
    lns = Lns(cands, seed=5)
    for kind in KINDS:
        lns.score = {k: (1.0 if k == kind else 0.0) for k in KINDS}
        lns.rng.seed(kind)
        for _ in range(2):
            _kind, found, _ = lns.step(
                plan, time_s=0.5, workers=1, run=run_cp_sat, stop=lambda: False, stop_event=None
            )
            if found is None:
                continue
            pairs = to_pairs(cands, found)
            assert hard_rule_violations(problem, pairs) == []
            assert Pair(pin.shadower, pin.slot) in pairs
            assert objective_value(problem, pairs) >= objective_value(
                problem, to_pairs(cands, plan)
            )
            plan = found


@pytest.mark.slow
def test_steps_improve_on_the_greedy_plan_of_a_hard_instance() -> None:
    problem = parse_problem(generate_hard_problem(shadowers=120, hosts=6, weeks=8, seed=1))
    cands = build_candidates(build_index(problem))
    plan = set(greedy_plan(cands).chosen)
    greedy = objective_value(problem, to_pairs(cands, plan))
    best = greedy
    lns = Lns(cands, seed=1)
    for _ in range(40):
        kind, found, seconds = lns.step(
            plan, time_s=0.5, workers=1, run=run_cp_sat, stop=lambda: False, stop_event=None
        )
        if found is None:
            continue
        pairs = to_pairs(cands, found)
        assert hard_rule_violations(problem, pairs) == []
        value = objective_value(problem, pairs)
        assert value >= best
        lns.credit(kind, value - best, seconds)
        plan, best = found, value
        if best > greedy:
            break
    assert best > greedy


def test_solve_runs_the_search_on_a_hard_instance_and_returns_a_valid_plan() -> None:
    problem = parse_problem(generate_hard_problem(shadowers=120, hosts=6, weeks=8, seed=1))
    solution = solve(problem, time_limit_s=7, workers=1)
    assert check_solution(problem, solution).ok
    assert solution.objective is not None
    assert solution.objective >= solution.stats["greedy_objective"]
    assert solution.stats["lns_steps"] > 0


def test_a_stop_event_ends_the_search_with_a_valid_plan() -> None:
    problem = parse_problem(hard_doc())
    stop = threading.Event()
    seen: list[int] = []

    def progress(objective: int, bound: int, elapsed: float) -> None:
        seen.append(objective)
        if len(seen) >= 2:
            stop.set()

    solution = solve(problem, time_limit_s=20, workers=1, on_progress=progress, stop_event=stop)
    assert check_solution(problem, solution).ok
    assert solution.stats["wall_s"] < 15


def test_a_capped_neighbourhood_is_a_run_of_consecutive_weeks_within_its_size() -> None:
    problem = parse_problem(generate_hard_problem(shadowers=120, hosts=6, weeks=8, seed=1))
    cands = build_candidates(build_index(problem))
    lns = Lns(cands, seed=2)
    for host in lns.hosts:
        free = np.flatnonzero(lns.host == host)
        weeks = sorted(set(lns.week[free].tolist()))
        for size in (len(free) // 4, len(free) // 2, len(free)):
            capped = lns._cap(free, size)
            assert 0 < len(capped) <= size
            assert set(capped.tolist()) <= set(free.tolist())
            positions = sorted(weeks.index(w) for w in set(lns.week[capped].tolist()))
            assert positions == list(range(positions[0], positions[0] + len(positions)))
        assert len(lns._cap(free, len(free))) == len(free)


def test_two_host_neighbourhoods_pair_hosts_of_one_site() -> None:
    problem = parse_problem(hard_doc())
    cands = build_candidates(build_index(problem))
    lns = Lns(cands, seed=4)
    people = cands.index.people
    assert lns.host_groups
    for group in lns.host_groups:
        assert len({people[h].site for h in group}) == 1
        assert len(group) >= 2
