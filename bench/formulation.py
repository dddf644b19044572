"""The contract as a plain 0-1 program over every eligible pair, for the benchmark.

Written from the contract, apart from the optimizer's model: it gives the LP relaxation
bound (`lp_bound.py`) and the plain all-pairs CP-SAT baseline (`baseline.py`) the same
rows. Variables: `x[k]` for each eligible pair k, `y[t]` "slot t hosts somebody" (when
the host-load rule is on), `L` the largest host load (when fairness has a weight).

Rows, each named after its rule, all of the form `sum(x[members]) + aux <= rhs`:

- requirement (6): per shadower, `sum x <= sessions_required`;
- capacity (3): per slot, `sum x - capacity * y[t] <= 0` (or `sum x <= capacity`);
- overlap (4): per shadower and slot start instant p, the pairs covering p, `<= 1`;
- weekly (7): per shadower and ISO week, `<= max_sessions_per_week`;
- spacing (8): per shadower and date d, the pairs dated in [d, d + gap - 1], `<= 1`;
- host load (9): per host and ISO week, `sum y <= max_hosted_per_host_week`;
- distinct (10): per shadower and host, `<= 1`;
- coverage (11): per department and slot start instant, the members' pairs covering it;
- fairness: per host, `sum x - L <= 0`.

Rules 1, 2, 5 and forbidden pairs decide which pairs exist; pinned pairs get `x >= 1`.
Rows implied by others (a weekly row under spacing of 7+ days, an overlap row inside a
spacing window, a row with no more members than its right-hand side) are left out, which
changes neither the integer program nor its LP relaxation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from optimizer.types import Problem, Slot

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Aux = tuple[str, int]  # ("y", slot index) or ("L", 0)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


class InfeasibleError(ValueError):
    """A pinned pair is not even eligible."""


@dataclass
class Row:
    family: str
    key: tuple[int, ...]
    members: IntArray  # pair indices
    rhs: int
    aux: list[tuple[Aux, float]] = field(default_factory=list)


class Formulation:
    """Every eligible pair with its objective weight, and the rows over any subset."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        rules, weights = problem.rules, problem.weights
        zone = ZoneInfo(problem.horizon.timezone)
        people = {p.id: p for p in problem.people}
        self.shadowers = [p for p in problem.people if p.role == "backroom" and p.active]
        self.hosts = [p for p in problem.people if p.role == "rep" and p.active]
        host_pos = {p.id: i for i, p in enumerate(self.hosts)}
        self.departments = sorted({p.department for p in self.shadowers})
        dept_pos = {d: i for i, d in enumerate(self.departments)}
        limits = {d.id: d.max_away for d in problem.departments if d.max_away}
        self.dept_limit = [limits.get(d) for d in self.departments]

        away: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for entry in problem.unavailability:
            away[entry.person].append((_us(entry.start), _us(entry.end)))

        def clashes(person: str, start: int, end: int) -> bool:
            return any(a < end and start < b for a, b in away.get(person, ()))

        # Slots that can take anybody at all (rules 1 and 5 on the host's side).
        slots: list[Slot] = []
        for slot in sorted(problem.slots, key=lambda s: (s.start, s.id)):
            day = slot.start.astimezone(zone).date()
            if (
                slot.host in host_pos
                and problem.horizon.start <= day <= problem.horizon.end
                and slot.capacity > 0
                and not clashes(slot.host, _us(slot.start), _us(slot.end))
            ):
                slots.append(slot)
        self.slots = slots
        self.slot_pos = {s.id: i for i, s in enumerate(slots)}
        self.start = np.array([_us(s.start) for s in slots], dtype=np.int64)
        self.end = np.array([_us(s.end) for s in slots], dtype=np.int64)
        dates = [s.start.astimezone(zone).date() for s in slots]
        self.first_day = min(dates).toordinal() if dates else 0
        self.day = np.array([d.toordinal() - self.first_day for d in dates], dtype=np.int64)
        weeks = sorted({d.isocalendar()[:2] for d in dates})
        week_pos = {w: i for i, w in enumerate(weeks)}
        self.week = np.array([week_pos[d.isocalendar()[:2]] for d in dates], dtype=np.int64)
        self.n_weeks = len(weeks)
        self.host = np.array([host_pos[s.host] for s in slots], dtype=np.int64)
        self.capacity = np.array([s.capacity for s in slots], dtype=np.int64)

        # Which slots each site sees: its in-person ones and every remote one.
        remote = np.array([s.remote for s in slots], dtype=bool)
        site_of_slot = np.array([people[s.host].site for s in slots], dtype=object)
        visible: dict[str, IntArray] = {}
        for site in sorted({p.site for p in self.shadowers}):
            visible[site] = np.flatnonzero(remote | (site_of_slot == site)).astype(np.int64)
        # Tags on each slot or its host, one boolean column per tag.
        has_tag: dict[str, npt.NDArray[np.bool_]] = {}
        for i, slot in enumerate(slots):
            for tag in slot.tags | people[slot.host].tags:
                has_tag.setdefault(tag, np.zeros(len(slots), dtype=bool))[i] = True
        met: dict[str, set[int]] = defaultdict(set)
        for seen in problem.history:
            if seen.host in host_pos:
                met[seen.shadower].add(host_pos[seen.host])
        forbidden: dict[str, set[int]] = defaultdict(set)
        for pair in problem.forbidden:
            if pair.slot in self.slot_pos:
                forbidden[pair.shadower].add(self.slot_pos[pair.slot])
        previous = set(problem.previous)
        earlier: dict[str, set[int]] = defaultdict(set)
        for pair in previous:
            if pair.slot in self.slot_pos:
                earlier[pair.shadower].add(self.slot_pos[pair.slot])
        new_hire_since = None
        if rules.new_hire_days:
            new_hire_since = problem.horizon.start - dt.timedelta(days=rules.new_hire_days)

        chunks_t: list[IntArray] = []
        chunks_w: list[IntArray] = []
        self.required = np.zeros(len(self.shadowers), dtype=np.int64)
        self.dept = np.zeros(len(self.shadowers), dtype=np.int64)
        for s, person in enumerate(self.shadowers):
            self.required[s] = problem.required(person)
            self.dept[s] = dept_pos[person.department]
            own = visible[person.site]
            if person.id in away:
                keep = [not clashes(person.id, self.start[t], self.end[t]) for t in own]
                own = own[np.array(keep, dtype=bool)]
            if person.id in forbidden:
                own = own[~np.isin(own, list(forbidden[person.id]))]
            affinity = np.zeros(len(own), dtype=np.int64)
            for tag in sorted(person.tags):
                if tag in has_tag:
                    affinity += has_tag[tag][own]
            novelty = ~np.isin(self.host[own], list(met[person.id]))
            new_hire = (
                new_hire_since is not None
                and person.hire_date is not None
                and person.hire_date >= new_hire_since
            )
            weight = (
                weights.session
                + weights.affinity * np.minimum(affinity, 5)
                + weights.novelty * novelty
                + weights.new_hire * int(new_hire)
            )
            if person.id in earlier:
                weight = weight + weights.change * np.isin(own, list(earlier[person.id]))
            chunks_t.append(own)
            chunks_w.append(weight.astype(np.int64))
        counts = np.array([len(c) for c in chunks_t], dtype=np.int64)
        self.pair_shadower = np.repeat(np.arange(len(self.shadowers), dtype=np.int64), counts)
        self.pair_slot = np.concatenate(chunks_t) if chunks_t else np.zeros(0, np.int64)
        self.weight = np.concatenate(chunks_w) if chunks_w else np.zeros(0, np.int64)
        self.first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.constant = -weights.change * len(previous)

        self.pinned = self._pinned(problem)
        self.gap = rules.min_days_between_sessions or 0
        self.host_load = rules.max_hosted_per_host_week or 0
        self.fairness = weights.fairness > 0

    def __len__(self) -> int:
        return len(self.pair_slot)

    def _pinned(self, problem: Problem) -> IntArray:
        """The pair index of each pinned pair; a pinned pair that is not eligible makes the
        program infeasible."""
        shadower_pos = {p.id: i for i, p in enumerate(self.shadowers)}
        found: set[int] = set()
        for pin in problem.pinned:
            s, t = shadower_pos.get(pin.shadower), self.slot_pos.get(pin.slot)
            hits = np.zeros(0, np.int64)
            if s is not None and t is not None:
                hits = np.flatnonzero(self.pair_slot[self.first[s] : self.first[s + 1]] == t)
            if not len(hits):
                msg = f"pinned pair ({pin.shadower}, {pin.slot}) is not eligible"
                raise InfeasibleError(msg)
            found.add(int(self.first[s] + hits[0]))
        return np.array(sorted(found), dtype=np.int64)

    # --- rows over a subset of the pairs --------------------------------------------------

    def rows(self, subset: IntArray) -> Iterator[Row]:
        """Every row over the pairs in `subset` (sorted pair indices), implied ones left out."""
        subset = np.sort(subset)
        s_of, t_of = self.pair_shadower[subset], self.pair_slot[subset]
        yield from self._requirement(subset, s_of)
        yield from self._capacity(subset, t_of)
        yield from self._per_shadower(subset, s_of, t_of)
        yield from self._host_load()
        yield from self._distinct(subset, s_of, t_of)
        yield from self._coverage(subset, s_of, t_of)
        yield from self._fairness(subset, t_of)

    def _groups(self, keys: IntArray, subset: IntArray) -> Iterator[tuple[int, IntArray]]:
        order = np.argsort(keys, kind="stable")
        values, starts = np.unique(keys[order], return_index=True)
        bounds = [*starts.tolist(), len(order)]
        for i, value in enumerate(values.tolist()):
            yield value, subset[order[bounds[i] : bounds[i + 1]]]

    def _requirement(self, subset: IntArray, s_of: IntArray) -> Iterator[Row]:
        for s, members in self._groups(s_of, subset):
            if len(members) > self.required[s]:
                yield Row("requirement", (s,), members, int(self.required[s]))

    def _capacity(self, subset: IntArray, t_of: IntArray) -> Iterator[Row]:
        grouped = dict(self._groups(t_of, subset))
        if self.host_load:
            # Every slot with a candidate gets its y, so host load is priced right.
            for t in np.unique(self.pair_slot).tolist():
                members = grouped.get(t, np.zeros(0, np.int64))
                yield Row("capacity", (t,), members, 0, [(("y", t), -float(self.capacity[t]))])
        else:
            for t, members in grouped.items():
                if len(members) > self.capacity[t]:
                    yield Row("capacity", (t,), members, int(self.capacity[t]))

    def _per_shadower(self, subset: IntArray, s_of: IntArray, t_of: IntArray) -> Iterator[Row]:
        rules = self.problem.rules
        weekly = rules.max_sessions_per_week or 0
        weekly_implied = self.gap >= 7 and weekly >= 1
        longest = int((self.end - self.start).max(initial=0))
        for s, members in self._groups(s_of, subset):
            if len(members) < 2:
                continue
            t = self.pair_slot[members]
            order = np.lexsort((t, self.start[t]))
            members, t = members[order], t[order]
            day, start, end = self.day[t], self.start[t], self.end[t]
            if self.gap:
                last_end = -1
                for i, d in enumerate(day.tolist()):
                    stop = int(np.searchsorted(day, d + self.gap, side="left"))
                    if stop > last_end and stop - i >= 2:
                        yield Row("spacing", (s, d), members[i:stop], 1)
                    last_end = max(last_end, stop)
            if weekly and not weekly_implied:
                for w, inside in self._groups(self.week[t], members):
                    if len(inside) > weekly:
                        yield Row("weekly", (s, w), inside, weekly)
            seen: set[tuple[int, ...]] = set()
            for i, p in enumerate(start.tolist()):
                lo = int(np.searchsorted(start, p - longest, side="left"))
                covering = [j for j in range(lo, i + 1) if start[j] <= p < end[j]]
                if len(covering) < 2:
                    continue
                if self.gap and day[covering].max() - day[covering].min() < self.gap:
                    continue  # inside one spacing window
                ident = tuple(covering)
                if ident not in seen:
                    seen.add(ident)
                    yield Row("overlap", (s, p), members[covering], 1)

    def _host_load(self) -> Iterator[Row]:
        if not self.host_load:
            return
        empty = np.zeros(0, np.int64)
        slots = np.unique(self.pair_slot)
        keys = self.host[slots] * max(1, self.n_weeks) + self.week[slots]
        for key, inside in self._groups(keys, slots):
            if len(inside) > self.host_load:
                aux: list[tuple[Aux, float]] = [(("y", int(t)), 1.0) for t in inside]
                h, w = divmod(key, max(1, self.n_weeks))
                yield Row("host_load", (h, w), empty, self.host_load, aux)

    def _distinct(self, subset: IntArray, s_of: IntArray, t_of: IntArray) -> Iterator[Row]:
        if not self.problem.rules.distinct_hosts:
            return
        keys = s_of * len(self.hosts) + self.host[t_of]
        for key, members in self._groups(keys, subset):
            if len(members) >= 2:
                yield Row("distinct", divmod(key, len(self.hosts)), members, 1)

    def _coverage(self, subset: IntArray, s_of: IntArray, t_of: IntArray) -> Iterator[Row]:
        longest = int((self.end - self.start).max(initial=0))
        for g, members in self._groups(self.dept[s_of], subset):
            limit = self.dept_limit[g]
            if not limit or len(members) <= limit:
                continue
            t = self.pair_slot[members]
            order = np.argsort(self.start[t], kind="stable")
            members, t = members[order], t[order]
            start, end = self.start[t], self.end[t]
            for p in np.unique(start).tolist():
                lo = int(np.searchsorted(start, p - longest, side="left"))
                hi = int(np.searchsorted(start, p, side="right"))
                inside = members[lo:hi][end[lo:hi] > p]
                if len(inside) > limit:
                    yield Row("coverage", (g, p), inside, limit)

    def _fairness(self, subset: IntArray, t_of: IntArray) -> Iterator[Row]:
        if not self.fairness:
            return
        for h, members in self._groups(self.host[t_of], subset):
            yield Row("fairness", (h,), members, 0, [(("L", 0), -1.0)])

    # --- pricing: the dual value of every pair's column --------------------------------

    def row_duals(self, duals: dict[tuple[str, tuple[int, ...]], float]) -> FloatArray:
        """For each pair, the sum of the duals of all rows (of the full program) it would be
        in; rows absent from the restricted program have dual 0."""
        n = len(self)
        s_all, t_all = self.pair_shadower, self.pair_slot
        total = np.zeros(n, dtype=np.float64)
        by_family: dict[str, list[tuple[tuple[int, ...], float]]] = defaultdict(list)
        for (family, key), value in duals.items():
            if value != 0.0:
                by_family[family].append((key, value))
        per_shadower = np.zeros(len(self.shadowers))
        for (s,), value in by_family["requirement"]:
            per_shadower[s] += value
        total += per_shadower[s_all]
        per_slot = np.zeros(len(self.slots))
        for (t,), value in by_family["capacity"]:
            per_slot[t] += value
        total += per_slot[t_all]
        per_host = np.zeros(len(self.hosts))
        for (h,), value in by_family["fairness"]:
            per_host[h] += value
        total += per_host[self.host[t_all]]
        if by_family["weekly"]:
            per_week = np.zeros((len(self.shadowers), max(1, self.n_weeks)))
            for (s, w), value in by_family["weekly"]:
                per_week[s, w] += value
            total += per_week[s_all, self.week[t_all]]
        if by_family["spacing"]:
            days = int(self.day.max(initial=0)) + 1
            window = np.zeros((len(self.shadowers), days + 1))
            for (s, d), value in by_family["spacing"]:
                window[s, d + 1] += value
            cumulative = np.cumsum(window, axis=1)
            d_all = self.day[t_all]
            total += (
                cumulative[s_all, d_all + 1]
                - cumulative[s_all, np.maximum(d_all + 1 - self.gap, 0)]
            )
        if by_family["distinct"]:
            keys = np.array([s * len(self.hosts) + h for (s, h), _ in by_family["distinct"]])
            values = np.array([v for _, v in by_family["distinct"]])
            order = np.argsort(keys)
            keys, values = keys[order], values[order]
            pair_keys = s_all * len(self.hosts) + self.host[t_all]
            at = np.clip(np.searchsorted(keys, pair_keys), 0, len(keys) - 1)
            total += np.where(keys[at] == pair_keys, values[at], 0.0)
        for (s, p), value in by_family["overlap"]:
            lo, hi = self.first[s], self.first[s + 1]
            own = t_all[lo:hi]
            total[lo:hi] += np.where((self.start[own] <= p) & (p < self.end[own]), value, 0.0)
        if by_family["coverage"]:
            per_dept_slot = np.zeros((len(self.departments), len(self.slots)))
            instants: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for (g, p), value in by_family["coverage"]:
                instants[g].append((p, value))
            for g, items in instants.items():
                items.sort()
                at_p = np.array([p for p, _ in items], dtype=np.int64)
                cumulative = np.concatenate([[0.0], np.cumsum([v for _, v in items])])
                lo = np.searchsorted(at_p, self.start, side="left")
                hi = np.searchsorted(at_p, self.end, side="left")
                per_dept_slot[g] = cumulative[hi] - cumulative[lo]
            total += per_dept_slot[self.dept[s_all], t_all]
        return total
