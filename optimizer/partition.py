"""Partitioned solving: a plan too large for one solve is split into parts that share
little, each part solved as a contract problem of its own (on any worker), then merged.

A part is a group of shadowers: one per site (an in-person slot only takes its site's
shadowers, rule 2), a large site cut into chunks, its members taken department by
department (most departments then fall in one chunk). What the parts share is dealt out
before they are solved, so that the union of their plans breaks no rule:

- seats: each slot goes to the part among those that can use it (its site's parts, or
  every part for a remote slot) whose demand is least covered so far; a pinned pair's seat
  goes to its shadower's part first, then a `previous` pair's;
- host load: a host-week with more slots than `max_hosted_per_host_week` goes whole to one
  part (with at most that many slots a host-week cannot break the rule, however dealt);
- department coverage: a limit is dealt out in proportion to the members in each part; the
  members of a part that gets none are left to the master step.

The master step (`merge`) re-adds the parts' pairs to a plan of the whole problem (pinned
first; a pair that would break a rule is dropped, so the merged plan is valid by
construction), then runs the solver's own search over the boundary: every shadower still
short gets all their candidates, everyone else keeps their part's pairs. Its bound is
proven over the whole problem (`quick_bound`): no plan earns more than each shadower's
best conceivable sessions.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from optimizer.calendar import iso_week
from optimizer.index import build_index
from optimizer.objective import AFFINITY_CAP, is_new_hire
from optimizer.pinned import check_pinned
from optimizer.preferences import wishes_by_shadower
from optimizer.solve import solve
from optimizer.types import Department, Pair, Person, Problem, Slot, Solution, Status

Progress = Callable[[int, int, float], None]

# Estimated candidate pairs above which a plan is split: below, one solve on lean candidates
# does it in one process (L, 10,000 staff, ~10^8 pairs: 0.4 GiB, 116 s of 120); above, the
# parts let several workers share it (XL, 50,000 staff, ~2 x 10^9 pairs).
PARTITION_MIN_PAIRS = 200_000_000
PART_SHADOWERS = 1_000
# The master step's share of a partitioned solve's time (the parts share the rest).
MASTER_SHARE = 0.15
# v1.1: a pair's preference is clamped to this (contract).
_PREFERENCE_CAP = 5


@dataclass(frozen=True)
class Part:
    name: str  # e.g. "DET" or "DET-2": short, for progress and logs
    problem: Problem  # a contract problem of its own
    pairs: int  # estimated candidate pairs: its share of the work


def shadowers_of(problem: Problem) -> list[Person]:
    """The people who need sessions: active backroom staff with a requirement."""
    return [
        p for p in problem.people if p.active and p.role == "backroom" and problem.required(p) > 0
    ]


def _open_slots(problem: Problem) -> list[Slot]:
    """Slots that can take anyone: an active rep host and room (rule 1, capacity)."""
    people = {p.id: p for p in problem.people}
    return [
        t
        for t in problem.slots
        if t.capacity > 0 and people[t.host].active and people[t.host].role == "rep"
    ]


def estimated_pairs(problem: Problem) -> int:
    """Candidate pairs before availability: each shadower times the slots of their site
    and the remote ones (cheap: no pair is built)."""
    people = {p.id: p for p in problem.people}
    remote = 0
    at_site: dict[str, int] = defaultdict(int)
    for t in _open_slots(problem):
        if t.remote:
            remote += 1
        else:
            at_site[people[t.host].site] += 1
    return sum(at_site[p.site] + remote for p in shadowers_of(problem))


def partition_wanted(
    problem: Problem, *, min_pairs: int = PARTITION_MIN_PAIRS, part_shadowers: int = PART_SHADOWERS
) -> bool:
    """Large enough to be worth splitting, and splittable (more than one group)."""
    if estimated_pairs(problem) < min_pairs:
        return False
    return len(_groups(problem, part_shadowers)) > 1


def _groups(problem: Problem, part_shadowers: int) -> list[tuple[str, str, list[Person]]]:
    """(name, site, shadowers) per part: a site each, a large one in chunks of at most
    `part_shadowers`, cut between departments where the sizes allow."""
    by_site: dict[str, list[Person]] = defaultdict(list)
    for person in shadowers_of(problem):
        by_site[person.site].append(person)
    groups: list[tuple[str, str, list[Person]]] = []
    for site in sorted(by_site):
        members = sorted(by_site[site], key=lambda p: (p.department, p.id))
        chunks = math.ceil(len(members) / part_shadowers)
        if chunks == 1:
            groups.append((site, site, members))
            continue
        size = math.ceil(len(members) / chunks)
        for n in range(chunks):
            groups.append((f"{site}-{n + 1}", site, members[n * size : (n + 1) * size]))
    return [g for g in groups if g[2]]


class _Dealer:
    """Deals seats to parts, to the part whose demand is least covered so far."""

    def __init__(self, demand: list[int]) -> None:
        self.demand = [max(1, d) for d in demand]
        self.supply = [0] * len(demand)
        self.seats: list[dict[str, int]] = [defaultdict(int) for _ in demand]

    def give(self, part: int, slot: Slot, room: dict[str, int], seats: int = 1) -> None:
        seats = min(seats, room[slot.id])
        room[slot.id] -= seats
        self.seats[part][slot.id] += seats
        self.supply[part] += seats

    def neediest(self, parts: Sequence[int]) -> int:
        return min(parts, key=lambda i: (self.supply[i] / self.demand[i], i))


def _deal_seats(
    problem: Problem, groups: list[tuple[str, str, list[Person]]], part_of: dict[str, int]
) -> list[dict[str, int]]:
    people = {p.id: p for p in problem.people}
    by_site: dict[str, list[int]] = defaultdict(list)
    for i, (_, site, _) in enumerate(groups):
        by_site[site].append(i)
    everyone = list(range(len(groups)))
    dealer = _Dealer([sum(problem.required(p) for p in g[2]) for g in groups])
    slots = _open_slots(problem)
    by_id = {t.id: t for t in slots}
    room = {t.id: t.capacity for t in slots}

    def parts_for(slot: Slot) -> list[int]:
        return everyone if slot.remote else by_site.get(people[slot.host].site, [])

    # A host-week with more slots than the host-load limit goes whole to one part: the
    # part of a pin in it if there is one, else the neediest part that can use them all.
    tz = problem.horizon.timezone
    limit = problem.rules.max_hosted_per_host_week
    host_week: dict[tuple[str, tuple[int, int]], list[Slot]] = defaultdict(list)
    for t in slots:
        if parts_for(t):
            host_week[(t.host, iso_week(t.start, tz))].append(t)
    pinned_part = {
        pin.slot: part_of[pin.shadower] for pin in problem.pinned if pin.shadower in part_of
    }
    owner: dict[str, int] = {}  # slot -> the one part of an overfull host-week
    for week_slots in host_week.values():
        if not limit or len(week_slots) <= limit:
            continue
        pins = [pinned_part[t.id] for t in week_slots if t.id in pinned_part]
        shared = set(everyone).intersection(*(parts_for(t) for t in week_slots))
        chosen = pins[0] if pins else dealer.neediest(sorted(shared or everyone))
        owner.update((t.id, chosen) for t in week_slots)

    def usable(slot: Slot) -> list[int]:
        parts = parts_for(slot)
        return (
            [owner[slot.id]]
            if slot.id in owner and owner[slot.id] in parts
            else ([] if slot.id in owner else parts)
        )

    # A pinned pair's seat first, then a previous pair's (keeping it is worth w.change).
    for pair in (*dict.fromkeys(problem.pinned), *dict.fromkeys(problem.previous)):
        part, slot = part_of.get(pair.shadower), by_id.get(pair.slot)
        if part is not None and slot is not None and part in usable(slot):
            dealer.give(part, slot, room)

    # A slot's seats go together (a part then sees fewer slots: fewer pairs to weigh), the
    # in-person ones first: a remote slot then goes where the site is short.
    for t in sorted(slots, key=lambda t: (t.remote, t.start, t.id)):
        parts = usable(t)
        if parts and room[t.id] > 0:
            dealer.give(dealer.neediest(parts), t, room, room[t.id])
    return dealer.seats


def _deal_limits(
    departments: Sequence[Department],
    groups: list[tuple[str, str, list[Person]]],
    pinned: set[str],
) -> list[dict[str, int]]:
    """Each department's max_away dealt out: one first to each part with a pinned member
    (largest parts first, while the limit lasts), the rest in proportion to the members in
    each part (largest remainders first). A part absent from a department's map gets 0."""
    shares: list[dict[str, int]] = [{} for _ in groups]
    for department in departments:
        if department.max_away is None:
            continue
        members = [sum(p.department == department.id for p in g[2]) for g in groups]
        total = sum(members)
        if not total:
            continue
        pins = [
            i
            for i, (_, _, people) in enumerate(groups)
            if any(p.department == department.id and p.id in pinned for p in people)
        ]
        given = [0] * len(groups)
        for i in sorted(pins, key=lambda i: (-members[i], i))[: department.max_away]:
            given[i] = 1
        rest = department.max_away - sum(given)
        exact = [rest * m / total for m in members]
        floors = [math.floor(e) for e in exact]
        order = sorted(range(len(groups)), key=lambda i: (floors[i] - exact[i], i))
        for i in order[: rest - sum(floors)]:
            floors[i] += 1
        given = [g + f for g, f in zip(given, floors, strict=True)]
        for i, k in enumerate(given):
            if members[i] and k:
                shares[i][department.id] = k
    return shares


def split(problem: Problem, *, part_shadowers: int = PART_SHADOWERS) -> list[Part]:
    """The parts of a plan, each a contract problem of its own (deterministic)."""
    groups = _groups(problem, part_shadowers)
    part_of = {p.id: i for i, (_, _, members) in enumerate(groups) for p in members}
    seats = _deal_seats(problem, groups, part_of)
    limits = _deal_limits(problem.departments, groups, {p.shadower for p in problem.pinned})
    limited = {d.id for d in problem.departments if d.max_away is not None}
    reps = [p for p in problem.people if p.role != "backroom"]
    return [
        _part(problem, name, members, reps, seats[i], limits[i], limited)
        for i, (name, _, members) in enumerate(groups)
    ]


def _part(
    problem: Problem,
    name: str,
    members: list[Person],
    reps: list[Person],
    seats: dict[str, int],
    limits: dict[str, int],
    limited: set[str],
) -> Part:
    # A member of a limited department whose share here is 0 waits for the master step.
    shadowers = [p for p in members if p.department not in limited or p.department in limits]
    ids = {p.id for p in shadowers}
    people = {p.id for p in reps} | ids
    slots = tuple(replace(t, capacity=seats[t.id]) for t in problem.slots if seats.get(t.id, 0) > 0)
    slot_ids = {t.id for t in slots}

    def pairs(items: Sequence[Pair]) -> tuple[Pair, ...]:
        return tuple(p for p in items if p.shadower in ids and p.slot in slot_ids)

    departments = tuple(
        Department(d.id, limits[d.id]) if d.id in limits else Department(d.id)
        for d in problem.departments
        if d.max_away is None or d.id in limits
    )
    part = replace(
        problem,
        departments=departments,
        people=tuple(p for p in problem.people if p.id in people),
        slots=slots,
        unavailability=tuple(u for u in problem.unavailability if u.person in people),
        history=tuple(h for h in problem.history if h.shadower in ids and h.host in people),
        pinned=pairs(problem.pinned),
        forbidden=pairs(problem.forbidden),
        previous=pairs(problem.previous),
        preferences=tuple(
            w for w in problem.preferences if w.shadower in ids and (w.host or "") in people | {""}
        ),
    )
    return Part(name=name, problem=part, pairs=estimated_pairs(part))


def quick_bound(problem: Problem) -> int:
    """A proven bound on the whole problem's objective, without building a pair: the
    smaller of the sessions wanted and the seats on offer, each at the best conceivable
    value (every tag of the shadower's shared, up to the cap; a new host; every positive
    wish met; a previous pair kept, free of its change penalty). Seats are counted per
    host and ISO week, the largest `max_hosted_per_host_week` slots. Penalties only lower
    the objective (fairness, ledger)."""
    w = problem.weights
    wishes = wishes_by_shadower(problem)
    previous: dict[str, int] = defaultdict(int)
    for pair in set(problem.previous):
        previous[pair.shadower] += 1
    demand = 0
    best_weight = 0
    for person in shadowers_of(problem):
        liked = sum(max(0, wish.weight) for wish in wishes.get(person.id, ()))
        best = max(
            0,
            w.session
            + w.affinity * min(AFFINITY_CAP, len(person.tags))
            + w.novelty
            + w.new_hire * is_new_hire(problem, person)
            + w.preference * min(_PREFERENCE_CAP, liked),
        )
        required = problem.required(person)
        demand += required * best + w.change * min(required, previous[person.id])
        best_weight = max(best_weight, best + w.change * (previous[person.id] > 0))
    limit = problem.rules.max_hosted_per_host_week
    by_host_week: dict[tuple[str, tuple[int, int]], list[int]] = defaultdict(list)
    for t in _open_slots(problem):
        by_host_week[(t.host, iso_week(t.start, problem.horizon.timezone))].append(t.capacity)
    seats = sum(
        sum(sorted(caps, reverse=True)[:limit] if limit else caps) for caps in by_host_week.values()
    )
    return min(demand, seats * best_weight) - w.change * len(set(problem.previous))


def merge(
    problem: Problem,
    solutions: Sequence[Solution],
    *,
    time_limit_s: float,
    workers: int = 1,
    on_progress: Progress | None = None,
    stop_event: threading.Event | None = None,
) -> Solution:
    """The master step: the union of the parts' plans, filled and improved over the whole
    problem for `time_limit_s`. A Solution of the whole problem (objective exact, bound
    proven), with the parts' figures in its stats."""
    started = time.monotonic()
    union = sorted({pair for s in solutions for pair in s.assignments})
    result = solve(
        problem,
        time_limit_s=time_limit_s,
        workers=workers,
        on_progress=on_progress,
        stop_event=stop_event,
        start=union,
        keep_placed=True,
    )
    if result.status == "INFEASIBLE":  # the pinned pairs alone break a rule
        return result
    # The search worked on part of the pairs (who is placed keeps their part's): its own
    # bound is not the problem's. The quick bound is, over every pair.
    bound = quick_bound(problem)
    objective = result.objective
    status: Status = "OPTIMAL" if objective is not None and objective >= bound else "FEASIBLE"
    stats = dict(result.stats)
    stats |= {
        "parts": len(solutions),
        "parts_objective": sum(s.objective or 0 for s in solutions),
        "parts_wall_s": round(sum(float(s.stats.get("wall_s", 0.0)) for s in solutions), 3),
        "merged_pairs": len(union),
        "master_s": round(time.monotonic() - started, 3),
    }
    return replace(result, status=status, bound=bound, stats=stats)


def part_time_limits(parts: Sequence[Part], budget_s: float) -> list[float]:
    """Each part's time limit: `budget_s` of solving shared in proportion to its size
    (at least a second each)."""
    total = sum(max(1, part.pairs) for part in parts) or 1
    return [max(1.0, budget_s * max(1, part.pairs) / total) for part in parts]


def solve_partitioned(
    problem: Problem,
    *,
    time_limit_s: float = 60.0,
    workers: int = 2,
    on_progress: Progress | None = None,
    stop_event: threading.Event | None = None,
    part_shadowers: int = PART_SHADOWERS,
) -> Solution:
    """In-process: split, solve the parts one after another, merge. The parts share
    (1 - MASTER_SHARE) of the time in proportion to their size."""
    started = time.monotonic()
    infeasible = check_pinned(build_index(problem))
    if infeasible:  # before any part runs: the pinned pairs alone break a rule
        return Solution(status="INFEASIBLE", infeasible=tuple(infeasible))
    parts = split(problem, part_shadowers=part_shadowers)
    limits = part_time_limits(parts, (1 - MASTER_SHARE) * time_limit_s)
    solutions: list[Solution] = []
    done = 0
    for part, limit in zip(parts, limits, strict=True):
        if stop_event is not None and stop_event.is_set():
            break
        offset = done

        def report(objective: int, bound: int, _: float, offset: int = offset) -> None:
            if on_progress is not None:
                on_progress(offset + objective, offset + bound, time.monotonic() - started)

        solution = solve(
            part.problem,
            time_limit_s=limit,
            workers=workers,
            on_progress=report,
            stop_event=stop_event,
        )
        solutions.append(solution)
        done += solution.objective or 0
    left = time_limit_s - (time.monotonic() - started)
    return merge(
        problem,
        solutions,
        time_limit_s=max(1.0, left),
        workers=workers,
        on_progress=on_progress,
        stop_event=stop_event,
    )
