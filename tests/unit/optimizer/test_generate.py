"""The problem generator: reproducible, valid, realistic, and tight when asked."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import cache
from typing import Any

from optimizer import Problem, parse_problem
from optimizer.check import hard_rule_violations
from optimizer.generate import generate_problem


@cache
def small(*, tight: bool = False, seed: int = 1) -> dict[str, Any]:
    return generate_problem(shadowers=200, hosts=40, weeks=12, seed=seed, tight=tight)


def demand(problem: Problem) -> int:
    return sum(problem.required(p) for p in problem.people if p.role == "backroom" and p.active)


def seats(problem: Problem) -> int:
    return sum(slot.capacity for slot in problem.slots)


def test_the_same_seed_gives_the_same_document() -> None:
    again = generate_problem(shadowers=200, hosts=40, weeks=12, seed=1)
    assert json.dumps(again) == json.dumps(small())
    assert json.dumps(small(seed=2)) != json.dumps(small())


def test_generated_documents_pass_the_parser() -> None:
    for doc in (
        small(),
        small(tight=True),
        generate_problem(shadowers=1, hosts=1, weeks=1, seed=3),
    ):
        problem = parse_problem(doc)
        assert problem.slots


def test_the_horizon_spans_the_weeks_asked_for() -> None:
    problem = parse_problem(small())
    assert problem.horizon.start == dt.date(2027, 1, 4)
    assert problem.horizon.end == dt.date(2027, 3, 28)
    assert problem.horizon.timezone == "America/Detroit"


def test_a_horizon_starting_midweek_holds_only_slots_inside_it() -> None:
    doc = generate_problem(shadowers=30, hosts=8, weeks=2, seed=4, start=dt.date(2027, 1, 6))
    problem = parse_problem(doc)
    days = {slot.start.date() for slot in problem.slots}
    assert min(days) >= dt.date(2027, 1, 6)
    assert max(days) <= dt.date(2027, 1, 19)


def test_the_company_is_realistic() -> None:
    problem = parse_problem(small())
    shadowers = [p for p in problem.people if p.role == "backroom"]
    hosts = [p for p in problem.people if p.role == "rep"]
    assert (len(shadowers), len(hosts)) == (200, 40)
    sites = Counter(p.site for p in shadowers)
    assert 3 <= len(sites) <= 5
    assert sites.most_common(1)[0][1] >= 0.4 * len(shadowers)  # one big site
    limited = [d for d in problem.departments if d.max_away]
    assert len(problem.departments) >= 8
    assert len(limited) >= 6
    assert {s.kind for s in problem.slots} == {
        "ride_along",
        "customer_visit",
        "sales_calls",
        "lunch_and_learn",
    }
    assert {s.capacity for s in problem.slots} == {1, 2, 3}
    assert 0.05 < sum(s.remote for s in problem.slots) / len(problem.slots) < 0.4
    per_host_week = Counter((s.host, s.start.isocalendar()[1]) for s in problem.slots)
    assert set(per_host_week.values()) == {1, 2, 3}
    assert all(p.tags for p in hosts)
    assert {problem.required(p) for p in shadowers} == {1, 2, 3}
    assert Counter(problem.required(p) for p in shadowers).most_common(1)[0][0] == 2
    away = {u.person for u in problem.unavailability}
    assert away & {p.id for p in shadowers}
    assert away & {p.id for p in hosts}
    assert len({h.shadower for h in problem.history}) > 40
    start = problem.horizon.start
    new_hires = [p for p in shadowers if p.hire_date and p.hire_date >= start - dt.timedelta(90)]
    assert 10 < len(new_hires) < 60
    assert problem.rules.max_sessions_per_week == 1
    assert problem.rules.min_days_between_sessions == 7
    assert problem.rules.max_hosted_per_host_week == 3
    assert problem.rules.distinct_hosts
    assert problem.rules.new_hire_days == 90


def test_the_small_company_offers_tens_of_thousands_of_pairs() -> None:
    problem = parse_problem(small())
    site = {p.id: p.site for p in problem.people}
    per_site = Counter(p.site for p in problem.people if p.role == "backroom")
    everyone = sum(per_site.values())
    pairs = sum(everyone if s.remote else per_site[site[s.host]] for s in problem.slots)
    assert 10_000 <= pairs < 100_000


def test_pinned_pairs_are_valid_on_their_own_and_forbidden_ones_differ() -> None:
    for doc in (small(), small(tight=True)):
        problem = parse_problem(doc)
        assert problem.pinned
        assert problem.forbidden
        assert hard_rule_violations(problem, problem.pinned) == []
        assert not set(problem.pinned) & set(problem.forbidden)


def test_previous_pairs_come_only_when_asked_for() -> None:
    assert small()["previous"] == []
    doc = generate_problem(shadowers=100, hosts=20, weeks=6, seed=5, previous=0.3)
    problem = parse_problem(doc)
    shadowers = {pair.shadower for pair in problem.previous}
    assert 15 < len(shadowers) < 45


def test_a_tight_company_requires_more_sessions_than_it_has_seats() -> None:
    loose, tight = parse_problem(small()), parse_problem(small(tight=True))
    assert seats(loose) > demand(loose)
    assert seats(tight) < 0.8 * demand(tight)
    big = parse_problem(generate_problem(shadowers=600, hosts=90, weeks=4, seed=6, tight=True))
    assert seats(big) < demand(big)


@cache
def hard(seed: int = 1) -> dict[str, Any]:
    from optimizer.hard import generate_hard_problem

    return generate_hard_problem(seed=seed)


def test_the_hard_family_is_reproducible_and_parses() -> None:
    from optimizer.hard import generate_hard_problem

    assert json.dumps(generate_hard_problem(seed=1)) == json.dumps(hard())
    assert json.dumps(hard(2)) != json.dumps(hard())
    for seed in (1, 2, 3):
        assert parse_problem(hard(seed)).slots


def test_the_hard_family_has_what_makes_it_hard() -> None:
    problem = parse_problem(hard())
    rules = problem.rules
    assert rules.max_sessions_per_week == 1
    assert rules.min_days_between_sessions == 10
    assert rules.max_hosted_per_host_week is not None
    # Hosts offer more slots a week than they may host.
    per_host_week = Counter((s.host, s.start.isocalendar()[:2]) for s in problem.slots)
    assert min(per_host_week.values()) > rules.max_hosted_per_host_week
    # At the largest site, demand is above the seats its hosts may open (plus every remote
    # seat): the largest capacities of `max_hosted_per_host_week` slots per host-week.
    people = {p.id: p for p in problem.people}
    site = Counter(p.site for p in problem.people if p.role == "backroom").most_common(1)[0][0]
    caps: dict[tuple[str, tuple[int, int]], list[int]] = {}
    for s in problem.slots:
        if people[s.host].site == site and not s.remote:
            caps.setdefault((s.host, s.start.isocalendar()[:2]), []).append(s.capacity)
    seats = sum(sum(sorted(c)[-rules.max_hosted_per_host_week :]) for c in caps.values())
    seats += sum(s.capacity for s in problem.slots if s.remote)
    local = [p for p in problem.people if p.role == "backroom" and p.site == site]
    assert sum(problem.required(p) for p in local) > seats
    assert {s.capacity for s in problem.slots} == {1, 2, 3}
    hours = {(s.end - s.start).total_seconds() / 3600 for s in problem.slots}
    assert min(hours) == 2
    assert max(hours) == 8
    remote = sum(s.remote for s in problem.slots) / len(problem.slots)
    assert 0.05 < remote < 0.15
    shadowers = [p for p in problem.people if p.role == "backroom"]
    sizes = Counter(p.department for p in shadowers)
    assert all(20 <= size <= 30 for size in sizes.values())
    assert {d.max_away for d in problem.departments} == {1, 2, 3, 4}
    away = {u.person for u in problem.unavailability}
    assert 0.15 < len(away & {p.id for p in shadowers}) / len(shadowers) < 0.35
    # The horizon crosses the spring-forward change of its timezone.
    offsets = {s.start.utcoffset() for s in problem.slots}
    assert len(offsets) == 2


def test_many_sites_are_uneven_and_every_site_has_a_rep() -> None:
    problem = parse_problem(generate_problem(shadowers=900, hosts=120, weeks=2, seed=1, sites=15))
    staff = Counter(p.site for p in problem.people if p.role == "backroom")
    reps = Counter(p.site for p in problem.people if p.role == "rep")
    assert len(staff) == 15 and set(reps) == set(staff)
    largest, smallest = max(staff.values()), min(staff.values())
    assert largest > 5 * smallest  # one large site, a tail of small ones


def test_the_site_count_is_checked() -> None:
    import pytest

    with pytest.raises(ValueError, match="sites"):
        generate_problem(shadowers=10, hosts=2, weeks=1, seed=1, sites=21)
