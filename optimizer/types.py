"""Typed model of the scheduling contract (../shared/spec/scheduling.md, version 1).

Frozen dataclasses only: parsing and validation live in `parse.py`, the CP-SAT model in
`constraints.py`/`solve.py`, the independent verifier in `check.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["backroom", "rep"]
Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID", "UNKNOWN"]

# Reason codes for `unmet`, in the order the contract lists them.
REASON_CODES: tuple[str, ...] = (
    "no_eligible_slot",
    "unavailable",
    "capacity",
    "department_coverage",
    "weekly_limit",
    "spacing",
    "host_load",
    "distinct_hosts",
)


@dataclass(frozen=True)
class Horizon:
    start: dt.date
    end: dt.date
    timezone: str  # IANA name; dates and ISO weeks are counted in it


@dataclass(frozen=True)
class Rules:
    """Hard-rule parameters. `None` (or 0/false in the document) means the rule is off."""

    sessions_per_shadower: int = 1
    max_sessions_per_week: int | None = None
    min_days_between_sessions: int | None = None
    max_hosted_per_host_week: int | None = None
    distinct_hosts: bool = False
    new_hire_days: int | None = None


@dataclass(frozen=True)
class Weights:
    session: int = 1000
    affinity: int = 10
    novelty: int = 20
    new_hire: int = 50
    fairness: int = 5
    change: int = 200
    preference: int = 30  # contract v1.1
    ledger: int = 0  # host ledger extension (optimizer/preferences.py); 0 leaves v1 as is


@dataclass(frozen=True)
class Department:
    id: str
    max_away: int | None = None  # None: no coverage limit


@dataclass(frozen=True)
class Person:
    id: str
    role: Role
    department: str
    site: str
    hire_date: dt.date | None = None
    tags: frozenset[str] = frozenset()
    sessions_required: int | None = None  # None: rules.sessions_per_shadower
    active: bool = True
    hosted: int = 0  # host ledger extension: sessions this rep hosted before the horizon


@dataclass(frozen=True)
class Slot:
    id: str
    host: str
    start: dt.datetime  # timezone-aware
    end: dt.datetime  # timezone-aware, after start
    capacity: int
    kind: str = ""
    remote: bool = False
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Unavailability:
    person: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class HistoryEntry:
    shadower: str
    host: str
    date: dt.date


@dataclass(frozen=True, order=True)
class Pair:
    """A shadower attending a slot: used for assignments, pinned, forbidden and previous."""

    shadower: str
    slot: str


@dataclass(frozen=True)
class Preference:
    """A shadower's wish (contract v1.1): exactly one of host, kind or tag; weight -3..3."""

    shadower: str
    weight: int
    host: str | None = None
    kind: str | None = None
    tag: str | None = None


@dataclass(frozen=True)
class Problem:
    horizon: Horizon
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    departments: tuple[Department, ...] = ()
    people: tuple[Person, ...] = ()
    slots: tuple[Slot, ...] = ()
    unavailability: tuple[Unavailability, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    pinned: tuple[Pair, ...] = ()
    forbidden: tuple[Pair, ...] = ()
    previous: tuple[Pair, ...] = ()
    version: int = 1
    preferences: tuple[Preference, ...] = ()  # contract v1.1

    def required(self, person: Person) -> int:
        """Sessions this shadower should attend (their own figure or the plan's default)."""
        if person.sessions_required is not None:
            return person.sessions_required
        return self.rules.sessions_per_shadower


@dataclass(frozen=True)
class Unmet:
    shadower: str
    missing: int
    reasons: tuple[str, ...]  # codes from REASON_CODES


@dataclass(frozen=True)
class Solution:
    status: Status
    objective: int | None = None
    bound: int | None = None
    assignments: tuple[Pair, ...] = ()
    unmet: tuple[Unmet, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    # For INFEASIBLE: which pinned pairs break which rule, in plain words.
    infeasible: tuple[str, ...] = ()
    version: int = 1
