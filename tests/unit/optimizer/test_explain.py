"""Every shadower below their requirement is listed, with reason codes that hold."""

from __future__ import annotations

from typing import Any

from optimizer import parse_problem, solve

from .builders import at, backroom, problem_doc, rep, slot


def unmet_of(doc: dict[str, Any]) -> dict[str, tuple[int, tuple[str, ...]]]:
    solution = solve(parse_problem(doc), time_limit_s=1, workers=1)
    return {u.shadower: (u.missing, u.reasons) for u in solution.unmet}


E1, E2, R1, R2 = backroom("E1"), backroom("E2"), rep("R1"), rep("R2")


def test_nobody_is_listed_when_every_requirement_is_met() -> None:
    assert unmet_of(problem_doc([E1, R1], [slot("S1", "R1", 1)])) == {}


def test_no_eligible_slot_when_no_slot_is_open_to_their_site() -> None:
    doc = problem_doc([backroom("E1", site="AUS"), R1], [slot("S1", "R1", 1)])
    assert unmet_of(doc) == {"E1": (1, ("no_eligible_slot",))}


def test_a_remote_slot_is_open_to_every_site() -> None:
    doc = problem_doc([backroom("E1", site="AUS"), R1], [slot("S1", "R1", 1, remote=True)])
    assert unmet_of(doc) == {}


def test_unavailable_when_their_absence_removed_a_slot() -> None:
    doc = problem_doc(
        [E1, R1],
        [slot("S1", "R1", 1)],
        unavailability=[
            {"person": "E1", "start": at(0, 0).isoformat(), "end": at(3, 0).isoformat()}
        ],
    )
    assert unmet_of(doc) == {"E1": (1, ("unavailable",))}


def test_unavailable_when_the_host_is_away() -> None:
    doc = problem_doc(
        [E1, R1],
        [slot("S1", "R1", 1)],
        unavailability=[
            {"person": "R1", "start": at(1, 10).isoformat(), "end": at(1, 12).isoformat()}
        ],
    )
    assert unmet_of(doc) == {"E1": (1, ("unavailable",))}


def test_capacity_when_the_slot_is_full() -> None:
    doc = problem_doc([E1, E2, R1], [slot("S1", "R1", 1)])
    assert sorted(unmet_of(doc).values()) == [(1, ("capacity",))]


def test_a_slot_of_capacity_zero_counts_as_full() -> None:
    doc = problem_doc([E1, R1], [slot("S1", "R1", 1, capacity=0)])
    assert unmet_of(doc) == {"E1": (1, ("capacity",))}


def test_department_coverage_when_colleagues_are_already_away() -> None:
    doc = problem_doc(
        [E1, E2, R1],
        [slot("S1", "R1", 1, capacity=2)],
        departments=[{"id": "ops", "max_away": 1}],
    )
    assert sorted(unmet_of(doc).values()) == [(1, ("department_coverage",))]


def test_weekly_limit_when_the_only_slots_share_a_week() -> None:
    doc = problem_doc(
        [E1, R1, R2],
        [slot("S1", "R1", 0), slot("S2", "R2", 2)],
        rules={"sessions_per_shadower": 2, "max_sessions_per_week": 1},
    )
    assert unmet_of(doc) == {"E1": (1, ("weekly_limit",))}


def test_spacing_when_the_only_slots_are_close() -> None:
    doc = problem_doc(
        [E1, R1, R2],
        [slot("S1", "R1", 4), slot("S2", "R2", 7)],
        rules={"sessions_per_shadower": 2, "min_days_between_sessions": 7},
    )
    assert unmet_of(doc) == {"E1": (1, ("spacing",))}


def test_host_load_when_the_host_already_hosts_enough_that_week() -> None:
    doc = problem_doc(
        [E1, E2, R1],
        [slot("S1", "R1", 0), slot("S2", "R1", 2)],
        rules={"max_hosted_per_host_week": 1},
    )
    assert sorted(unmet_of(doc).values()) == [(1, ("capacity", "host_load"))]


def test_distinct_hosts_when_the_only_other_slot_has_the_same_host() -> None:
    doc = problem_doc(
        [E1, R1],
        [slot("S1", "R1", 0), slot("S2", "R1", 14)],
        rules={"sessions_per_shadower": 2, "distinct_hosts": True},
    )
    assert unmet_of(doc) == {"E1": (1, ("distinct_hosts",))}


def test_missing_counts_every_session_short() -> None:
    doc = problem_doc([backroom("E1", sessions_required=3), R1], [slot("S1", "R1", 1)])
    assert unmet_of(doc) == {"E1": (2, ())}


def test_inactive_people_are_never_listed() -> None:
    doc = problem_doc([backroom("E1", active=False), R1], [slot("S1", "R1", 1)])
    assert unmet_of(doc) == {}
