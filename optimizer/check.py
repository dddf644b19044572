"""An independent verifier of a solution against the scheduling contract (version 1).

Written apart from the model: it reads only the typed problem and solution, and does its
own calendar arithmetic, so a mistake shared with `constraints.py` would have to be made
twice. Each hard rule is checked directly on the assignments, by one function named after
the rule; every message starts with `rule <n> <name>:` and names the shadower, slot, host
or department at fault.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from optimizer.types import REASON_CODES, Pair, Person, Problem, Slot, Solution

AFFINITY_CAP = 5
PREFERENCE_CAP = 5


@dataclass(frozen=True)
class CheckReport:
    violations: list[str]
    objective: int  # recomputed from the assignments with the contract formula
    ok: bool  # no violation, and the solution's objective is the recomputed one


class _Plan:
    """The problem's indexes and the distinct, known pairs of a solution."""

    def __init__(self, problem: Problem, pairs: Iterable[Pair]) -> None:
        self.problem = problem
        self.rules = problem.rules
        self.zone = ZoneInfo(problem.horizon.timezone)
        self.people = {p.id: p for p in problem.people}
        self.slots = {s.id: s for s in problem.slots}
        self.pairs = sorted(set(pairs))
        self.by_shadower: dict[str, list[Slot]] = defaultdict(list)
        self.by_slot: dict[str, list[str]] = defaultdict(list)
        for pair in self.pairs:
            self.by_shadower[pair.shadower].append(self.slots[pair.slot])
            self.by_slot[pair.slot].append(pair.shadower)
        for own in self.by_shadower.values():
            own.sort(key=lambda slot: (slot.start, slot.id))

    def date(self, slot: Slot) -> dt.date:
        """The slot's start date in the plan timezone."""
        return slot.start.astimezone(self.zone).date()

    def week(self, slot: Slot) -> str:
        year, week, _ = self.date(slot).isocalendar()
        return f"{year}-W{week:02d}"

    def host(self, slot: Slot) -> Person | None:
        return self.people.get(slot.host)


def _overlap(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    return a_start < b_end and b_start < a_end


def _ids(items: Iterable[str]) -> str:
    return ", ".join(f'"{item}"' for item in items)


def _pair(shadower: str, slot: str) -> str:
    return f'("{shadower}", "{slot}")'


# --- the hard rules, one function each ---------------------------------------------------


def _eligibility(plan: _Plan) -> Iterator[str]:
    horizon = plan.problem.horizon
    for pair in plan.pairs:
        where = f"rule 1 eligibility: pair {_pair(pair.shadower, pair.slot)}"
        shadower = plan.people[pair.shadower]
        slot = plan.slots[pair.slot]
        host = plan.host(slot)
        if shadower.role != "backroom":
            yield f'{where}: "{shadower.id}" is a {shadower.role}, not a backroom person'
        if not shadower.active:
            yield f'{where}: shadower "{shadower.id}" is inactive'
        if host is None:
            yield f'{where}: host "{slot.host}" of slot "{slot.id}" is unknown'
        else:
            if host.role != "rep":
                yield f'{where}: host "{host.id}" is a {host.role}, not a rep'
            if not host.active:
                yield f'{where}: host "{host.id}" is inactive'
        if slot.host == shadower.id:
            yield f'{where}: "{shadower.id}" would shadow themselves'
        day = plan.date(slot)
        if not horizon.start <= day <= horizon.end:
            yield (
                f'{where}: slot "{slot.id}" starts on {day} ({horizon.timezone}), '
                f"outside the horizon {horizon.start} to {horizon.end}"
            )


def _site(plan: _Plan) -> Iterator[str]:
    for pair in plan.pairs:
        slot = plan.slots[pair.slot]
        host = plan.host(slot)
        shadower = plan.people[pair.shadower]
        if not slot.remote and host is not None and shadower.site != host.site:
            yield (
                f"rule 2 site: pair {_pair(pair.shadower, pair.slot)}: in-person slot at site "
                f'"{host.site}" of host "{host.id}", shadower\'s site is "{shadower.site}"'
            )


def _capacity(plan: _Plan) -> Iterator[str]:
    for slot_id, shadowers in plan.by_slot.items():
        capacity = plan.slots[slot_id].capacity
        if len(shadowers) > capacity:
            yield (
                f'rule 3 capacity: slot "{slot_id}" has {len(shadowers)} shadowers '
                f"({_ids(shadowers)}), capacity {capacity}"
            )


def _double_booking(plan: _Plan) -> Iterator[str]:
    for shadower, slots in plan.by_shadower.items():
        for i, first in enumerate(slots):
            for second in slots[i + 1 :]:
                if second.start >= first.end:
                    break  # sorted by start: no later slot overlaps `first`
                yield (
                    f'rule 4 no double booking: shadower "{shadower}" attends overlapping '
                    f'slots "{first.id}" and "{second.id}"'
                )


def _availability(plan: _Plan) -> Iterator[str]:
    away: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for entry in plan.problem.unavailability:
        away[entry.person].append((entry.start, entry.end))
    for pair in plan.pairs:
        slot = plan.slots[pair.slot]
        for who, person in (("shadower", pair.shadower), ("host", slot.host)):
            for start, end in away.get(person, ()):
                if _overlap(slot.start, slot.end, start, end):
                    yield (
                        f"rule 5 availability: pair {_pair(pair.shadower, pair.slot)}: "
                        f'{who} "{person}" is unavailable from {start.isoformat()} '
                        f"to {end.isoformat()}"
                    )


def _requirement_cap(plan: _Plan) -> Iterator[str]:
    for shadower, slots in plan.by_shadower.items():
        required = plan.problem.required(plan.people[shadower])
        if len(slots) > required:
            yield (
                f'rule 6 requirement cap: shadower "{shadower}" attends {len(slots)} slots '
                f"({_ids(s.id for s in slots)}), sessions_required {required}"
            )


def _weekly_limit(plan: _Plan) -> Iterator[str]:
    limit = plan.rules.max_sessions_per_week
    if not limit:
        return
    for shadower, slots in plan.by_shadower.items():
        weeks: dict[str, list[str]] = defaultdict(list)
        for slot in slots:
            weeks[plan.week(slot)].append(slot.id)
        for week, ids in weeks.items():
            if len(ids) > limit:
                yield (
                    f'rule 7 weekly limit: shadower "{shadower}" attends {len(ids)} slots in '
                    f"ISO week {week} ({_ids(ids)}), max_sessions_per_week {limit}"
                )


def _spacing(plan: _Plan) -> Iterator[str]:
    gap = plan.rules.min_days_between_sessions
    if not gap:
        return
    for shadower, slots in plan.by_shadower.items():
        for i, first in enumerate(slots):
            for second in slots[i + 1 :]:
                days = abs((plan.date(second) - plan.date(first)).days)
                if days < gap:
                    yield (
                        f'rule 8 spacing: shadower "{shadower}" attends "{first.id}" on '
                        f'{plan.date(first)} and "{second.id}" on {plan.date(second)}, '
                        f"{days} days apart, min_days_between_sessions {gap}"
                    )


def _host_load(plan: _Plan) -> Iterator[str]:
    limit = plan.rules.max_hosted_per_host_week
    if not limit:
        return
    hosted: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slot_id in sorted(plan.by_slot):
        slot = plan.slots[slot_id]
        hosted[(slot.host, plan.week(slot))].append(slot_id)
    for (host, week), ids in hosted.items():
        if len(ids) > limit:
            yield (
                f'rule 9 host load: host "{host}" hosts {len(ids)} slots in ISO week {week} '
                f"({_ids(ids)}), max_hosted_per_host_week {limit}"
            )


def _distinct_hosts(plan: _Plan) -> Iterator[str]:
    if not plan.rules.distinct_hosts:
        return
    for shadower, slots in plan.by_shadower.items():
        met: dict[str, list[str]] = defaultdict(list)
        for slot in slots:
            met[slot.host].append(slot.id)
        for host, ids in met.items():
            if len(ids) > 1:
                yield (
                    f'rule 10 distinct hosts: shadower "{shadower}" meets host "{host}" '
                    f"{len(ids)} times ({_ids(ids)})"
                )


def _department_coverage(plan: _Plan) -> Iterator[str]:
    limits = {d.id: d.max_away for d in plan.problem.departments if d.max_away}
    away: dict[str, list[tuple[Slot, str]]] = defaultdict(list)
    for pair in plan.pairs:
        department = plan.people[pair.shadower].department
        if department in limits:
            away[department].append((plan.slots[pair.slot], pair.shadower))
    for department, attending in away.items():
        limit = limits[department]
        attending.sort(key=lambda item: (item[0].start, item[0].id, item[1]))
        # The count of members away only rises at a slot start: check every one of them,
        # sweeping once through the attendances sorted by start.
        active: list[tuple[Slot, str]] = []
        following = 0
        for instant in sorted({slot.start for slot, _ in attending}):
            while following < len(attending) and attending[following][0].start <= instant:
                active.append(attending[following])
                following += 1
            active = [(slot, shadower) for slot, shadower in active if slot.end > instant]
            members = {shadower for _, shadower in active}
            if len(members) > limit:
                who = ", ".join(f'"{s}" in "{t.id}"' for t, s in sorted(active, key=_by_pair))
                yield (
                    f'rule 11 department coverage: department "{department}" has '
                    f"{len(members)} members away at {instant.isoformat()} ({who}), "
                    f"max_away {limit}"
                )


def _by_pair(item: tuple[Slot, str]) -> tuple[str, str]:
    return (item[1], item[0].id)


def _pinned_and_forbidden(plan: _Plan) -> Iterator[str]:
    chosen = set(plan.pairs)
    for pair in dict.fromkeys(plan.problem.pinned):
        if pair not in chosen:
            yield (
                f"rule 12 pinned and forbidden: pinned pair {_pair(pair.shadower, pair.slot)} "
                "is missing"
            )
    for pair in dict.fromkeys(plan.problem.forbidden):
        if pair in chosen:
            yield (
                f"rule 12 pinned and forbidden: forbidden pair "
                f"{_pair(pair.shadower, pair.slot)} is assigned"
            )


HARD_RULES: tuple[Callable[[_Plan], Iterator[str]], ...] = (
    _eligibility,
    _site,
    _capacity,
    _double_booking,
    _availability,
    _requirement_cap,
    _weekly_limit,
    _spacing,
    _host_load,
    _distinct_hosts,
    _department_coverage,
    _pinned_and_forbidden,
)


# --- public entry points -----------------------------------------------------------------


def _known(problem: Problem, assignments: Iterable[Pair]) -> tuple[list[Pair], list[str]]:
    """The assignments naming a known shadower and slot, and a message for each other one
    and for each repeated pair."""
    people = {p.id for p in problem.people}
    slots = {s.id for s in problem.slots}
    known: list[Pair] = []
    messages: list[str] = []
    counts = Counter(assignments)
    for pair, count in counts.items():
        where = f"assignments: pair {_pair(pair.shadower, pair.slot)}"
        if count > 1:
            messages.append(f"{where} appears {count} times")
        if pair.shadower not in people:
            messages.append(f'{where} names an unknown shadower "{pair.shadower}"')
        if pair.slot not in slots:
            messages.append(f'{where} names an unknown slot "{pair.slot}"')
        if pair.shadower in people and pair.slot in slots:
            known.append(pair)
    return known, messages


def hard_rule_violations(problem: Problem, assignments: Iterable[Pair]) -> list[str]:
    """Every breach of hard rules 1-12 by a set of assignments (plus unknown ids and
    repeated pairs); empty when the plan is valid."""
    known, messages = _known(problem, assignments)
    plan = _Plan(problem, known)
    for rule in HARD_RULES:
        messages.extend(rule(plan))
    return messages


def objective_value(problem: Problem, assignments: Iterable[Pair]) -> int:
    """The contract objective of the distinct, known pairs among `assignments`."""
    known, _ = _known(problem, assignments)
    plan = _Plan(problem, known)
    weights = problem.weights
    met: dict[str, set[str]] = defaultdict(set)
    for entry in problem.history:
        met[entry.shadower].add(entry.host)
    new_hire_since = None
    if problem.rules.new_hire_days:
        new_hire_since = problem.horizon.start - dt.timedelta(days=problem.rules.new_hire_days)

    total = 0
    load: Counter[str] = Counter()
    for pair in plan.pairs:
        shadower = plan.people[pair.shadower]
        slot = plan.slots[pair.slot]
        host = plan.host(slot)
        host_tags = host.tags if host is not None else frozenset()
        affinity = min(AFFINITY_CAP, len(shadower.tags & (slot.tags | host_tags)))
        novelty = slot.host not in met[shadower.id]
        new_hire = (
            new_hire_since is not None
            and shadower.hire_date is not None
            and shadower.hire_date >= new_hire_since
        )
        total += (
            weights.session
            + weights.affinity * affinity
            + weights.novelty * novelty
            + weights.new_hire * new_hire
            + weights.preference * _preference(problem, shadower.id, slot, host_tags)
            - weights.ledger * (host.hosted if host is not None else 0)
        )
        load[slot.host] += 1
    total -= weights.fairness * max(load.values(), default=0)
    total -= weights.change * len(set(problem.previous) - set(plan.pairs))
    return total


def _preference(problem: Problem, shadower: str, slot: Slot, host_tags: frozenset[str]) -> int:
    """Contract v1.1: the weights of the shadower's wishes matching the slot, summed and
    clamped to [-5, 5] (0 without preferences, so v1's objective is unchanged)."""
    total = 0
    for wish in problem.preferences:
        if wish.shadower != shadower:
            continue
        if (
            (wish.host is not None and wish.host == slot.host)
            or (wish.kind is not None and wish.kind == slot.kind)
            or (wish.tag is not None and wish.tag in slot.tags | host_tags)
        ):
            total += wish.weight
    return max(-PREFERENCE_CAP, min(PREFERENCE_CAP, total))


def unmet_violations(problem: Problem, solution: Solution) -> list[str]:
    """`unmet` must list exactly the shadowers below their requirement, each with the
    right `missing` and known reason codes."""
    known, _ = _known(problem, solution.assignments)
    attends = Counter(pair.shadower for pair in known)
    expected = {
        person.id: problem.required(person) - attends[person.id]
        for person in problem.people
        if person.role == "backroom"
        and person.active
        and attends[person.id] < problem.required(person)
    }
    messages: list[str] = []
    listed: dict[str, int] = {}
    for entry in solution.unmet:
        where = f'unmet: shadower "{entry.shadower}"'
        if entry.shadower in listed:
            messages.append(f"{where} is listed more than once")
            continue
        listed[entry.shadower] = entry.missing
        unknown = [code for code in entry.reasons if code not in REASON_CODES]
        if unknown:
            messages.append(f"{where} has unknown reason codes {_ids(unknown)}")
        if entry.shadower not in expected:
            messages.append(f"{where} is listed but is not below their requirement")
        elif entry.missing != expected[entry.shadower]:
            messages.append(
                f"{where} is listed with missing {entry.missing}, "
                f"but misses {expected[entry.shadower]}"
            )
    for shadower, missing in expected.items():
        if shadower not in listed:
            messages.append(
                f'unmet: shadower "{shadower}" misses {missing} sessions but is not listed'
            )
    return messages


def check_solution(problem: Problem, solution: Solution) -> CheckReport:
    """Verify every hard rule, the objective, the `unmet` list and, when there is one, that
    the bound is not below the objective."""
    violations = hard_rule_violations(problem, solution.assignments)
    violations.extend(unmet_violations(problem, solution))
    objective = objective_value(problem, solution.assignments)
    objective_ok = solution.objective == objective
    if not objective_ok:
        violations.append(
            f"objective: the solution says {solution.objective}, recomputed {objective}"
        )
    if solution.bound is not None and solution.bound < objective:
        violations.append(f"bound: {solution.bound} is below the objective {objective}")
    return CheckReport(violations=violations, objective=objective, ok=not violations)
