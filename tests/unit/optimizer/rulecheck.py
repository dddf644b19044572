"""A brute-force reading of the contract's hard rules, independent of the optimizer's
internals: which rules a set of assignments breaks. Small problems only."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from zoneinfo import ZoneInfo

from optimizer.types import Pair, Problem


def broken_rules(problem: Problem, assignments: Iterable[Pair]) -> set[str]:
    pairs = list(assignments)
    tz = ZoneInfo(problem.horizon.timezone)
    people = {p.id: p for p in problem.people}
    slots = {s.id: s for s in problem.slots}
    rules = problem.rules
    broken: set[str] = set()

    def date(slot_id: str) -> dt.date:
        return slots[slot_id].start.astimezone(tz).date()

    def week(slot_id: str) -> tuple[int, int]:
        year, number, _ = date(slot_id).isocalendar()
        return (year, number)

    def overlap(a: str, b: str) -> bool:
        return slots[a].start < slots[b].end and slots[b].start < slots[a].end

    if len(set(pairs)) != len(pairs):
        broken.add("duplicate")
    by_shadower: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        by_shadower[pair.shadower].append(pair.slot)
        s, t = people[pair.shadower], slots[pair.slot]
        h = people[t.host]
        if not (s.active and s.role == "backroom" and h.active and h.role == "rep") or s.id == h.id:
            broken.add("eligibility")
        if not problem.horizon.start <= date(t.id) <= problem.horizon.end:
            broken.add("eligibility")
        if not t.remote and h.site != s.site:
            broken.add("site")
        for u in problem.unavailability:
            if u.person in (s.id, h.id) and u.start < t.end and t.start < u.end:
                broken.add("availability")
        if pair in problem.forbidden:
            broken.add("forbidden")
    if any(n > slots[t].capacity for t, n in Counter(p.slot for p in pairs).items()):
        broken.add("capacity")
    for shadower, taken in by_shadower.items():
        if len(taken) > problem.required(people[shadower]):
            broken.add("requirement_cap")
        for a, b in combinations(taken, 2):
            if overlap(a, b):
                broken.add("no_double_booking")
            days = rules.min_days_between_sessions
            if days and abs((date(a) - date(b)).days) < days:
                broken.add("spacing")
            if rules.distinct_hosts and slots[a].host == slots[b].host:
                broken.add("distinct_hosts")
        weekly = rules.max_sessions_per_week
        if weekly and any(n > weekly for n in Counter(week(t) for t in taken).values()):
            broken.add("weekly_limit")
    limit = rules.max_hosted_per_host_week
    hosted = {p.slot for p in pairs}
    if limit and any(n > limit for n in Counter((slots[t].host, week(t)) for t in hosted).values()):
        broken.add("host_load")
    for department in problem.departments:
        if department.max_away is None:
            continue
        members = [p for p in pairs if people[p.shadower].department == department.id]
        for p in members:
            instant = slots[p.slot].start
            away = [q for q in members if slots[q.slot].start <= instant < slots[q.slot].end]
            if len(away) > department.max_away:
                broken.add("department_coverage")
    if any(pin not in set(pairs) for pin in problem.pinned):
        broken.add("pinned")
    return broken
