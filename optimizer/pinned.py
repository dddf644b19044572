"""Pinned pairs checked on their own, before any model is built.

If the pinned pairs alone break a hard rule, no plan can hold them all: the problem is
infeasible and each message names the pinned pairs and the rule they break together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations

from optimizer.candidates import pair_breaks
from optimizer.index import Index
from optimizer.types import Pair

RULE_TITLES: dict[str, str] = {
    "eligibility": "rule 1 (eligibility)",
    "site": "rule 2 (site)",
    "capacity": "rule 3 (capacity)",
    "no_double_booking": "rule 4 (no double booking)",
    "availability": "rule 5 (availability)",
    "requirement_cap": "rule 6 (requirement cap)",
    "weekly_limit": "rule 7 (weekly limit)",
    "spacing": "rule 8 (spacing)",
    "host_load": "rule 9 (host load)",
    "distinct_hosts": "rule 10 (distinct hosts)",
    "department_coverage": "rule 11 (department coverage)",
    "forbidden": "rule 12 (pinned and forbidden)",
}

Pin = tuple[Pair, int, int]  # the pair, shadower position, slot position


def _names(pins: list[Pin]) -> str:
    listed = ", ".join(f"({p.shadower}, {p.slot})" for p, _, _ in pins)
    return f"pinned pair {listed}" if len(pins) == 1 else f"pinned pairs {listed}"


def _message(pins: list[Pin], rule: str, detail: str) -> str:
    return f"{_names(pins)} break{'s' if len(pins) == 1 else ''} {RULE_TITLES[rule]}: {detail}"


def _grouped(pins: list[Pin], key: Callable[[Pin], object]) -> list[list[Pin]]:
    groups: dict[object, list[Pin]] = defaultdict(list)
    for pin in pins:
        groups[key(pin)].append(pin)
    return list(groups.values())


def check_pinned(index: Index) -> list[str]:
    """Every hard rule the pinned pairs break among themselves (empty when they fit)."""
    problem, rules = index.problem, index.problem.rules
    pins = [
        (pair, index.person_pos[pair.shadower], index.slot_pos[pair.slot])
        for pair in dict.fromkeys(problem.pinned)
    ]
    messages: list[str] = []
    for pin in pins:
        broken = pair_breaks(index, pin[1], pin[2])
        if broken is not None:
            messages.append(_message([pin], *broken))

    for group in _grouped(pins, lambda p: p[2]):
        capacity = index.slots[group[0][2]].capacity
        if len(group) > capacity:
            messages.append(
                _message(group, "capacity", f"slot {group[0][0].slot} has capacity {capacity}")
            )
    by_shadower = _grouped(pins, lambda p: p[1])
    for group in by_shadower:
        required = index.required[group[0][1]]
        if len(group) > required:
            messages.append(
                _message(group, "requirement_cap", f"{group[0][0].shadower} requires {required}")
            )
        for a, b in combinations(group, 2):
            if index.overlap(a[2], b[2]):
                messages.append(_message([a, b], "no_double_booking", "the slots overlap"))
            if rules.min_days_between_sessions and (
                abs(index.slot_date[a[2]] - index.slot_date[b[2]]) < rules.min_days_between_sessions
            ):
                messages.append(
                    _message(
                        [a, b],
                        "spacing",
                        f"starts less than {rules.min_days_between_sessions} days apart",
                    )
                )
        if rules.max_sessions_per_week:
            for week in _grouped(group, lambda p: index.slot_week[p[2]]):
                if len(week) > rules.max_sessions_per_week:
                    messages.append(
                        _message(
                            week,
                            "weekly_limit",
                            f"more than {rules.max_sessions_per_week} in one ISO week",
                        )
                    )
        if rules.distinct_hosts:
            for same in _grouped(group, lambda p: index.slot_host[p[2]]):
                if len(same) > 1:
                    host = index.slots[same[0][2]].host
                    messages.append(_message(same, "distinct_hosts", f"host {host} twice"))

    if rules.max_hosted_per_host_week:
        for group in _grouped(pins, lambda p: (index.slot_host[p[2]], index.slot_week[p[2]])):
            hosted = {t for _, _, t in group}
            if len(hosted) > rules.max_hosted_per_host_week:
                host = index.slots[group[0][2]].host
                messages.append(
                    _message(
                        group,
                        "host_load",
                        f"host {host} would host {len(hosted)} slots in one ISO week "
                        f"(limit {rules.max_hosted_per_host_week})",
                    )
                )
    messages.extend(_coverage_messages(index, pins))
    return messages


def _coverage_messages(index: Index, pins: list[Pin]) -> list[str]:
    messages = []
    for group in _grouped(pins, lambda p: index.people[p[1]].department):
        department = index.people[group[0][1]].department
        limit = index.department_limit.get(department)
        if limit is None or len(group) <= limit:
            continue
        reported: set[frozenset[int]] = set()
        for _, _, t in group:
            instant = index.slot_start[t]
            away = [p for p in group if index.slot_start[p[2]] <= instant < index.slot_end[p[2]]]
            members = frozenset(id(p) for p in away)
            if len(away) > limit and members not in reported:
                reported.add(members)
                messages.append(
                    _message(
                        away,
                        "department_coverage",
                        f"{len(away)} members of {department} away at "
                        f"{index.slots[t].start.isoformat()} (max_away {limit})",
                    )
                )
    return messages
