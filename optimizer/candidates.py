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
    # Every valid pair is here (else a bound over these pairs is not the problem's).
    complete: bool = True

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
    complete: bool,
) -> Candidates:
    """Candidates from pair arrays already grouped by shadower (in slot start order)."""
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
        complete=complete,
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


def _pool_masks(pool: dict[str, IntArray], slots: int) -> dict[str, npt.NDArray[np.bool_]]:
    """Site -> which slots are in its pool, as a mask."""
    masks = {}
    for site, chosen in pool.items():
        mask = np.zeros(slots, dtype=bool)
        mask[chosen] = True
        masks[site] = mask
    return masks


def build_candidates(
    index: Index,
    *,
    without: frozenset[str] = frozenset(),
    within: Mapping[int, Sequence[int]] | None = None,
) -> Candidates:
    """Every pair that rules 1, 2, 5 and forbidden allow (minus those named in `without`),
    for slots with room and shadowers who need a session.

    `within` limits the shadowers it names to the slots it gives them (a partitioned
    solve's master step: who is placed keeps their own pairs, who is short gets them all);
    then the candidates are not every valid pair (`complete` is false)."""
    problem = index.problem
    weights = problem.weights
    slots = problem.slots
    start = np.array(index.slot_start, dtype=np.int64)
    end = np.array(index.slot_end, dtype=np.int64)
    slot_host = np.array(index.slot_host, dtype=np.int64)

    by_start = sorted(range(len(slots)), key=lambda t: index.slot_start[t])
    pool = _site_pools(
        index,
        [t for t in by_start if slots[t].capacity > 0 and slot_open(index, t, without)],
        by_site="site" not in without,
    )
    eligible = _site_pools(
        index, [t for t in by_start if slot_open(index, t, _NO_AVAILABILITY)], by_site=True
    )
    host_away = np.array(
        [index.unavailable_during(index.slot_host[t], t) for t in range(len(slots))], dtype=bool
    )

    bits, words = _tag_masks(index)
    slot_masks = np.zeros((len(slots), words), dtype=np.uint64)
    for t, offered in enumerate(slots):
        host = index.people[index.slot_host[t]]
        slot_masks[t] = _mask(offered.tags | host.tags, bits, words)
    forbidden: dict[int, set[int]] = defaultdict(set)
    for banned in problem.forbidden:
        forbidden[index.person_pos[banned.shadower]].add(index.slot_pos[banned.slot])
    met = history_hosts(problem)
    wishes = PreferenceTable(index) if problem.preferences else None
    hosted = np.array([p.hosted for p in index.people], dtype=np.int64)

    in_pool = _pool_masks(pool, len(slots))
    start_rank = np.argsort(np.argsort(start, kind="stable"), kind="stable")
    parts: list[tuple[IntArray, IntArray]] = []
    persons: list[int] = []
    for s, person in enumerate(index.people):
        if index.required[s] <= 0 or not ("eligibility" in without or index.is_shadower(s)):
            continue
        chosen = pool[person.site]
        if within is not None and s in within:
            own = np.unique(np.array(within[s], dtype=np.int64))
            own = own[in_pool[person.site][own]]
            chosen = own[np.argsort(start_rank[own], kind="stable")]
        if not len(chosen):
            continue
        keep = slot_host[chosen] != s
        if "availability" not in without:
            for u_start, u_end in index.unavailable.get(s, ()):
                keep &= ~((start[chosen] < u_end) & (end[chosen] > u_start))
        if s in forbidden and "forbidden" not in without:
            keep &= ~np.isin(chosen, np.fromiter(forbidden[s], dtype=np.int64))
        chosen = chosen[keep]
        if not len(chosen):
            continue
        shared = np.bitwise_count(slot_masks[chosen] & _mask(person.tags, bits, words))
        affinity = np.minimum(shared.sum(axis=1, dtype=np.int64), AFFINITY_CAP)
        met_ids = met.get(person.id, set())
        met_hosts = np.array([index.person_pos[h] for h in met_ids], dtype=np.int64)
        novel = ~np.isin(slot_host[chosen], met_hosts)
        base = weights.session + weights.new_hire * is_new_hire(problem, person)
        values = base + weights.affinity * affinity + weights.novelty * novel.astype(np.int64)
        if wishes is not None:  # contract v1.1
            values = values + weights.preference * wishes.values(person.id, chosen)
        if weights.ledger:  # host ledger extension
            values = values - weights.ledger * hosted[slot_host[chosen]]
        parts.append((chosen, values))
        persons.append(s)

    empty = np.zeros(0, dtype=np.int64)
    return _assemble(
        index,
        np.repeat(np.array(persons, dtype=np.int64), [len(c) for c, _ in parts]),
        np.concatenate([c for c, _ in parts]) if parts else empty,
        np.concatenate([v for _, v in parts]) if parts else empty,
        _Pools(pool, eligible, host_away),
        complete=within is None,
    )


def restrict(cands: Candidates, keep: Iterable[int]) -> tuple[Candidates, IntArray]:
    """The candidates limited to the pairs `keep`, renumbered; also the new -> old map."""
    old = np.unique(np.fromiter(keep, dtype=np.int64))
    pools = _Pools(cands.pool, cands.eligible, cands.host_away)
    subset = _assemble(
        cands.index,
        cands.shadower[old],
        cands.slot[old],
        cands.value[old],
        pools,
        complete=cands.complete and len(old) == len(cands),
    )
    return subset, old
