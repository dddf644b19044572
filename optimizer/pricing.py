"""Pricing the pairs a lean candidate set dropped, with the duals of an LP over the set.

The LP of `bound.py` over a lean set holds only the kept pairs. Each of its rows is one
member of a family of valid inequalities that every pair of the full set can join: a
shadower's requirement, one ISO week, a window of `min_days_between_sessions` dates, an
instant (overlap; a department's members away), a host met, a slot's seats, a host's load.
The full LP is the lean one with each row extended to every pair of its family (and rows
the lean LP lacks, whose duals are 0). By weak duality, the lean LP's duals `π ≥ 0` bound
the full LP, hence the objective, by

    π·b + Σ over the LP's columns of max(...)   (`bound._weak_duality`)
        + Σ over every dropped pair of max(0, weight - Σ π of the rows it joins).

The dropped pairs are generated again shadower by shadower (`PairSource`), never held
together. The pairs with a positive reduced cost are the ones worth adding (column
generation over the rest).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimizer.candidates import Candidates, IntArray

FloatArray = npt.NDArray[np.float64]
RowKey = tuple[str | int, ...]  # see `bound.RowKey`


_PRICE_EPS = 1e-6


@dataclass(frozen=True)
class Priced:
    total: float  # Σ max(0, reduced cost) over every dropped pair
    positive: list[tuple[int, int]]  # dropped (person, slot) pairs with a positive one
    pairs: int  # dropped pairs priced


class _Lookup:
    """Sorted keys with prefix sums of their duals: the sum over keys in [lo, hi)."""

    def __init__(self, items: list[tuple[int, float]]) -> None:
        items.sort()
        self.keys = np.array([k for k, _ in items], dtype=np.int64)
        self.prefix = np.concatenate(([0.0], np.cumsum([v for _, v in items])))

    def between(self, lo: IntArray, hi: IntArray) -> FloatArray:
        out: FloatArray = (
            self.prefix[np.searchsorted(self.keys, hi, side="left")]
            - self.prefix[np.searchsorted(self.keys, lo, side="left")]
        )
        return out


def price_dropped(cands: Candidates, keys: list[RowKey | None], pi: FloatArray) -> Priced:
    """Reduced costs of every full candidate pair outside `cands` (a lean set), under the
    duals `pi` (≥ 0) of rows with families `keys` (`bound._Rows.keys`)."""
    source = cands.source
    if source is None or cands.complete:
        return Priced(0.0, [], 0)
    index = cands.index
    rules = index.problem.rules
    days = rules.min_days_between_sessions or 0
    slot_cap = np.zeros(len(index.slots), dtype=np.float64)
    load = np.zeros(len(index.people), dtype=np.float64)
    required: dict[int, float] = defaultdict(float)
    weekly: dict[int, list[tuple[int, float]]] = defaultdict(list)
    met: dict[int, list[tuple[int, float]]] = defaultdict(list)
    windows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    instants: dict[int, list[tuple[int, float]]] = defaultdict(list)
    away: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for key, dual in zip(keys, pi.tolist(), strict=True):
        if key is None or dual <= 0:
            continue
        kind = key[0]
        if kind == "cap":
            slot_cap[int(key[1])] += dual
        elif kind == "load":
            load[int(key[1])] += dual
        elif kind == "space":
            windows[int(key[1])].append((int(key[2]), dual))
        elif kind == "overlap":
            instants[int(key[1])].append((int(key[2]), dual))
        elif kind == "dept":
            away[str(key[1])].append((int(key[2]), dual))
        elif kind == "week":
            weekly[int(key[1])].append((int(key[2]), dual))
        elif kind == "host":
            met[int(key[1])].append((int(key[2]), dual))
        else:  # "req"
            required[int(key[1])] += dual
    week_of = {s: _Lookup(items) for s, items in weekly.items()}
    host_of = {s: _Lookup(items) for s, items in met.items()}
    window_of = {s: _Lookup(items) for s, items in windows.items()}
    instant_of = {s: _Lookup(items) for s, items in instants.items()}
    away_of = {d: _Lookup(items) for d, items in away.items()}
    week = np.array(index.slot_week, dtype=np.int64)
    date = np.array(index.slot_date, dtype=np.int64)
    host = np.array(index.slot_host, dtype=np.int64)
    start, end = source.start, source.end

    total, count = 0.0, 0
    positive: list[tuple[int, int]] = []
    for s in source.shadowers():
        every = source.slots(s)
        dropped = every[~np.isin(every, cands.slots_of(s))]
        if not len(dropped):
            continue
        count += len(dropped)
        reduced = source.values(s, dropped).astype(np.float64)
        reduced -= required.get(s, 0.0)
        reduced -= slot_cap[dropped] + load[host[dropped]]
        if s in week_of:  # the slot's ISO week
            w = week[dropped]
            reduced -= week_of[s].between(w, w + 1)
        if s in host_of:  # the slot's host
            h = host[dropped]
            reduced -= host_of[s].between(h, h + 1)
        if days and s in window_of:  # windows [first, first + days) holding the date
            d = date[dropped]
            reduced -= window_of[s].between(d - days + 1, d + 1)
        if s in instant_of:  # instants inside the slot
            reduced -= instant_of[s].between(start[dropped], end[dropped])
        department = index.people[s].department
        if department in away_of:
            reduced -= away_of[department].between(start[dropped], end[dropped])
        gain = np.maximum(reduced, 0.0)
        total += float(gain.sum())
        positive.extend((s, int(t)) for t in dropped[gain > _PRICE_EPS].tolist())
    return Priced(total, positive, count)
