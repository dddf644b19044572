"""Pinned pairs that break a hard rule among themselves make the problem infeasible, and
the solution names the pairs and the rule."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer import Pair, parse_problem, solve

from .builders import at, backroom, problem_doc, rep, slot


def pins(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"shadower": s, "slot": t} for s, t in pairs]


E1, E2, R1, R2 = backroom("E1"), backroom("E2"), rep("R1"), rep("R2")

CASES: dict[str, tuple[dict[str, Any], str, list[str]]] = {
    "eligibility": (
        problem_doc([E1, R1], [slot("S1", "R1", 200)], pinned=pins(("E1", "S1"))),
        "rule 1 (eligibility)",
        ["(E1, S1)"],
    ),
    "site": (
        problem_doc(
            [backroom("E1", site="AUS"), R1], [slot("S1", "R1", 1)], pinned=pins(("E1", "S1"))
        ),
        "rule 2 (site)",
        ["(E1, S1)"],
    ),
    "capacity": (
        problem_doc([E1, E2, R1], [slot("S1", "R1", 1)], pinned=pins(("E1", "S1"), ("E2", "S1"))),
        "rule 3 (capacity)",
        ["(E1, S1)", "(E2, S1)"],
    ),
    "double booking": (
        problem_doc(
            [E1, R1, R2],
            [slot("S1", "R1", 1, 9, hours=3), slot("S2", "R2", 1, 10)],
            rules={"sessions_per_shadower": 2},
            pinned=pins(("E1", "S1"), ("E1", "S2")),
        ),
        "rule 4 (no double booking)",
        ["(E1, S1)", "(E1, S2)"],
    ),
    "availability": (
        problem_doc(
            [E1, R1],
            [slot("S1", "R1", 1)],
            pinned=pins(("E1", "S1")),
            unavailability=[
                {"person": "R1", "start": at(1, 0).isoformat(), "end": at(1, 10).isoformat()}
            ],
        ),
        "rule 5 (availability)",
        ["(E1, S1)"],
    ),
    "requirement": (
        problem_doc(
            [E1, R1, R2],
            [slot("S1", "R1", 1), slot("S2", "R2", 8)],
            pinned=pins(("E1", "S1"), ("E1", "S2")),
        ),
        "rule 6 (requirement cap)",
        ["(E1, S1)", "(E1, S2)"],
    ),
    "weekly": (
        problem_doc(
            [E1, R1, R2],
            [slot("S1", "R1", 1), slot("S2", "R2", 2)],
            rules={"sessions_per_shadower": 2, "max_sessions_per_week": 1},
            pinned=pins(("E1", "S1"), ("E1", "S2")),
        ),
        "rule 7 (weekly limit)",
        ["(E1, S1)", "(E1, S2)"],
    ),
    "spacing": (
        problem_doc(
            [E1, R1, R2],
            [slot("S1", "R1", 4), slot("S2", "R2", 7)],
            rules={"sessions_per_shadower": 2, "min_days_between_sessions": 7},
            pinned=pins(("E1", "S1"), ("E1", "S2")),
        ),
        "rule 8 (spacing)",
        ["(E1, S1)", "(E1, S2)"],
    ),
    "host load": (
        problem_doc(
            [E1, E2, R1],
            [slot("S1", "R1", 1), slot("S2", "R1", 2)],
            rules={"max_hosted_per_host_week": 1},
            pinned=pins(("E1", "S1"), ("E2", "S2")),
        ),
        "rule 9 (host load)",
        ["(E1, S1)", "(E2, S2)"],
    ),
    "distinct hosts": (
        problem_doc(
            [E1, R1],
            [slot("S1", "R1", 1), slot("S2", "R1", 15)],
            rules={"sessions_per_shadower": 2, "distinct_hosts": True},
            pinned=pins(("E1", "S1"), ("E1", "S2")),
        ),
        "rule 10 (distinct hosts)",
        ["(E1, S1)", "(E1, S2)"],
    ),
    "coverage": (
        problem_doc(
            [E1, E2, R1, R2],
            [slot("S1", "R1", 1, 9), slot("S2", "R2", 1, 10)],
            departments=[{"id": "ops", "max_away": 1}],
            pinned=pins(("E1", "S1"), ("E2", "S2")),
        ),
        "rule 11 (department coverage)",
        ["(E1, S1)", "(E2, S2)"],
    ),
    "forbidden": (
        problem_doc(
            [E1, R1],
            [slot("S1", "R1", 1)],
            pinned=pins(("E1", "S1")),
            forbidden=pins(("E1", "S1")),
        ),
        "rule 12 (pinned and forbidden)",
        ["(E1, S1)"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_names_the_pinned_pairs_and_the_rule_they_break(case: str) -> None:
    doc, rule, pairs = CASES[case]
    solution = solve(parse_problem(doc), time_limit_s=1, workers=1)
    assert solution.status == "INFEASIBLE"
    assert solution.assignments == ()
    assert solution.objective is None
    (message,) = [m for m in solution.infeasible if rule in m]
    assert all(pair in message for pair in pairs), message


def test_it_lists_every_broken_rule() -> None:
    doc = problem_doc(
        [E1, E2, backroom("E3", site="AUS"), R1],
        [slot("S1", "R1", 1)],
        pinned=pins(("E1", "S1"), ("E2", "S1"), ("E3", "S1")),
    )
    messages = solve(parse_problem(doc), time_limit_s=1).infeasible
    assert any("rule 2 (site)" in m and "(E3, S1)" in m for m in messages)
    assert any("rule 3 (capacity)" in m for m in messages)


def test_pinned_pairs_that_fit_are_kept_even_when_they_are_not_the_best() -> None:
    doc = problem_doc(
        [backroom("E1", tags=["hvac"]), R1, R2],
        [slot("S1", "R1", 1, tags=["hvac"]), slot("S2", "R2", 1)],
        pinned=pins(("E1", "S2")),
    )
    solution = solve(parse_problem(doc), time_limit_s=1, workers=1)
    assert solution.status == "OPTIMAL"
    assert solution.assignments == (Pair("E1", "S2"),)
