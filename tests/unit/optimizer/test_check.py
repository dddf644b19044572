"""The independent checker: each hard rule, the objective formula, the `unmet` list."""

from __future__ import annotations

from typing import Any

from optimizer import Pair, Problem, Solution, Unmet, parse_problem
from optimizer.check import check_solution, hard_rule_violations, objective_value
from tests.unit.optimizer.tiny import doc, local, pairs, person, problem, slot

PEOPLE = [person("E1"), person("E2"), person("E3"), person("R1", "rep"), person("R2", "rep")]


def broken(prob: Problem, assigned: list[Pair], rule: str) -> list[str]:
    """The violations of `rule` (e.g. "rule 3 capacity"), after checking that every
    violation found is of that rule."""
    found = hard_rule_violations(prob, assigned)
    assert all(v.startswith(rule + ":") for v in found), found
    return found


# --- a valid plan ---------------------------------------------------------------------


def test_it_accepts_a_valid_plan_with_its_objective() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=2), slot("S2", "R2", 8)])
    assigned = pairs(("E1", "S1"), ("E2", "S1"), ("E3", "S2"))
    objective = objective_value(prob, assigned)
    unmet = (Unmet("E1", 2, ()), Unmet("E2", 2, ()), Unmet("E3", 2, ()))
    report = check_solution(prob, Solution("FEASIBLE", objective, None, tuple(assigned), unmet))
    assert report.violations == []
    assert report.ok
    assert report.objective == objective


# --- rule 1: eligibility --------------------------------------------------------------


def test_it_flags_a_rep_shadowing_another_rep() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1)])
    found = broken(prob, pairs(("R2", "S1")), "rule 1 eligibility")
    assert '"R2" is a rep, not a backroom person' in found[0]


def test_it_flags_an_inactive_shadower_and_an_inactive_host() -> None:
    people = [person("E1", active=False), person("E2"), person("R1", "rep", active=False)]
    prob = problem(people, [slot("S1", "R1", 1, capacity=2)])
    found = broken(prob, pairs(("E1", "S1"), ("E2", "S1")), "rule 1 eligibility")
    assert any('shadower "E1" is inactive' in v for v in found)
    assert sum('host "R1" is inactive' in v for v in found) == 2


def test_it_flags_a_backroom_host() -> None:
    prob = problem(PEOPLE, [slot("S1", "E2", 1)])
    found = broken(prob, pairs(("E1", "S1")), "rule 1 eligibility")
    assert '"E2" is a backroom, not a rep' in found[0]


def test_it_flags_shadowing_oneself() -> None:
    prob = problem(PEOPLE, [slot("S1", "E1", 1)])
    found = hard_rule_violations(prob, pairs(("E1", "S1")))
    assert any("shadow themselves" in v and v.startswith("rule 1 eligibility") for v in found)


def test_it_counts_the_horizon_in_the_plan_timezone() -> None:
    # 04:30 UTC on Jan 4 is 23:30 on Jan 3 in Detroit: before the horizon.
    # 04:30 UTC on Feb 1 is 23:30 on Jan 31 in Detroit: its last day.
    slots = [
        slot("EARLY", "R1", 0, start="2027-01-04T04:30:00Z", end="2027-01-04T05:30:00Z"),
        slot("LATE", "R1", 0, start="2027-02-01T04:30:00Z", end="2027-02-01T05:30:00Z"),
    ]
    prob = problem(PEOPLE, slots)
    found = broken(prob, pairs(("E1", "EARLY")), "rule 1 eligibility")
    assert "2027-01-03" in found[0]
    assert "outside the horizon" in found[0]
    assert hard_rule_violations(prob, pairs(("E1", "LATE"))) == []


# --- rule 2: site ---------------------------------------------------------------------


def test_it_flags_an_in_person_slot_at_another_site_but_not_a_remote_one() -> None:
    people = [*PEOPLE, person("G1", site="GRR")]
    prob = problem(people, [slot("S1", "R1", 1), slot("S2", "R1", 8, remote=True)])
    found = broken(prob, pairs(("G1", "S1")), "rule 2 site")
    assert '("G1", "S1")' in found[0]
    assert hard_rule_violations(prob, pairs(("G1", "S2"))) == []


# --- rule 3: capacity -----------------------------------------------------------------


def test_it_flags_a_slot_over_capacity() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=2)])
    found = broken(prob, pairs(("E1", "S1"), ("E2", "S1"), ("E3", "S1")), "rule 3 capacity")
    assert found == ['rule 3 capacity: slot "S1" has 3 shadowers ("E1", "E2", "E3"), capacity 2']
    assert hard_rule_violations(prob, pairs(("E1", "S1"), ("E2", "S1"))) == []


def test_a_slot_of_capacity_zero_takes_nobody() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=0)])
    assert broken(prob, pairs(("E1", "S1")), "rule 3 capacity")


# --- rule 4: no double booking --------------------------------------------------------


def test_it_flags_overlapping_slots_but_not_back_to_back_ones() -> None:
    slots = [
        slot("S1", "R1", 1, hour=9, hours=2),
        slot("S2", "R2", 1, hour=10.5, hours=1),
        slot("S3", "R2", 1, hour=11, hours=1),
    ]
    prob = problem(PEOPLE, slots)
    found = broken(prob, pairs(("E1", "S1"), ("E1", "S2")), "rule 4 no double booking")
    assert found == [
        'rule 4 no double booking: shadower "E1" attends overlapping slots "S1" and "S2"'
    ]
    assert hard_rule_violations(prob, pairs(("E1", "S1"), ("E1", "S3"))) == []


def test_it_compares_instants_written_with_different_offsets() -> None:
    slots = [
        slot("S1", "R1", 1, hour=9, hours=2),  # 14:00-16:00 UTC
        slot("S2", "R2", 1, start="2027-01-05T15:00:00Z", end="2027-01-05T16:00:00Z"),
    ]
    prob = problem(PEOPLE, slots)
    assert broken(prob, pairs(("E1", "S1"), ("E1", "S2")), "rule 4 no double booking")


# --- rule 5: availability -------------------------------------------------------------


def test_it_flags_a_shadower_who_is_away() -> None:
    away = [{"person": "E1", "start": local(1, 10), "end": local(3, 0)}]
    prob = problem(
        PEOPLE, [slot("S1", "R1", 1, hour=9), slot("S2", "R1", 1, hour=8)], unavailability=away
    )
    found = broken(prob, pairs(("E1", "S1")), "rule 5 availability")
    assert 'shadower "E1" is unavailable' in found[0]
    # 08:00-10:00 ends when the absence starts: no overlap.
    assert hard_rule_violations(prob, pairs(("E1", "S2"))) == []


def test_a_slot_whose_host_is_away_takes_nobody() -> None:
    away = [{"person": "R1", "start": local(1, 0), "end": local(2, 0)}]
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=2)], unavailability=away)
    found = broken(prob, pairs(("E1", "S1"), ("E2", "S1")), "rule 5 availability")
    assert len(found) == 2
    assert all('host "R1" is unavailable' in v for v in found)


# --- rule 6: requirement cap ----------------------------------------------------------


def test_it_flags_more_sessions_than_required() -> None:
    people = [person("E1", sessions_required=1), person("E2"), person("R1", "rep")]
    slots = [slot("S1", "R1", 1), slot("S2", "R1", 8), slot("S3", "R1", 15), slot("S4", "R1", 22)]
    prob = problem(people, slots, rules={"sessions_per_shadower": 3})
    found = broken(prob, pairs(("E1", "S1"), ("E1", "S2")), "rule 6 requirement cap")
    assert "sessions_required 1" in found[0]
    four = pairs(("E2", "S1"), ("E2", "S2"), ("E2", "S3"), ("E2", "S4"))
    assert "sessions_required 3" in broken(prob, four, "rule 6 requirement cap")[0]
    assert hard_rule_violations(prob, four[:3]) == []


# --- rule 7: weekly limit -------------------------------------------------------------


def test_it_flags_two_sessions_in_one_iso_week() -> None:
    slots = [slot("MON", "R1", 0), slot("SUN", "R2", 6), slot("NEXT", "R2", 7)]
    prob = problem(PEOPLE, slots, rules={"max_sessions_per_week": 1})
    found = broken(prob, pairs(("E1", "MON"), ("E1", "SUN")), "rule 7 weekly limit")
    assert "ISO week 2027-W01" in found[0]
    assert hard_rule_violations(prob, pairs(("E1", "MON"), ("E1", "NEXT"))) == []


def test_it_counts_iso_weeks_in_the_plan_timezone() -> None:
    # Sunday Jan 10, 23:30 in Detroit is Monday Jan 11 in UTC: still ISO week 1 locally.
    slots = [
        slot("MON", "R1", 0),
        slot("SUNNIGHT", "R2", 6, start="2027-01-11T04:30:00Z", end="2027-01-11T05:00:00Z"),
        slot("MON2", "R2", 7, hour=9),
    ]
    prob = problem(PEOPLE, slots, rules={"max_sessions_per_week": 1})
    assert broken(prob, pairs(("E1", "MON"), ("E1", "SUNNIGHT")), "rule 7 weekly limit")
    assert hard_rule_violations(prob, pairs(("E1", "SUNNIGHT"), ("E1", "MON2"))) == []


# --- rule 8: spacing ------------------------------------------------------------------


def test_it_flags_sessions_fewer_days_apart_than_the_minimum() -> None:
    slots = [slot("D0", "R1", 0, hour=17), slot("D6", "R2", 6, hour=8), slot("D7", "R2", 7)]
    prob = problem(PEOPLE, slots, rules={"min_days_between_sessions": 7})
    found = broken(prob, pairs(("E1", "D0"), ("E1", "D6")), "rule 8 spacing")
    assert "6 days apart" in found[0]
    assert hard_rule_violations(prob, pairs(("E1", "D0"), ("E1", "D7"))) == []


def test_it_counts_spacing_in_calendar_dates_of_the_plan_timezone() -> None:
    # Jan 4 at 22:00 Detroit (Jan 5 in UTC) and Jan 11 at 08:00: 7 local dates apart.
    slots = [slot("LATE", "R1", 0, hour=22), slot("EARLY", "R2", 7, hour=8)]
    prob = problem(PEOPLE, slots, rules={"min_days_between_sessions": 7})
    assert hard_rule_violations(prob, pairs(("E1", "LATE"), ("E1", "EARLY"))) == []
    prob = problem(PEOPLE, slots, rules={"min_days_between_sessions": 8})
    assert broken(prob, pairs(("E1", "LATE"), ("E1", "EARLY")), "rule 8 spacing")


def test_it_flags_two_sessions_on_one_date() -> None:
    slots = [slot("AM", "R1", 1, hour=8), slot("PM", "R2", 1, hour=14)]
    prob = problem(PEOPLE, slots, rules={"min_days_between_sessions": 1})
    assert "0 days apart" in broken(prob, pairs(("E1", "AM"), ("E1", "PM")), "rule 8 spacing")[0]


# --- rule 9: host load ----------------------------------------------------------------


def test_it_flags_a_host_hosting_too_many_slots_in_a_week() -> None:
    slots = [slot(f"S{d}", "R1", d) for d in range(3)] + [slot("S9", "R1", 7)]
    prob = problem(PEOPLE, slots, rules={"max_hosted_per_host_week": 2})
    found = broken(prob, pairs(("E1", "S0"), ("E2", "S1"), ("E3", "S2")), "rule 9 host load")
    assert found == [
        'rule 9 host load: host "R1" hosts 3 slots in ISO week 2027-W01 ("S0", "S1", "S2"), '
        "max_hosted_per_host_week 2"
    ]
    assert hard_rule_violations(prob, pairs(("E1", "S0"), ("E2", "S1"), ("E3", "S9"))) == []


def test_host_load_counts_slots_not_shadowers() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=3)], rules={"max_hosted_per_host_week": 1})
    assert hard_rule_violations(prob, pairs(("E1", "S1"), ("E2", "S1"), ("E3", "S1"))) == []


# --- rule 10: distinct hosts ----------------------------------------------------------


def test_it_flags_meeting_a_host_twice() -> None:
    slots = [slot("S1", "R1", 1), slot("S2", "R1", 8), slot("S3", "R2", 15)]
    prob = problem(PEOPLE, slots, rules={"distinct_hosts": True})
    found = broken(prob, pairs(("E1", "S1"), ("E1", "S2")), "rule 10 distinct hosts")
    assert 'meets host "R1" 2 times' in found[0]
    assert hard_rule_violations(prob, pairs(("E1", "S1"), ("E1", "S3"))) == []
    off = problem(PEOPLE, slots, rules={"distinct_hosts": False})
    assert hard_rule_violations(off, pairs(("E1", "S1"), ("E1", "S2"))) == []


# --- rule 11: department coverage -----------------------------------------------------


def test_it_flags_too_many_members_away_at_a_slot_start() -> None:
    # E1 09:00-12:00, E2 11:00-13:00: both away at 11:00. E3 12:00-13:00 meets only E2.
    slots = [
        slot("A", "R1", 1, hour=9, hours=3),
        slot("B", "R2", 1, hour=11, hours=2),
        slot("C", "R1", 1, hour=12, hours=1),
    ]
    prob = problem(PEOPLE, slots, departments=[{"id": "ops", "max_away": 1}])
    found = broken(prob, pairs(("E1", "A"), ("E2", "B")), "rule 11 department coverage")
    assert found == [
        'rule 11 department coverage: department "ops" has 2 members away at '
        '2027-01-05T11:00:00-05:00 ("E1" in "A", "E2" in "B"), max_away 1'
    ]
    assert hard_rule_violations(prob, pairs(("E1", "A"), ("E3", "C"))) == []


def test_coverage_ignores_other_departments_and_unlimited_ones() -> None:
    people = [*PEOPLE, person("X1", department="cad")]
    slots = [slot("A", "R1", 1, capacity=3)]
    limited = problem(people, slots, departments=[{"id": "ops", "max_away": 1}, {"id": "cad"}])
    assert hard_rule_violations(limited, pairs(("E1", "A"), ("X1", "A"))) == []
    assert broken(limited, pairs(("E1", "A"), ("E2", "A")), "rule 11 department coverage")


# --- rule 12: pinned and forbidden ----------------------------------------------------


def test_it_flags_a_missing_pinned_pair_and_an_assigned_forbidden_one() -> None:
    prob = problem(
        PEOPLE,
        [slot("S1", "R1", 1), slot("S2", "R2", 8)],
        pinned=[{"shadower": "E1", "slot": "S1"}],
        forbidden=[{"shadower": "E2", "slot": "S2"}],
    )
    found = broken(prob, pairs(("E2", "S2")), "rule 12 pinned and forbidden")
    assert any('pinned pair ("E1", "S1") is missing' in v for v in found)
    assert any('forbidden pair ("E2", "S2") is assigned' in v for v in found)
    assert hard_rule_violations(prob, pairs(("E1", "S1"), ("E3", "S2"))) == []


# --- malformed assignments ------------------------------------------------------------


def test_it_flags_unknown_ids_and_repeated_pairs() -> None:
    prob = problem(PEOPLE, [slot("S1", "R1", 1, capacity=3)])
    found = hard_rule_violations(
        prob, pairs(("E1", "S1"), ("E1", "S1"), ("NOBODY", "S1"), ("E2", "NOWHERE"))
    )
    assert 'assignments: pair ("E1", "S1") appears 2 times' in found
    assert 'assignments: pair ("NOBODY", "S1") names an unknown shadower "NOBODY"' in found
    assert 'assignments: pair ("E2", "NOWHERE") names an unknown slot "NOWHERE"' in found
    assert len(found) == 3


# --- objective ------------------------------------------------------------------------

WEIGHTS = {"session": 1000, "affinity": 10, "novelty": 20, "new_hire": 50}


def objective_doc(**extra: Any) -> dict[str, Any]:
    people = [
        person("E1", tags=["hvac", "design", "solar"], hire_date="2026-11-02"),  # new hire
        person("E2", tags=["plumbing"], hire_date="2020-01-01"),
        person("E3", hire_date="2026-10-06"),  # exactly 90 days before the start: new
        person("E4", hire_date="2026-10-05"),  # 91 days: not new
        person("R1", "rep", tags=["hvac", "solar"]),
        person("R2", "rep"),
    ]
    slots = [
        slot("S1", "R1", 1, tags=["design", "hvac"]),
        slot("S2", "R2", 2, tags=["plumbing"]),
        slot("S3", "R1", 3),
        slot("S4", "R2", 4),
    ]
    return doc(
        people,
        slots,
        rules={"new_hire_days": 90},
        history=[{"shadower": "E1", "host": "R1", "date": "2026-06-01"}],
        previous=[{"shadower": "E1", "slot": "S1"}, {"shadower": "E2", "slot": "S3"}],
        **extra,
    )


def test_the_objective_follows_the_contract_formula_to_the_unit() -> None:
    prob = parse_problem(objective_doc())
    assigned = pairs(("E1", "S1"), ("E2", "S2"), ("E3", "S3"), ("E4", "S4"))
    e1 = 1000 + 10 * 3 + 20 * 0 + 50 * 1  # shares hvac, design, solar; met R1; new hire
    e2 = 1000 + 10 * 1 + 20 * 1 + 50 * 0
    e3 = 1000 + 0 + 20 + 50
    e4 = 1000 + 0 + 20 + 0
    fairness = 5 * 2  # R1 and R2 host two sessions each
    change = 200 * 1  # (E2, S3) was in the previous plan and is not now
    assert objective_value(prob, assigned) == e1 + e2 + e3 + e4 - fairness - change == 3990


def test_the_objective_uses_the_given_weights_and_caps_affinity_at_five() -> None:
    people = [
        person("E1", tags=["a", "b", "c", "d", "e", "f", "g"]),
        person("R1", "rep", tags=["a", "b", "c"]),
    ]
    weights = {"session": 7, "affinity": 3, "novelty": 0, "new_hire": 0, "fairness": 2}
    prob = problem(people, [slot("S1", "R1", 1, tags=["d", "e", "f", "g"])], weights=weights)
    assert objective_value(prob, pairs(("E1", "S1"))) == 7 + 3 * 5 - 2 * 1


def test_the_objective_of_an_empty_plan_is_the_change_penalty() -> None:
    prob = parse_problem(objective_doc())
    assert objective_value(prob, []) == -400


def test_new_hire_is_off_without_new_hire_days() -> None:
    raw = objective_doc()
    raw["rules"] = {"sessions_per_shadower": 1}
    prob = parse_problem(raw)
    assert objective_value(prob, pairs(("E3", "S3"))) == 1000 + 20 - 5 - 400


def test_it_flags_an_objective_that_does_not_match() -> None:
    prob = parse_problem(objective_doc())
    assigned = tuple(pairs(("E1", "S1"), ("E2", "S2"), ("E3", "S3"), ("E4", "S4")))
    unmet = tuple(Unmet(e, 2, ()) for e in ("E1", "E2", "E3", "E4"))
    right = check_solution(prob, Solution("FEASIBLE", 3990, None, assigned, unmet))
    assert right.ok
    wrong = check_solution(prob, Solution("FEASIBLE", 4190, None, assigned, unmet))
    assert not wrong.ok
    assert wrong.objective == 3990
    assert wrong.violations == ["objective: the solution says 4190, recomputed 3990"]


def test_it_flags_a_bound_below_the_objective() -> None:
    prob = parse_problem(objective_doc())
    assigned = tuple(pairs(("E1", "S1"), ("E2", "S2"), ("E3", "S3"), ("E4", "S4")))
    unmet = tuple(Unmet(e, 2, ()) for e in ("E1", "E2", "E3", "E4"))
    assert check_solution(prob, Solution("OPTIMAL", 3990, 3990, assigned, unmet)).ok
    low = check_solution(prob, Solution("FEASIBLE", 3990, 3989, assigned, unmet))
    assert low.violations == ["bound: 3989 is below the objective 3990"]


# --- unmet ----------------------------------------------------------------------------


def unmet_problem() -> Problem:
    people = [
        person("E1", sessions_required=2),
        person("E2", sessions_required=1),
        person("E3", sessions_required=0),
        person("GONE", active=False),
        person("R1", "rep"),
    ]
    return problem(people, [slot("S1", "R1", 1, capacity=2), slot("S2", "R1", 8)])


def unmet_report(*unmet: Unmet) -> list[str]:
    prob = unmet_problem()
    assigned = tuple(pairs(("E1", "S1"), ("E2", "S1")))
    solution = Solution("FEASIBLE", objective_value(prob, assigned), None, assigned, unmet)
    return check_solution(prob, solution).violations


def test_unmet_lists_exactly_the_shadowers_below_requirement() -> None:
    assert unmet_report(Unmet("E1", 1, ("capacity", "distinct_hosts"))) == []


def test_it_flags_a_shadower_missing_from_unmet() -> None:
    assert unmet_report() == ['unmet: shadower "E1" misses 1 sessions but is not listed']


def test_it_flags_a_wrong_missing_count() -> None:
    assert unmet_report(Unmet("E1", 2, ())) == [
        'unmet: shadower "E1" is listed with missing 2, but misses 1'
    ]


def test_it_flags_shadowers_listed_who_are_not_below_requirement() -> None:
    found = unmet_report(Unmet("E1", 1, ()), Unmet("E2", 1, ()), Unmet("GONE", 3, ()))
    assert found == [
        'unmet: shadower "E2" is listed but is not below their requirement',
        'unmet: shadower "GONE" is listed but is not below their requirement',
    ]


def test_it_flags_a_repeated_unmet_entry_and_unknown_reason_codes() -> None:
    found = unmet_report(Unmet("E1", 1, ("tired",)), Unmet("E1", 1, ()))
    assert found == [
        'unmet: shadower "E1" has unknown reason codes "tired"',
        'unmet: shadower "E1" is listed more than once',
    ]
