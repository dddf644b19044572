"""Dates and ISO weeks are counted in the plan timezone, across the March DST change."""

from __future__ import annotations

import datetime as dt

from optimizer import Pair, parse_problem, solve
from optimizer.calendar import iso_week, local_date, overlaps
from optimizer.index import build_index

from .builders import TZ, at, backroom, problem_doc, rep, slot
from .rulecheck import broken_rules

SUNDAY = dt.date(2027, 3, 14)  # clocks go from 02:00 EST to 03:00 EDT in Detroit
MONDAY = dt.date(2027, 3, 15)


def test_a_late_sunday_slot_counts_in_its_local_iso_week() -> None:
    late = at(SUNDAY, 23, 30)
    assert late.astimezone(dt.UTC).date() == MONDAY
    assert local_date(late, TZ) == SUNDAY
    assert iso_week(late, TZ) == (2027, 10)
    assert iso_week(late.astimezone(dt.UTC), TZ) == (2027, 10)  # the offset given is irrelevant
    assert iso_week(at(MONDAY, 9), TZ) == (2027, 11)


def test_a_slot_across_the_change_lasts_two_hours_and_overlaps_by_real_time() -> None:
    start, end = at(SUNDAY, 1), at(SUNDAY, 4)
    assert end - start == dt.timedelta(hours=3)  # wall clock arithmetic in one zone ...
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=2)
    assert overlaps(start, end, at(SUNDAY, 3), at(SUNDAY, 5))
    assert not overlaps(at(SUNDAY, 0), at(SUNDAY, 1, 59), at(SUNDAY, 3), at(SUNDAY, 5))


def late_sunday_doc(rules: dict[str, object]) -> dict[str, object]:
    late = slot("LATE", "R1", SUNDAY, 23, minute=30, hours=0.5)
    late["start"] = at(SUNDAY, 23, 30).astimezone(dt.UTC).isoformat()  # given in UTC
    return problem_doc(
        [backroom("E1"), rep("R1"), rep("R2")],
        [late, slot("MON", "R2", MONDAY, 9)],
        rules={"sessions_per_shadower": 2, **rules},
    )


def test_the_weekly_limit_counts_local_weeks() -> None:
    problem = parse_problem(late_sunday_doc({"max_sessions_per_week": 1}))
    solution = solve(problem, time_limit_s=1, workers=1)
    assert set(solution.assignments) == {Pair("E1", "LATE"), Pair("E1", "MON")}
    assert broken_rules(problem, solution.assignments) == set()


def test_spacing_counts_local_dates() -> None:
    problem = parse_problem(late_sunday_doc({"min_days_between_sessions": 1}))
    solution = solve(problem, time_limit_s=1, workers=1)
    assert len(solution.assignments) == 2


def test_an_early_monday_slot_shares_the_monday_week_and_date() -> None:
    problem = parse_problem(
        problem_doc(
            [backroom("E1"), rep("R1"), rep("R2")],
            [slot("EARLY", "R1", MONDAY, 0, minute=30, hours=1), slot("MON", "R2", MONDAY, 9)],
            rules={"sessions_per_shadower": 2, "max_sessions_per_week": 1},
        )
    )
    solution = solve(problem, time_limit_s=1, workers=1)
    assert len(solution.assignments) == 1
    assert solution.unmet[0].reasons == ("weekly_limit",)


def test_spacing_counts_calendar_days_not_hours_across_the_change() -> None:
    # Saturday 10:00 EST to next Saturday 09:00 EDT is 6 days 22 hours, but 7 dates apart.
    problem = parse_problem(
        problem_doc(
            [backroom("E1"), rep("R1"), rep("R2")],
            [slot("A", "R1", dt.date(2027, 3, 13), 10), slot("B", "R2", dt.date(2027, 3, 20), 9)],
            rules={"sessions_per_shadower": 2, "min_days_between_sessions": 7},
        )
    )
    assert len(solve(problem, time_limit_s=1, workers=1).assignments) == 2


def test_the_horizon_end_is_a_local_date() -> None:
    doc = late_sunday_doc({})
    doc["horizon"]["end"] = SUNDAY.isoformat()  # type: ignore[index]
    problem = parse_problem(doc)
    index = build_index(problem)
    assert index.in_horizon(index.slot_pos["LATE"])
    assert not index.in_horizon(index.slot_pos["MON"])
    assert solve(problem, time_limit_s=1, workers=1).assignments == (Pair("E1", "LATE"),)
