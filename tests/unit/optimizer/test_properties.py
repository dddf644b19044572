"""Properties of `solve` on random small problems, judged by the independent checker.

- every plan `solve` returns passes `check_solution` (or, when it says INFEASIBLE, the
  pinned pairs alone do break a rule);
- on tiny problems its objective is the optimum found by enumerating every plan, with
  the checker as the feasibility oracle, and its bound is not below that optimum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer import Pair, Problem, parse_problem, solve
from optimizer.check import check_solution, hard_rule_violations, objective_value

TZ = ZoneInfo("America/Detroit")
START = dt.date(2027, 3, 8)  # a Monday; clocks go forward on Sunday, March 14
TAGS = ("hvac", "solar", "design")


def moment(day: int, hour: int) -> dt.datetime:
    """Local wall-clock time, `day` days after START."""
    date = START + dt.timedelta(days=day)
    return dt.datetime(date.year, date.month, date.day, hour, tzinfo=TZ)


def later(start: dt.datetime, hours: int) -> dt.datetime:
    """`hours` of elapsed time after `start` (not wall-clock: DST may fall in between)."""
    return (start.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(TZ)


@st.composite
def problems(draw: st.DrawFn, *, shadowers: int, slots: int, required: int) -> dict[str, Any]:
    """A small company, drawn with a seeded `Random` and explicit odds: drawn field by
    field, Hypothesis favours edge values (slots outside the horizon, capacity 0, every
    rule on at once) and the rules would seldom bind. A failure prints the document."""
    rng = draw(st.randoms(use_true_random=True))

    def chance(p: float) -> bool:
        return rng.random() < p

    def some(values: Sequence[Any]) -> Any:
        return values[rng.randrange(len(values))]

    def tags() -> list[str]:
        return rng.sample(TAGS, rng.randint(0, len(TAGS)))

    days = rng.randint(7, 14)
    # Each rule on about one time in three, so that a few rules at a time decide the plan.
    rules = {
        "sessions_per_shadower": some(range(1, required + 1)) if chance(0.3) else required,
        "max_sessions_per_week": some([1, 2]) if chance(0.35) else None,
        "min_days_between_sessions": some([1, 3, 7]) if chance(0.35) else None,
        "max_hosted_per_host_week": some([1, 2]) if chance(0.35) else None,
        "distinct_hosts": chance(0.35),
        "new_hire_days": some([30, 90]) if chance(0.5) else None,
    }
    people: list[dict[str, Any]] = []
    for i in range(rng.randint(1, shadowers)):
        hired = START - dt.timedelta(days=some([-3, 0, 30, 90, 91, 400]))
        person = {
            "id": f"E{i}",
            "role": "backroom",
            "department": some(["ops", "ops", "cad"]),
            "site": "DET" if chance(0.85) else "GRR",
            "hire_date": hired.isoformat(),
            "tags": tags(),
            "active": chance(0.92),
        }
        if chance(0.3):
            person["sessions_required"] = rng.randint(0, required)
        people.append(person)
    for j in range(rng.randint(1, 2)):
        people.append(
            {
                "id": f"R{j}",
                "role": "rep",
                "department": "sales",
                "site": "DET" if chance(0.85) else "GRR",
                "tags": tags(),
                "active": chance(0.92),
            }
        )
    ids = [p["id"] for p in people]
    backroom = [p["id"] for p in people if p["role"] == "backroom"]
    reps = [p["id"] for p in people if p["role"] == "rep"]

    slot_docs: list[dict[str, Any]] = []
    for k in range(rng.randint(1, slots)):
        # A few busy days and hours, so that slots overlap and share weeks; now and then a
        # late night (another date in UTC), a day outside the horizon, a backroom host.
        day = some([0, 0, 1, 3, 6, 7, days - 1]) if chance(0.93) else some([-1, days])
        begin = moment(day, some([9, 9, 10, 11, 13, 22, 23]))
        slot_docs.append(
            {
                "id": f"S{k}",
                "host": some(reps) if chance(0.93) else backroom[0],
                "start": begin.isoformat(),
                "end": later(begin, some([1, 2, 2, 3, 5])).isoformat(),
                "capacity": some([1, 1, 2, 2, 3]) if chance(0.93) else 0,
                "kind": "ride_along",
                "remote": chance(0.4),
                "tags": tags(),
            }
        )
    slot_ids = [s["id"] for s in slot_docs]

    def pairs(odds: float, most: int) -> list[dict[str, str]]:
        count = sum(chance(odds) for _ in range(most))
        return [{"shadower": some(backroom), "slot": some(slot_ids)} for _ in range(count)]

    away = []
    for _ in range(sum(chance(0.4) for _ in range(2))):
        begin = moment(some([0, 1, 3, 6, 7]), rng.randint(0, 23))
        end = later(begin, rng.randint(1, 30))
        away.append({"person": some(ids), "start": begin.isoformat(), "end": end.isoformat()})
    doc: dict[str, Any] = {
        "version": 1,
        "horizon": {
            "start": START.isoformat(),
            "end": (START + dt.timedelta(days=days - 1)).isoformat(),
            "timezone": "America/Detroit",
        },
        "rules": rules,
        "departments": [
            {"id": "ops", "max_away": some([1, 2]) if chance(0.35) else None},
            {"id": "cad"},
        ],
        "people": people,
        "slots": slot_docs,
        "unavailability": away,
        "history": [
            {"shadower": some(backroom), "host": some(reps), "date": "2026-10-01"}
            for _ in range(rng.randint(0, 2))
        ],
        # Random pinned pairs are often ineligible (then the answer is INFEASIBLE): rare.
        "pinned": pairs(0.15, 1),
        "forbidden": pairs(0.2, 2),
        "previous": pairs(0.3, 2),
    }
    if chance(0.5):
        doc["weights"] = {
            "session": rng.randint(50, 1000),
            "affinity": rng.randint(0, 30),
            "novelty": rng.randint(0, 40),
            "new_hire": rng.randint(0, 60),
            "fairness": rng.randint(0, 80),
            "change": rng.randint(0, 300),
        }
    return doc


def brute_force_optimum(problem: Problem) -> int | None:
    """The best objective over every valid plan (None: the pinned pairs alone are invalid).

    Every hard rule but "pinned present" holds for any subset of a valid plan, so plans
    are grown from the pinned pairs one pair at a time, and a pair that breaks a rule is
    never extended."""
    base = sorted(set(problem.pinned))
    if hard_rule_violations(problem, base):
        return None
    candidates = [
        Pair(p.id, t.id)
        for p in problem.people
        for t in problem.slots
        if Pair(p.id, t.id) not in base
        and not hard_rule_violations(problem, [*base, Pair(p.id, t.id)])
    ]
    best = objective_value(problem, base)

    def grow(plan: list[Pair], start: int) -> None:
        nonlocal best
        for i in range(start, len(candidates)):
            bigger = [*plan, candidates[i]]
            if not hard_rule_violations(problem, bigger):
                best = max(best, objective_value(problem, bigger))
                grow(bigger, i + 1)

    grow(base, 0)
    return best


def assert_pinned_explain_infeasibility(problem: Problem, infeasible: bool) -> None:
    pinned_broken = bool(hard_rule_violations(problem, sorted(set(problem.pinned))))
    assert infeasible == pinned_broken


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(shadowers=7, slots=9, required=3))
def test_every_plan_solve_returns_passes_the_checker(doc: dict[str, Any]) -> None:
    problem = parse_problem(doc)
    solution = solve(problem, time_limit_s=1.5, workers=1)
    assert_pinned_explain_infeasibility(problem, solution.status == "INFEASIBLE")
    if solution.status == "INFEASIBLE":
        assert solution.infeasible
        return
    report = check_solution(problem, solution)
    assert report.violations == []
    assert report.ok
    assert solution.objective is not None
    if solution.bound is not None:
        assert solution.bound >= solution.objective


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(shadowers=4, slots=5, required=2))
def test_on_tiny_problems_solve_finds_the_brute_force_optimum(doc: dict[str, Any]) -> None:
    problem = parse_problem(doc)
    optimum = brute_force_optimum(problem)
    solution = solve(problem, time_limit_s=1.5, workers=1)
    if optimum is None:
        assert solution.status == "INFEASIBLE"
        return
    assert check_solution(problem, solution).ok
    assert solution.objective == optimum
    if solution.bound is not None:
        assert solution.bound >= optimum
