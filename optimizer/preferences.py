"""Contract v1.1: shadowers' preferences (the end of ../shared/spec/scheduling.md).

An entry names a shadower and exactly one of `host`, `kind` or `tag`, with an integer
`weight` from -3 to 3. `preference(s, t)` is the sum of the weights of `s`'s entries that
match `t`, clamped to [-5, 5]; the objective gains `w.preference * preference(s, t)` per
assigned pair. Without entries the objective is exactly v1's.

Host ledger (an extension of the same kind, for the program's load spreading): a person
may carry `hosted`, a non-negative integer (default 0: the sessions a rep hosted in the
year before the horizon), and `weights.ledger` (default 0) costs each assigned pair
`w.ledger * hosted(host(t))`, so reps who hosted less are preferred. With the default
weight the objective is v1's, whatever `hosted` says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from optimizer.types import Person, Preference, Problem, Slot

if TYPE_CHECKING:
    from optimizer.index import Index
    from optimizer.parse import _Entry

PREFERENCE_CAP = 5
WEIGHT_MIN, WEIGHT_MAX = -3, 3
TARGETS: tuple[str, ...] = ("host", "kind", "tag")

IntArray = npt.NDArray[np.int64]


def read_preference(entry: _Entry, people: Mapping[str, Person]) -> Preference:
    """One `preferences[i]` entry; errors are recorded on the entry (and so name it)."""
    if not entry.ok:  # not an object: already reported
        return Preference(shadower="", weight=0)
    shadower = entry.string("shadower")
    if shadower and shadower not in people:
        entry.error(f'unknown shadower "{shadower}"')
    named = [key for key in TARGETS if entry.raw.get(key) is not None]
    if len(named) != 1:
        found = ", ".join(named) if named else "none"
        entry.error(f"must name exactly one of host, kind or tag (found {found})")
    values: dict[str, Any] = {}
    for key in named:
        value = entry.raw[key]
        if not isinstance(value, str) or not value:
            entry.error(f"{key} must be a non-empty string")
            continue
        values[key] = value
    host = values.get("host")
    if host is not None and (host not in people or people[host].role != "rep"):
        entry.error(f'host "{host}" is not a rep')
    weight = entry.integer("weight", minimum=None)
    if weight is None and entry.ok:
        entry.error("weight is missing")
    elif weight is not None and not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        entry.error(f"weight must be an integer from {WEIGHT_MIN} to {WEIGHT_MAX}, got {weight}")
    return Preference(shadower=shadower, weight=weight or 0, **values)


def matches(wish: Preference, slot: Slot, host: Person | None) -> bool:
    if wish.host is not None:
        return wish.host == slot.host
    if wish.kind is not None:
        return wish.kind == slot.kind
    host_tags = host.tags if host is not None else frozenset()
    return wish.tag in (slot.tags | host_tags)


def preference(wishes: Iterable[Preference], slot: Slot, host: Person | None) -> int:
    """preference(s, t): the clamped sum of the weights of `s`'s wishes that match `t`."""
    total = sum(w.weight for w in wishes if matches(w, slot, host))
    return max(-PREFERENCE_CAP, min(PREFERENCE_CAP, total))


def wishes_by_shadower(problem: Problem) -> dict[str, list[Preference]]:
    by_shadower: dict[str, list[Preference]] = defaultdict(list)
    for wish in problem.preferences:
        by_shadower[wish.shadower].append(wish)
    return dict(by_shadower)


class PreferenceTable:
    """Preference of a shadower for many slots at once (for candidate values): one boolean
    mask over all slots per distinct host, kind or tag named in a wish."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.wishes = wishes_by_shadower(index.problem)
        self.slot_host = np.array(index.slot_host, dtype=np.int64)
        self.masks: dict[tuple[str, str], npt.NDArray[np.bool_]] = {}

    def _mask(self, wish: Preference) -> npt.NDArray[np.bool_]:
        key = next((name, v) for name in TARGETS if (v := getattr(wish, name)) is not None)
        if key not in self.masks:
            index = self.index
            self.masks[key] = np.array(
                [
                    matches(wish, t, index.people[h])
                    for t, h in zip(index.slots, index.slot_host, strict=True)
                ],
                dtype=bool,
            )
        return self.masks[key]

    def values(self, shadower: str, slots: IntArray) -> IntArray:
        """preference(shadower, t) for each slot position in `slots`."""
        total = np.zeros(len(slots), dtype=np.int64)
        for wish in self.wishes.get(shadower, ()):
            total += wish.weight * self._mask(wish)[slots]
        return np.clip(total, -PREFERENCE_CAP, PREFERENCE_CAP)


def wishes_met(problem: Problem, assignments: Iterable[Any]) -> tuple[int, int]:
    """(wishes met, wishes stated) for a plan: a positive wish is met when one of the
    shadower's sessions matches it, a negative one when none does."""
    slots = {s.id: s for s in problem.slots}
    people = {p.id: p for p in problem.people}
    attended: dict[str, list[Slot]] = defaultdict(list)
    for pair in assignments:
        attended[pair.shadower].append(slots[pair.slot])
    met = 0
    stated = 0
    for wish in problem.preferences:
        if wish.weight == 0:
            continue
        stated += 1
        hit = any(matches(wish, t, people.get(t.host)) for t in attended.get(wish.shadower, ()))
        met += hit if wish.weight > 0 else not hit
    return met, stated
