"""on_progress reports each improvement; stop_event ends a long solve early, with a plan."""

from __future__ import annotations

import threading
import time

from optimizer import parse_problem, solve

from .builders import backroom, problem_doc, random_doc, rep, slot
from .rulecheck import broken_rules

Call = tuple[int, int, float]


def greedy_trap() -> dict[str, object]:
    """The greedy plan puts E1 in the attractive S1; the host may host one slot a week,
    so E2 and E3 are left out. All three in S2 is far better."""
    people = [backroom(f"E{i}", tags=["hvac"]) for i in (1, 2, 3)]
    return problem_doc(
        [*people, rep("R1")],
        [slot("S1", "R1", 0, tags=["hvac"]), slot("S2", "R1", 1, capacity=3)],
        rules={"max_hosted_per_host_week": 1},
    )


def test_on_progress_reports_improving_objectives() -> None:
    calls: list[Call] = []
    solution = solve(
        parse_problem(greedy_trap()),
        time_limit_s=2,
        workers=1,
        on_progress=lambda objective, bound, elapsed: calls.append((objective, bound, elapsed)),
    )
    objectives = [objective for objective, _, _ in calls]
    assert len(calls) >= 2
    assert objectives[0] == solution.stats["greedy_objective"]
    assert objectives == sorted(set(objectives))  # strictly improving
    assert all(objective <= bound for objective, bound, _ in calls)
    assert [elapsed for _, _, elapsed in calls] == sorted(elapsed for _, _, elapsed in calls)
    assert solution.objective == objectives[-1] == 3 * 1020 - 3 * 5
    assert solution.status == "OPTIMAL"


def test_a_stop_event_ends_a_long_solve_within_two_seconds_with_a_valid_plan() -> None:
    problem = parse_problem(random_doc(shadowers=200, hosts=40, weeks=12, seed=3))
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    started = time.monotonic()
    timer.start()
    try:
        solution = solve(problem, time_limit_s=60, workers=2, stop_event=stop)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 3.0
    assert solution.status in ("FEASIBLE", "OPTIMAL")
    assert solution.assignments
    assert broken_rules(problem, solution.assignments) == set()


def test_a_stop_event_set_before_the_start_returns_the_first_plan() -> None:
    problem = parse_problem(greedy_trap())
    stop = threading.Event()
    stop.set()
    solution = solve(problem, time_limit_s=30, stop_event=stop)
    assert solution.objective == solution.stats["greedy_objective"]
    assert solution.stats["wall_s"] < 10  # the 30 s limit was not used up
