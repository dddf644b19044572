"""Each hard rule matters: without its constraint (or its candidate filter) the best plan
of a tiny problem breaks it; with it, the plan keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from optimizer import parse_problem, solve
from optimizer.candidates import PRUNING_RULES, build_candidates
from optimizer.constraints import HARD_RULES, rules_without
from optimizer.greedy import greedy_plan
from optimizer.index import build_index
from optimizer.solve import pinned_pairs, solve_model_only, to_pairs

from .builders import at, backroom, problem_doc, rep, slot
from .rulecheck import broken_rules


@dataclass
class Case:
    rule: str
    doc: dict[str, Any]
    extra_rules: dict[str, Any] = field(default_factory=dict)


def _cases() -> list[Case]:
    e1, e2, r1, r2 = backroom("E1"), backroom("E2"), rep("R1"), rep("R2")
    return [
        Case(
            "eligibility",
            problem_doc(
                [e1, backroom("E2", active=False), rep("R1"), rep("R9", active=False)],
                [
                    slot("S1", "R1", 1, capacity=2),  # E2 is inactive
                    slot("S2", "R1", 200),  # outside the horizon
                    slot("S3", "R9", 3),  # inactive host
                ],
                rules={"sessions_per_shadower": 3},
            ),
        ),
        Case(
            "site",
            problem_doc([backroom("E1", site="AUS"), r1], [slot("S1", "R1", 1)]),
        ),
        Case(
            "capacity",
            problem_doc([e1, e2, r1], [slot("S1", "R1", 1, capacity=1)]),
        ),
        Case(
            "no_double_booking",
            problem_doc(
                [e1, r1, r2],
                [slot("S1", "R1", 1, 9, hours=3), slot("S2", "R2", 1, 11)],
                rules={"sessions_per_shadower": 2},
            ),
        ),
        Case(
            "availability",
            problem_doc(
                [e1, r1, r2],
                [slot("S1", "R1", 1), slot("S2", "R2", 8)],
                rules={"sessions_per_shadower": 2},
                unavailability=[
                    {"person": "E1", "start": at(1, 0).isoformat(), "end": at(2, 0).isoformat()},
                    {"person": "R2", "start": at(8, 10).isoformat(), "end": at(8, 12).isoformat()},
                ],
            ),
        ),
        Case(
            "requirement_cap",
            problem_doc([e1, r1, r2], [slot("S1", "R1", 1), slot("S2", "R2", 8)]),
        ),
        Case(
            "weekly_limit",
            problem_doc(
                [e1, r1, r2],
                [slot("S1", "R1", 0), slot("S2", "R2", 3)],
                rules={"sessions_per_shadower": 2, "max_sessions_per_week": 1},
            ),
        ),
        Case(
            "spacing",
            problem_doc(
                [e1, r1, r2],
                [slot("S1", "R1", 4), slot("S2", "R2", 7)],  # Friday, next Monday
                rules={"sessions_per_shadower": 2, "min_days_between_sessions": 7},
            ),
        ),
        Case(
            "host_load",
            problem_doc(
                [e1, e2, r1],
                [slot("S1", "R1", 0), slot("S2", "R1", 2)],
                rules={"max_hosted_per_host_week": 1},
            ),
        ),
        Case(
            "distinct_hosts",
            problem_doc(
                [e1, r1],
                [slot("S1", "R1", 0), slot("S2", "R1", 14)],
                rules={"sessions_per_shadower": 2, "distinct_hosts": True},
            ),
        ),
        Case(
            "department_coverage",
            problem_doc(
                [e1, e2, r1, r2],
                [slot("S1", "R1", 1, 9), slot("S2", "R2", 1, 10)],
                departments=[{"id": "ops", "max_away": 1}],
            ),
        ),
        Case(
            "forbidden",
            problem_doc(
                [e1, r1], [slot("S1", "R1", 1)], forbidden=[{"shadower": "E1", "slot": "S1"}]
            ),
        ),
        Case(
            "pinned",
            problem_doc(
                [backroom("E1", tags=["hvac"]), r1, r2],
                [slot("S1", "R1", 1, tags=["hvac"]), slot("S2", "R2", 1)],
                pinned=[{"shadower": "E1", "slot": "S2"}],
            ),
        ),
    ]


CASES = {case.rule: case for case in _cases()}


def test_every_hard_rule_has_a_case() -> None:
    named = {name for name, _ in HARD_RULES} | set(PRUNING_RULES)
    assert named == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_best_plan_breaks_the_rule_when_its_constraint_is_left_out(rule: str) -> None:
    problem = parse_problem(CASES[rule].doc)
    if rule in PRUNING_RULES:
        plan = solve_model_only(problem, without=frozenset({rule}), time_limit_s=1)
    else:
        plan = solve_model_only(problem, rules=rules_without(rule), time_limit_s=1)
    assert rule in broken_rules(problem, plan)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_model_keeps_the_rule(rule: str) -> None:
    problem = parse_problem(CASES[rule].doc)
    assert broken_rules(problem, solve_model_only(problem, time_limit_s=1)) == set()


@pytest.mark.parametrize("rule", sorted(CASES))
def test_solve_keeps_the_rule(rule: str) -> None:
    problem = parse_problem(CASES[rule].doc)
    solution = solve(problem, time_limit_s=1, workers=1)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert broken_rules(problem, solution.assignments) == set()


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_greedy_plan_keeps_the_rule(rule: str) -> None:
    problem = parse_problem(CASES[rule].doc)
    cands = build_candidates(build_index(problem))
    state = greedy_plan(cands, pinned_pairs(cands))
    assert broken_rules(problem, to_pairs(cands, state.chosen)) == set()
