"""Candidate (shadower, slot) pairs: the only pairs the model can ever assign.

Rules 1 (eligibility), 2 (site), 5 (availability) and the forbidden half of rule 12 are
enforced here, by never creating a pair that breaks them; `pair_breaks` states the same
test pair by pair so it can be checked. Capacity 0 and a requirement of 0 also yield no
pair. Pairs are built from per-site slot pools with numpy, never by scanning the full
shadower x slot product in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from optimizer.index import Index
from optimizer.objective import AFFINITY_CAP, history_hosts, is_new_hire
from optimizer.preferences import PreferenceTable

IntArray = npt.NDArray[np.int64]

# Hard rules enforced by never creating a breaking pair; `build_candidates(without=...)`
# can drop any of them so tests show each one matters.
PRUNING_RULES: tuple[str, ...] = ("eligibility", "site", "availability", "forbidden")


@dataclass(frozen=True, eq=False)
class Candidates:
    """Pairs by position: pair k is (shadower[k], slot[k]) worth value[k].

    Stored as numpy arrays (a large company has millions of candidate pairs); a
    shadower's pairs are one contiguous run, in order of slot start.
    """

    index: Index
    shadower: IntArray
    slot: IntArray
    value: IntArray  # session + affinity + novelty + new_hire terms of the contract
    span: dict[int, tuple[int, int]]  # shadower -> [first, last) of their pairs
    slot_first: IntArray  # slot t's pairs are slot_order[slot_first[t]:slot_first[t + 1]]
    pool: dict[str, IntArray]  # site -> slots pairs were drawn from (rules 1-2, host available)
    eligible: dict[str, IntArray]  # site -> slots that pass rules 1-2 (for explanations)
    host_away: npt.NDArray[np.bool_]  # slot -> its host is unavailable during it
    # Per slot, how many pairs the FULL candidate set holds (the supply term of the quick
    # bound caps seats by it): equal to the slot's pairs here unless the set is lean.
    slot_count: IntArray
    # True when these are every candidate pair of the problem; False for a lean set
    # (`build_candidates(per_shadower=...)`) or a subset (`restrict`): then nothing proven
    # over these pairs alone (a CP-SAT or LP bound) is a bound of the problem.
    complete: bool = True
    # True for a part of a candidate set (`restrict`): a shadower may have lost their best
    # pairs there, so not even `bounds.upper_bound` holds over it.
    subset: bool = False
    # A lean set's generator, to rebuild any shadower's full pairs (`full_slots_of`).
    source: PairSource | None = None

    def __len__(self) -> int:
        return len(self.shadower)

    @cached_property
    def slot_order(self) -> IntArray:
        """Pair ids grouped by slot (sorted on first use: the full set can be huge)."""
        return np.argsort(self.slot, kind="stable").astype(np.int64)

    def shadowers(self) -> list[int]:
        """People with at least one candidate pair."""
        return list(self.span)

    def of_shadower(self, person: int) -> range:
        first, last = self.span.get(person, (0, 0))
        return range(first, last)

    def slots_of(self, person: int) -> IntArray:
        """The slots of a shadower's candidate pairs, in order of start."""
        first, last = self.span.get(person, (0, 0))
        return self.slot[first:last]

    def full_slots_of(self, person: int) -> IntArray:
        """The slots of every candidate pair of a shadower, kept or not (start order)."""
        if self.source is None:
            return self.slots_of(person)
        return self.source.slots(person)

    def of_slot(self, slot: int) -> IntArray:
        return self.slot_order[self.slot_first[slot] : self.slot_first[slot + 1]]

    def slots_used(self) -> list[int]:
        """Slots with at least one candidate pair."""
        return np.flatnonzero(np.diff(self.slot_first)).tolist()

    def find(self, person: int, slot: int) -> int | None:
        """The pair of (person, slot), or None when it is not a candidate."""
        first, last = self.span.get(person, (0, 0))
        hits = np.flatnonzero(self.slot[first:last] == slot)
        return first + int(hits[0]) if len(hits) else None


@dataclass(frozen=True)
class _Pools:
    pool: dict[str, IntArray]
    eligible: dict[str, IntArray]
    host_away: npt.NDArray[np.bool_]


def _assemble(
    index: Index,
    shadower: IntArray,
    slot: IntArray,
    value: IntArray,
    pools: _Pools,
    *,
    full_count: IntArray | None = None,
    complete: bool | None = None,
    subset: bool = False,
    source: PairSource | None = None,
) -> Candidates:
    """Candidates from pair arrays already grouped by shadower (in slot start order).

    `full_count`: per slot, the pairs of the full set (None: these are the full set)."""
    span: dict[int, tuple[int, int]] = {}
    if len(shadower):
        cuts = np.flatnonzero(np.diff(shadower)) + 1
        firsts = np.concatenate(([0], cuts)).tolist()
        lasts = np.concatenate((cuts, [len(shadower)])).tolist()
        span = {int(shadower[f]): (f, e) for f, e in zip(firsts, lasts, strict=True)}
    counts = np.bincount(slot, minlength=len(index.slots))
    slot_first = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Candidates(
        index=index,
        shadower=shadower,
        slot=slot,
        value=value,
        span=span,
        slot_first=slot_first,
        pool=pools.pool,
        eligible=pools.eligible,
        host_away=pools.host_away,
        slot_count=counts.astype(np.int64) if full_count is None else full_count,
        complete=full_count is None if complete is None else complete,
        subset=subset,
        source=source,
    )


def slot_open(index: Index, slot: int, without: frozenset[str] = frozenset()) -> bool:
    """Slot-side part of rules 1 and 5: active rep host, inside the horizon, host available."""
    host = index.slot_host[slot]
    if "eligibility" not in without and not (index.is_host(host) and index.in_horizon(slot)):
        return False
    return "availability" in without or not index.unavailable_during(host, slot)


def pair_breaks(index: Index, person: int, slot: int) -> tuple[str, str] | None:
    """The pruned rule that forbids the pair and why, or None when those rules allow it.

    The same tests as `build_candidates`, written pair by pair for checks and messages.
    """
    host = index.slot_host[slot]
    s, t = index.people[person], index.slots[slot]
    if not index.is_shadower(person):
        return ("eligibility", f"{s.id} is not an active backroom person")
    if not index.is_host(host):
        return ("eligibility", f"host {t.host} is not an active rep")
    if person == host:
        return ("eligibility", f"{s.id} hosts {t.id}")
    if not index.in_horizon(slot):
        return ("eligibility", f"{t.id} starts outside the horizon")
    if not t.remote and index.people[host].site != s.site:
        return ("site", f"{t.id} is in person at {index.people[host].site}, {s.id} is at {s.site}")
    if index.unavailable_during(person, slot):
        return ("availability", f"{s.id} is unavailable during {t.id}")
    if index.unavailable_during(host, slot):
        return ("availability", f"host {t.host} is unavailable during {t.id}")
    if any(f.shadower == s.id and f.slot == t.id for f in index.problem.forbidden):
        return ("forbidden", f"({s.id}, {t.id}) is forbidden")
    return None


def _tag_masks(index: Index) -> tuple[dict[str, int], int]:
    """Bit positions for every tag some shadower carries (others cannot add affinity)."""
    bits: dict[str, int] = {}
    for person in index.people:
        if person.role == "backroom":
            for tag in sorted(person.tags):
                bits.setdefault(tag, len(bits))
    return bits, max(1, (len(bits) + 63) // 64)


def _mask(tags: frozenset[str], bits: dict[str, int], words: int) -> npt.NDArray[np.uint64]:
    out = np.zeros(words, dtype=np.uint64)
    for tag in tags:
        bit = bits.get(tag)
        if bit is not None:
            out[bit // 64] |= np.uint64(1 << (bit % 64))
    return out


_NO_AVAILABILITY = frozenset({"availability"})


def _site_pools(index: Index, slots: list[int], *, by_site: bool) -> dict[str, IntArray]:
    """Site -> the given slots open to a shadower of that site (rule 2), in start order:
    remote slots join every site's pool."""
    pools: dict[str, list[int]] = {site: [] for site in {p.site for p in index.people}}
    for t in slots:
        if index.slots[t].remote or not by_site:
            for pool in pools.values():
                pool.append(t)
        else:
            pools.setdefault(index.people[index.slot_host[t]].site, []).append(t)
    return {site: np.array(pool, dtype=np.int64) for site, pool in pools.items()}


class PairSource:
    """One shadower's candidate pairs on demand: the slots (in start order) and their values.

    `build_candidates` walks every shadower through it; lean candidates keep it, so the
    pairs they dropped can be generated again (explanations, pricing) without ever holding
    the cross product.
    """

    def __init__(self, index: Index, without: frozenset[str] = frozenset()) -> None:
        problem = index.problem
        slots = problem.slots
        self.index = index
        self.without = without
        self.start = np.array(index.slot_start, dtype=np.int64)
        self.end = np.array(index.slot_end, dtype=np.int64)
        self.slot_host = np.array(index.slot_host, dtype=np.int64)
        by_start = sorted(range(len(slots)), key=lambda t: index.slot_start[t])
        self.rank = np.empty(len(slots), dtype=np.int64)  # slot -> its place in start order
        self.rank[by_start] = np.arange(len(slots), dtype=np.int64)
        self.pool_masks: dict[str, npt.NDArray[np.bool_]] = {}
        self.pool = _site_pools(
            index,
            [t for t in by_start if slots[t].capacity > 0 and slot_open(index, t, without)],
            by_site="site" not in without,
        )
        for pool in self.pool.values():
            pool.flags.writeable = False  # `slots` hands a site's whole pool out as is
        self.eligible = _site_pools(
            index, [t for t in by_start if slot_open(index, t, _NO_AVAILABILITY)], by_site=True
        )
        self.host_away = np.array(
            [index.unavailable_during(index.slot_host[t], t) for t in range(len(slots))],
            dtype=bool,
        )
        self.bits, self.words = _tag_masks(index)
        self.slot_masks = np.zeros((len(slots), self.words), dtype=np.uint64)
        for t, offered in enumerate(slots):
            host = index.people[index.slot_host[t]]
            self.slot_masks[t] = _mask(offered.tags | host.tags, self.bits, self.words)
        self.forbidden: dict[int, set[int]] = defaultdict(set)
        for banned in problem.forbidden:
            self.forbidden[index.person_pos[banned.shadower]].add(index.slot_pos[banned.slot])
        self.met = history_hosts(problem)
        self.wishes = PreferenceTable(index) if problem.preferences else None
        self.hosted = np.array([p.hosted for p in index.people], dtype=np.int64)
        week_of = {w: i for i, w in enumerate(sorted(set(index.slot_week)))}
        self.week = np.array([week_of[w] for w in index.slot_week], dtype=np.int16)
        self.weeks = len(week_of)
        self.hosts = set(index.slot_host)
        # (site, tags) -> affinity over the site's pool (int8: it is capped at 5).
        self.affinity: dict[tuple[str, frozenset[str]], npt.NDArray[np.int8]] = {}

    def shadowers(self) -> list[int]:
        """People who may have pairs: they need a session and may shadow."""
        index, without = self.index, self.without
        return [
            s
            for s in range(len(index.people))
            if index.required[s] > 0 and ("eligibility" in without or index.is_shadower(s))
        ]

    def _in_pool(self, site: str) -> npt.NDArray[np.bool_]:
        """Which slots are in the site's pool, as a mask (built once per site)."""
        if site not in self.pool_masks:
            mask = np.zeros(len(self.index.slots), dtype=bool)
            mask[self.pool[site]] = True
            self.pool_masks[site] = mask
        return self.pool_masks[site]

    def estimate(self) -> int:
        """Pairs the full set would hold, give or take unavailability and forbidden pairs:
        the sum of the shadowers' site pools (cheap: no pair is built)."""
        people = self.index.people
        return sum(len(self.pool[people[s].site]) for s in self.shadowers())

    def slots(self, s: int, among: Sequence[int] | None = None) -> IntArray:
        """The slots of shadower s's candidate pairs, in start order (only those `among`
        the given slots, when given)."""
        without = self.without
        site = self.index.people[s].site
        chosen = self.pool[site]
        if among is not None:
            own = np.unique(np.asarray(among, dtype=np.int64))
            own = own[self._in_pool(site)[own]]
            chosen = own[np.argsort(self.rank[own], kind="stable")]
        if not len(chosen):
            return chosen
        unavailable = () if "availability" in without else self.index.unavailable.get(s, ())
        forbidden = () if "forbidden" in without else self.forbidden.get(s, ())
        if s not in self.hosts and not unavailable and not forbidden:
            return chosen  # the common case: the whole site pool (callers do not write to it)
        keep = self.slot_host[chosen] != s
        if unavailable:
            start, end = self.start[chosen], self.end[chosen]
            for u_start, u_end in unavailable:
                keep &= ~((start < u_end) & (end > u_start))
        if forbidden:
            keep &= ~np.isin(chosen, np.fromiter(forbidden, dtype=np.int64))
        kept: IntArray = chosen[keep]
        return kept

    def values(self, s: int, chosen: IntArray) -> IntArray:
        """The contract value of each pair (s, t) for t in `chosen`."""
        index = self.index
        problem = index.problem
        weights = problem.weights
        person = index.people[s]
        pool = self.pool[person.site]
        if chosen is pool:  # the common case: shared by every shadower of the site and tags
            key = (person.site, person.tags)
            if key not in self.affinity:
                self.affinity[key] = self._affinity(person.tags, pool).astype(np.int8)
            affinity = self.affinity[key].astype(np.int64)
        else:
            affinity = self._affinity(person.tags, chosen)
        base = weights.session + weights.new_hire * is_new_hire(problem, person)
        values = base + weights.novelty + weights.affinity * affinity
        met_ids = self.met.get(person.id)
        if met_ids:
            met_hosts = np.array([index.person_pos[h] for h in met_ids], dtype=np.int64)
            values -= weights.novelty * np.isin(self.slot_host[chosen], met_hosts)
        if self.wishes is not None:  # contract v1.1
            values = values + weights.preference * self.wishes.values(person.id, chosen)
        if weights.ledger:  # host ledger extension
            values = values - weights.ledger * self.hosted[self.slot_host[chosen]]
        result: IntArray = np.asarray(values, dtype=np.int64)
        return result

    def _affinity(self, tags: frozenset[str], chosen: IntArray) -> IntArray:
        mask = _mask(tags, self.bits, self.words)
        shared = np.bitwise_count(self.slot_masks[chosen] & mask)
        capped: IntArray = np.minimum(shared.sum(axis=1, dtype=np.int64), AFFINITY_CAP)
        return capped

    def slot_counts(self) -> IntArray:
        """Per slot, how many candidate pairs the full set holds (without building them)."""
        count = np.zeros(len(self.index.slots), dtype=np.int64)
        for s in self.shadowers():
            chosen = self.slots(s)
            if len(chosen):
                count[chosen] += 1  # a shadower's slots are distinct
        return count


def _must_keep(index: Index, keep: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """Shadower -> slots whose pairs a lean set always holds: pinned, previous and `keep`."""
    must: dict[int, set[int]] = defaultdict(set)
    for pair in (*index.problem.pinned, *index.problem.previous):
        must[index.person_pos[pair.shadower]].add(index.slot_pos[pair.slot])
    for s, t in keep:
        must[int(s)].add(int(t))
    return must


def _uniform(s: int, slots: IntArray) -> npt.NDArray[np.float64]:
    """A fixed pseudo-random number in (0, 1) for each pair (s, t): splitmix64 of the pair,
    so that two shadowers' draws are unrelated (their keep sets must not line up)."""
    x = (np.uint64(s) << np.uint64(32)) | slots.astype(np.uint64)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return ((x >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)


def _best(key: npt.NDArray[np.float64], count: int) -> IntArray:
    """Positions of the `count` smallest keys, smallest first (a partition, then a sort)."""
    if count < len(key):
        top = np.argpartition(key, count - 1)[:count]
        return top[np.argsort(key[top], kind="stable")]
    return np.argsort(key, kind="stable")


def _lean_pick(
    source: PairSource,
    s: int,
    chosen: IntArray,
    values: IntArray,
    per_shadower: int,
    contest: npt.NDArray[np.float64],
    must: set[int],
) -> IntArray:
    """Positions (into `chosen`, ascending) of the pairs a lean set keeps for shadower s.

    Half of `per_shadower` are the best pairs by value; the other half are spread over
    slots whatever their value, the same number in each ISO week, so a shadower whose best
    slots fill up still has places to go, in every week (weekly limit, spacing). Both
    halves draw slots by a race: pair (s, t) runs Exp(1) * contest(t) (full candidates
    per seat; its own fixed pseudo-random draw), the fastest are kept. So shadowers keep
    different slots, and each slot is kept about in proportion to its seats. The best half
    always holds the shadower's `required` best values (the quick bound's demand term reads
    them), and every pair in `must` is kept.
    """
    n = len(chosen)
    if n <= per_shadower:
        return np.arange(n, dtype=np.int64)
    race = -np.log(_uniform(s, chosen)) * contest[chosen]
    gap = (int(values.max()) - values).astype(np.float64)
    spread = float(race.max(initial=0.0)) + 1.0
    if float(gap.max(initial=0.0)) * spread < 2.0**50:
        best = _best(gap * spread + race, max(source.index.required[s], (per_shadower + 1) // 2))
    else:  # huge weights: an exact sort, value first
        best = np.lexsort((race, gap))[: max(source.index.required[s], (per_shadower + 1) // 2)]
    picked = np.zeros(n, dtype=bool)
    picked[best] = True
    quota = -(-max(0, per_shadower - len(best)) // max(1, source.weeks))  # rounded up
    if quota:
        # The fastest of the race in each week, among a shortlist of the fastest overall
        # (the race ignores weeks, so each week holds about its share of the shortlist).
        order = _best(race, min(n, 4 * quota * source.weeks))
        weeks = source.week[chosen[order]]
        by_week = np.argsort(weeks, kind="stable")  # stays fastest first within a week
        sorted_weeks = weeks[by_week]
        rank = np.arange(len(order)) - np.searchsorted(sorted_weeks, sorted_weeks, side="left")
        picked[order[by_week[rank < quota]]] = True
    if must:
        picked |= np.isin(chosen, np.fromiter(must, dtype=np.int64))
    return np.flatnonzero(picked)


def build_candidates(
    index: Index,
    *,
    without: frozenset[str] = frozenset(),
    per_shadower: int | None = None,
    keep: Iterable[tuple[int, int]] = (),
    within: Mapping[int, Sequence[int]] | None = None,
) -> Candidates:
    """Every pair that rules 1, 2, 5 and forbidden allow (minus those named in `without`),
    for slots with room and shadowers who need a session.

    With `per_shadower`, a lean set: each shadower's pairs are generated in turn and only
    about `per_shadower` of them kept (`_lean_pick`), plus every pinned and `previous` pair
    and the `keep` pairs, given as (person position, slot position); the per-slot count of
    every generated pair is kept too (`Candidates.slot_count`), so bounds stay proven.

    `within` limits the shadowers it names to the slots it gives them (a partitioned
    solve's master step: who is placed keeps their part's pairs, who is short gets theirs
    all); such a set is not `complete`, and no bound over it is the problem's.
    """
    if per_shadower is not None and per_shadower < 1:
        msg = f"per_shadower must be at least 1, not {per_shadower}"
        raise ValueError(msg)
    source = PairSource(index, without)
    lean = per_shadower is not None
    capacity = np.array([max(1, t.capacity) for t in index.slots], dtype=np.float64)
    # The full per-slot counts keep a lean set's bounds proven; a `within` set reports no
    # bound, and counting every pair of a huge problem is its largest cost (XL: ~20 s).
    full_count = source.slot_counts() if lean and within is None else None
    contest = np.ones(len(index.slots), dtype=np.float64)
    if full_count is not None:
        contest = np.maximum(full_count, 1) / capacity  # full candidates per seat
    elif within is not None:  # seats the placed shadowers already take, per seat
        taken = np.zeros(len(index.slots), dtype=np.float64)
        for own in within.values():
            np.add.at(taken, np.asarray(own, dtype=np.int64), 1)
        contest = (taken + 1) / capacity
    must = _must_keep(index, keep) if lean else {}

    parts: list[tuple[IntArray, IntArray]] = []
    persons: list[int] = []
    for s in source.shadowers():
        chosen = source.slots(s, within.get(s) if within is not None else None)
        if not len(chosen):
            continue
        values = source.values(s, chosen)
        if per_shadower is not None:
            picked = _lean_pick(
                source, s, chosen, values, per_shadower, contest, must.get(s, set())
            )
            chosen, values = chosen[picked], values[picked]
        parts.append((chosen, values))
        persons.append(s)

    empty = np.zeros(0, dtype=np.int64)
    kept = sum(len(c) for c, _ in parts)
    return _assemble(
        index,
        np.repeat(np.array(persons, dtype=np.int64), [len(c) for c, _ in parts]),
        np.concatenate([c for c, _ in parts]) if parts else empty,
        np.concatenate([v for _, v in parts]) if parts else empty,
        _Pools(source.pool, source.eligible, source.host_away),
        full_count=full_count,
        # A lean set that dropped nothing (every shadower had few pairs) is complete.
        complete=within is None and (full_count is None or kept == int(full_count.sum())),
        source=source if lean else None,
    )


def estimate_pairs(index: Index) -> int:
    """Roughly how many pairs full candidates would hold (see `PairSource.estimate`)."""
    return PairSource(index).estimate()


def restrict(cands: Candidates, keep: Iterable[int]) -> tuple[Candidates, IntArray]:
    """The candidates limited to the pairs `keep`, renumbered; also the new -> old map.

    A subset is never `complete` (unless it keeps every pair) and keeps the parent's full
    per-slot counts and generator."""
    old = np.unique(np.fromiter(keep, dtype=np.int64))
    pools = _Pools(cands.pool, cands.eligible, cands.host_away)
    subset = _assemble(
        cands.index,
        cands.shadower[old],
        cands.slot[old],
        cands.value[old],
        pools,
        full_count=cands.slot_count,
        complete=cands.complete and len(old) == len(cands),
        subset=cands.subset or len(old) < len(cands),
        source=cands.source,
    )
    return subset, old
