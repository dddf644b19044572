"""The CP-SAT model: one `add_<rule>` per hard rule of the contract, objective terms beside.

Rules 1 (eligibility), 2 (site), 5 (availability) and the forbidden half of 12 need no
constraint: `candidates.build_candidates` never creates a pair that breaks them (see
`candidates.PRUNING_RULES`). Every other rule is a function here, registered in
`HARD_RULES` in contract order, so a test can build the model without any one of them.

Each rule reads the candidates through their indexes (by shadower, by slot, by start) and
adds at-most-one or small linear constraints; none scans all pairs against all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.candidates import Candidates, IntArray


@dataclass(eq=False)
class SchedulingModel:
    """A CP-SAT model over candidate pairs: `x[k]` is 1 when pair k is in the plan."""

    cands: Candidates
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: list[cp_model.IntVar] = field(default_factory=list)
    hosted: dict[int, cp_model.IntVar] = field(default_factory=dict)  # slot -> has a shadower
    max_load: cp_model.IntVar | None = None  # max sessions hosted by one host (fairness)
    objective_offset: int = 0
    rules: frozenset[str] = frozenset()  # names of the hard rules in this model

    # Plain-list views of the candidates, for fast loops while building.
    slot: list[int] = field(default_factory=list)
    by_shadower: dict[int, list[int]] = field(default_factory=dict)
    by_slot: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cands = self.cands
        self.x = [self.model.new_bool_var(f"x{k}") for k in range(len(cands))]
        self.slot = cands.slot.tolist()
        self.by_shadower = {s: list(cands.of_shadower(s)) for s in cands.shadowers()}
        self.by_slot = {t: cands.of_slot(t).tolist() for t in cands.slots_used()}

    def at_most(self, pairs: Sequence[int], limit: int) -> None:
        """At most `limit` of these pairs; nothing when the limit cannot bind."""
        if len(pairs) <= limit:
            return
        if limit == 1:
            self.model.add_at_most_one(self.x[k] for k in pairs)
        else:
            self.model.add(cp_model.LinearExpr.sum([self.x[k] for k in pairs]) <= limit)


Rule = Callable[[SchedulingModel], None]


def _maximal_overlap_groups(
    items: Iterable[int], start: Callable[[int], int], end: Callable[[int], int]
) -> list[list[int]]:
    """Maximal sets of items whose intervals share an instant (sweep over starts).

    In an interval graph every clique is inside one of these, so "at most k per group"
    is "at most k at any instant". Each group is taken at the start of its last member.
    """
    groups: list[list[int]] = []
    active: list[int] = []
    for item in sorted(items, key=start):
        now = start(item)
        still = [a for a in active if end(a) > now]
        if len(still) < len(active):
            groups.append(active)  # everything in `active` covered the previous start
        active = [*still, item]
    if active:
        groups.append(active)
    return groups


# --- hard rules ----------------------------------------------------------------------------


def add_capacity(m: SchedulingModel) -> None:
    """Rule 3: at most capacity(t) shadowers in slot t."""
    slots = m.cands.index.slots
    for t, pairs in m.by_slot.items():
        m.at_most(pairs, slots[t].capacity)


def add_no_double_booking(m: SchedulingModel) -> None:
    """Rule 4: a shadower attends at most one of any set of slots sharing an instant.

    A group already bounded by one at-most-one of spacing (all on one date) or of a
    weekly limit of 1 (all in one ISO week) is skipped when that rule is in the model.
    """
    index, slot = m.cands.index, m.slot
    rules = index.problem.rules
    same_date = "spacing" in m.rules and bool(rules.min_days_between_sessions)
    same_week = "weekly_limit" in m.rules and rules.max_sessions_per_week == 1
    for pairs in m.by_shadower.values():
        for group in _maximal_overlap_groups(
            pairs, lambda k: index.slot_start[slot[k]], lambda k: index.slot_end[slot[k]]
        ):
            if len(group) < 2:
                continue
            if same_date and len({index.slot_date[slot[k]] for k in group}) == 1:
                continue
            if same_week and len({index.slot_week[slot[k]] for k in group}) == 1:
                continue
            m.at_most(group, 1)


def add_requirement_cap(m: SchedulingModel) -> None:
    """Rule 6: a shadower attends at most sessions_required slots."""
    required = m.cands.index.required
    for s, pairs in m.by_shadower.items():
        m.at_most(pairs, required[s])


def add_weekly_limit(m: SchedulingModel) -> None:
    """Rule 7: at most max_sessions_per_week slots per shadower per ISO week (plan tz)."""
    limit = m.cands.index.problem.rules.max_sessions_per_week
    if not limit:
        return
    week, slot = m.cands.index.slot_week, m.slot
    for pairs in m.by_shadower.values():
        by_week: dict[int, list[int]] = defaultdict(list)
        for k in pairs:
            by_week[week[slot[k]]].append(k)
        for group in by_week.values():
            m.at_most(group, limit)


def add_spacing(m: SchedulingModel) -> None:
    """Rule 8: a shadower's slots start at least min_days_between_sessions dates apart.

    Two dates are closer than d days exactly when both fall in some window of d
    consecutive dates, so "at most one per window starting at each candidate date"
    states the rule for every pair at once. Windows inside an earlier one are skipped.
    """
    days = m.cands.index.problem.rules.min_days_between_sessions
    if not days:
        return
    date, slot = m.cands.index.slot_date, m.slot
    for pairs in m.by_shadower.values():
        ordered = sorted(pairs, key=lambda k: date[slot[k]])
        last_end = -1  # exclusive end of the previous emitted window, as a position
        hi = 0
        for lo, k in enumerate(ordered):
            if lo and date[slot[ordered[lo - 1]]] == date[slot[k]]:
                continue
            hi = max(hi, lo)
            while hi < len(ordered) and date[slot[ordered[hi]]] < date[slot[k]] + days:
                hi += 1
            if hi > last_end:
                m.at_most(ordered[lo:hi], 1)
                last_end = hi


def add_host_load(m: SchedulingModel) -> None:
    """Rule 9: a host has a shadower in at most max_hosted_per_host_week slots per ISO week.

    `hosted[t]` is implied by every pair of slot t; the hosted slots of one host-week are
    counted. Host-weeks with no more candidate slots than the limit need nothing.
    """
    limit = m.cands.index.problem.rules.max_hosted_per_host_week
    if not limit:
        return
    index = m.cands.index
    by_host_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t in m.by_slot:
        by_host_week[(index.slot_host[t], index.slot_week[t])].append(t)
    for slots in by_host_week.values():
        if len(slots) <= limit:
            continue
        for t in slots:
            hosted = m.model.new_bool_var(f"hosted{t}")
            m.hosted[t] = hosted
            for k in m.by_slot[t]:
                m.model.add_implication(m.x[k], hosted)
        m.model.add(cp_model.LinearExpr.sum([m.hosted[t] for t in slots]) <= limit)


def add_distinct_hosts(m: SchedulingModel) -> None:
    """Rule 10: with distinct_hosts, a shadower meets each host at most once."""
    if not m.cands.index.problem.rules.distinct_hosts:
        return
    host, slot = m.cands.index.slot_host, m.slot
    for pairs in m.by_shadower.values():
        by_host: dict[int, list[int]] = defaultdict(list)
        for k in pairs:
            by_host[host[slot[k]]].append(k)
        for group in by_host.values():
            m.at_most(group, 1)


def add_department_coverage(m: SchedulingModel) -> None:
    """Rule 11: at no instant are more than max_away members of a department attending.

    For each department with a limit, the slots its members can attend are swept by start;
    each maximal set of slots sharing an instant bounds the members' pairs in it.
    """
    index = m.cands.index
    members: dict[str, list[int]] = defaultdict(list)
    for s in m.by_shadower:
        department = index.people[s].department
        if department in index.department_limit:
            members[department].append(s)
    for department, people in members.items():
        limit = index.department_limit[department]
        if len(people) <= limit:
            continue
        pairs_by_slot: dict[int, list[int]] = defaultdict(list)
        for s in people:
            for k in m.by_shadower[s]:
                pairs_by_slot[m.slot[k]].append(k)
        for group in _maximal_overlap_groups(
            pairs_by_slot, index.slot_start.__getitem__, index.slot_end.__getitem__
        ):
            m.at_most([k for t in group for k in pairs_by_slot[t]], limit)


def add_pinned(m: SchedulingModel) -> None:
    """Rule 12 (pinned half): every pinned pair is in the plan.

    `solve` checks pinned pairs first; a pinned pair that is not a candidate is reported
    as infeasible there, so here it is a programming error.
    """
    index = m.cands.index
    for pin in index.problem.pinned:
        k = m.cands.find(index.person_pos[pin.shadower], index.slot_pos[pin.slot])
        if k is None:
            msg = f"pinned pair ({pin.shadower}, {pin.slot}) is not a candidate"
            raise ValueError(msg)
        m.model.add(m.x[k] == 1)


# Contract order. Rules 1, 2, 5 and forbidden are enforced by candidate generation.
HARD_RULES: tuple[tuple[str, Rule], ...] = (
    ("capacity", add_capacity),
    ("no_double_booking", add_no_double_booking),
    ("requirement_cap", add_requirement_cap),
    ("weekly_limit", add_weekly_limit),
    ("spacing", add_spacing),
    ("host_load", add_host_load),
    ("distinct_hosts", add_distinct_hosts),
    ("department_coverage", add_department_coverage),
    ("pinned", add_pinned),
)


# --- objective -----------------------------------------------------------------------------


def pair_weights(cands: Candidates) -> IntArray:
    """Per-pair objective coefficient: the pair's value plus the change weight for a
    `previous` pair (keeping it avoids that pair's change penalty)."""
    weights = cands.value.copy()
    index = cands.index
    change = index.problem.weights.change
    for prev in set(index.problem.previous):
        k = cands.find(index.person_pos[prev.shadower], index.slot_pos[prev.slot])
        if k is not None:
            weights[k] += change
    return weights


def add_fairness(m: SchedulingModel) -> cp_model.LinearExpr | int:
    """The fairness term: -w.fairness * (max over hosts of sessions hosted)."""
    fairness = m.cands.index.problem.weights.fairness
    if not fairness or not len(m.cands):
        return 0
    index = m.cands.index
    by_host: dict[int, list[int]] = defaultdict(list)
    for t, pairs in m.by_slot.items():
        by_host[index.slot_host[t]].extend(pairs)

    def most(pairs: list[int]) -> int:
        if "capacity" not in m.rules:
            return len(pairs)
        return min(len(pairs), sum(index.slots[t].capacity for t in {m.slot[k] for k in pairs}))

    top = max(most(pairs) for pairs in by_host.values())
    m.max_load = m.model.new_int_var(0, top, "max_load")
    for pairs in by_host.values():
        m.model.add(cp_model.LinearExpr.sum([m.x[k] for k in pairs]) <= m.max_load)
    return -fairness * m.max_load


def set_objective(m: SchedulingModel) -> None:
    """Maximise the contract objective (the change penalty of lost previous pairs becomes
    a bonus on kept ones plus a constant)."""
    problem = m.cands.index.problem
    m.objective_offset = -problem.weights.change * len(set(problem.previous))
    gains = cp_model.LinearExpr.weighted_sum(m.x, pair_weights(m.cands).tolist())
    m.model.maximize(gains + add_fairness(m) + m.objective_offset)


class Interrupted(Exception):  # noqa: N818 - it is not an error
    """The caller asked to stop while a model was being built or solved."""


def build_model(
    cands: Candidates,
    rules: Sequence[tuple[str, Rule]] = HARD_RULES,
    *,
    stop: Callable[[], bool] | None = None,
) -> SchedulingModel:
    """The full model: variables, the given hard rules, and the objective.

    A large model takes seconds to build: `stop` is asked between rules, and a true
    answer raises Interrupted.
    """
    m = SchedulingModel(cands=cands, rules=frozenset(name for name, _ in rules))
    for _, add_rule in rules:
        if stop is not None and stop():
            raise Interrupted
        add_rule(m)
    set_objective(m)
    return m


def rules_without(*names: str) -> tuple[tuple[str, Rule], ...]:
    """HARD_RULES minus the named ones (for tests that show each rule matters)."""
    unknown = set(names) - {name for name, _ in HARD_RULES}
    if unknown:
        msg = f"unknown rules: {sorted(unknown)}"
        raise ValueError(msg)
    return tuple((name, rule) for name, rule in HARD_RULES if name not in names)
