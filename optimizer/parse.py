"""JSON documents <-> typed model, with errors that name the offending entry.

`parse_problem` never repairs anything: it collects every problem it finds and raises one
`ProblemError` whose `messages` each start with the entry, e.g.
`slots[17] (id "S9"): end 2027-01-05T09:00:00-05:00 is not after start`.
Unknown fields are ignored, as the contract asks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from optimizer.preferences import read_preference
from optimizer.types import (
    Department,
    HistoryEntry,
    Horizon,
    Pair,
    Person,
    Preference,
    Problem,
    Role,
    Rules,
    Slot,
    Solution,
    Status,
    Unavailability,
    Unmet,
    Weights,
)

VERSIONS = (1, 1.1)  # 1.1 adds `preferences` (optimizer/preferences.py)
ROLES: frozenset[str] = frozenset({"backroom", "rep"})
STATUSES: frozenset[str] = frozenset(
    {"OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID", "UNKNOWN"}
)

T = TypeVar("T")


class ProblemError(ValueError):
    """A document the optimizer refuses; `messages` lists every error found."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


class _Missing:
    """Marker for an absent field (distinct from an explicit null)."""


_MISSING = _Missing()


class _Entry:
    """Reads the fields of one JSON object, recording errors under the entry's name."""

    def __init__(self, where: str, raw: Any, errors: list[str]) -> None:
        self.where = where
        self.errors = errors
        self.ok = True
        if isinstance(raw, Mapping):
            self.raw: Mapping[str, Any] = raw
            ident = raw.get("id")
            if isinstance(ident, str):
                self.where = f'{where} (id "{ident}")'
        else:
            self.raw = {}
            self.error(f"must be an object, not {_kind(raw)}")

    def error(self, message: str) -> None:
        self.ok = False
        self.errors.append(f"{self.where}: {message}")

    def get(self, name: str) -> Any:
        return self.raw.get(name, _MISSING)

    def string(self, name: str, *, default: str | None = None) -> str:
        value = self.get(name)
        if isinstance(value, str):
            return value
        if default is not None and value in (_MISSING, None):
            return default
        self.error(f"{name} must be a string, not {_kind(value)}")
        return ""

    def integer(self, name: str, *, minimum: int | None = 0) -> int | None:
        """An int (booleans refused); None when absent or null."""
        value = self.get(name)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"{name} must be an integer, not {_kind(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(f"{name} must be at least {minimum}, got {value}")
            return None
        return int(value)

    def boolean(self, name: str, *, default: bool) -> bool:
        value = self.get(name)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.error(f"{name} must be true or false, not {_kind(value)}")
            return default
        return value

    def date(self, name: str, *, required: bool) -> dt.date | None:
        value = self.get(name)
        if value is _MISSING or value is None:
            if required:
                self.error(f"{name} is missing")
            return None
        if not isinstance(value, str):
            self.error(f"{name} must be a date string, not {_kind(value)}")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(f'{name} "{value}" is not an ISO date (YYYY-MM-DD)')
            return None

    def moment(self, name: str) -> dt.datetime | None:
        """An ISO 8601 datetime that carries an offset (`Z` allowed)."""
        value = self.get(name)
        if not isinstance(value, str):
            if value is _MISSING or value is None:
                self.error(f"{name} is missing")
            else:
                self.error(f"{name} must be a datetime string, not {_kind(value)}")
            return None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.error(f'{name} "{value}" is not an ISO 8601 datetime')
            return None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.error(f'{name} "{value}" has no UTC offset (naive datetimes are refused)')
            return None
        return parsed

    def tags(self, name: str = "tags") -> frozenset[str]:
        value = self.get(name)
        if value is _MISSING or value is None:
            return frozenset()
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            self.error(f"{name} must be a list of strings")
            return frozenset()
        return frozenset(value)

    def interval_end(self, start: dt.datetime | None, end: dt.datetime | None) -> None:
        if start is not None and end is not None and end <= start:
            self.error(f"end {self.raw.get('end')} is not after start")


def _kind(value: Any) -> str:
    if value is _MISSING:
        return "missing"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {int: "an integer", float: "a number", str: "a string", list: "a list"}.get(
        type(value), "an object" if isinstance(value, Mapping) else type(value).__name__
    )


def _entries(doc: Mapping[str, Any], key: str, errors: list[str]) -> list[tuple[str, Any]]:
    """The items of an optional top-level list, each with its name (`slots[3]`)."""
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{key}: must be a list, not {_kind(value)}")
        return []
    return [(f"{key}[{index}]", item) for index, item in enumerate(value)]


def _unique(entries: Iterable[tuple[_Entry, T]], ident: Callable[[T], str]) -> dict[str, T]:
    by_id: dict[str, T] = {}
    first: dict[str, str] = {}
    for entry, item in entries:
        item_id = ident(item)
        if item_id in by_id:
            entry.error(f'duplicate id "{item_id}" (first seen at {first[item_id]})')
            continue
        by_id[item_id] = item
        first[item_id] = entry.where.split(" ")[0]
    return by_id


def _horizon(raw: Any, errors: list[str]) -> Horizon | None:
    entry = _Entry("horizon", raw, errors)
    start = entry.date("start", required=True)
    end = entry.date("end", required=True)
    timezone = entry.string("timezone")
    if timezone:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            entry.error(f'timezone "{timezone}" is not a known IANA time zone')
    if start is not None and end is not None and end < start:
        entry.error(f"end {end} is before start {start}")
    if not entry.ok or start is None or end is None:
        return None
    return Horizon(start=start, end=end, timezone=timezone)


def _rules(raw: Any, errors: list[str]) -> Rules:
    if raw is None:
        return Rules()
    entry = _Entry("rules", raw, errors)
    per_shadower = entry.integer("sessions_per_shadower")

    def off_when_zero(name: str) -> int | None:
        return entry.integer(name) or None

    distinct = entry.get("distinct_hosts")
    if distinct in (0, 1) and not isinstance(distinct, bool):
        distinct_on = bool(distinct)  # 0 means off, like every other rule
    else:
        distinct_on = entry.boolean("distinct_hosts", default=False)
    return Rules(
        sessions_per_shadower=1 if per_shadower is None else per_shadower,
        max_sessions_per_week=off_when_zero("max_sessions_per_week"),
        min_days_between_sessions=off_when_zero("min_days_between_sessions"),
        max_hosted_per_host_week=off_when_zero("max_hosted_per_host_week"),
        distinct_hosts=distinct_on,
        new_hire_days=off_when_zero("new_hire_days"),
    )


def _weights(raw: Any, errors: list[str]) -> Weights:
    if raw is None:
        return Weights()
    entry = _Entry("weights", raw, errors)
    defaults = Weights()
    # Negative weights are refused: the model relies on them being non-negative.
    values = {f.name: entry.integer(f.name) for f in dataclasses.fields(defaults)}
    return Weights(
        **{name: getattr(defaults, name) if v is None else v for name, v in values.items()}
    )


def _department(entry: _Entry) -> Department:
    max_away = entry.integer("max_away")
    return Department(id=entry.string("id"), max_away=max_away or None)


def _person(entry: _Entry) -> Person:
    role = entry.string("role")
    if role and role not in ROLES:
        entry.error(f'role "{role}" is not one of backroom, rep')
    return Person(
        id=entry.string("id"),
        role=cast(Role, role),
        department=entry.string("department"),
        site=entry.string("site"),
        hire_date=entry.date("hire_date", required=False),
        tags=entry.tags(),
        sessions_required=entry.integer("sessions_required"),
        active=entry.boolean("active", default=True),
        hosted=entry.integer("hosted") or 0,
    )


def _slot(entry: _Entry, people: Mapping[str, Person]) -> Slot:
    host = entry.string("host")
    if host and host not in people:
        entry.error(f'unknown host "{host}"')
    start, end = entry.moment("start"), entry.moment("end")
    entry.interval_end(start, end)
    capacity = entry.integer("capacity")
    if capacity is None and entry.get("capacity") in (_MISSING, None):
        entry.error("capacity is missing")
    return Slot(
        id=entry.string("id"),
        host=host,
        start=start or _EPOCH,
        end=end or _EPOCH,
        capacity=capacity or 0,
        kind=entry.string("kind", default=""),
        remote=entry.boolean("remote", default=False),
        tags=entry.tags(),
    )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _pair(entry: _Entry, people: Mapping[str, Person], slots: Mapping[str, Slot]) -> Pair:
    shadower, slot = entry.string("shadower"), entry.string("slot")
    if shadower and shadower not in people:
        entry.error(f'unknown shadower "{shadower}"')
    if slot and slot not in slots:
        entry.error(f'unknown slot "{slot}"')
    return Pair(shadower=shadower, slot=slot)


def parse_problem(doc: Any) -> Problem:
    """Validate a problem document (contract version 1 or 1.1) and return the typed model."""
    errors: list[str] = []
    if not isinstance(doc, Mapping):
        raise ProblemError([f"problem: must be an object, not {_kind(doc)}"])
    version = doc.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        errors.append(f"version: must be 1 or 1.1, got {version!r}")
    horizon = _horizon(doc.get("horizon"), errors)
    rules = _rules(doc.get("rules"), errors)
    weights = _weights(doc.get("weights"), errors)

    departments = _unique(
        ((e, _department(e)) for e in _read(doc, "departments", errors)), lambda d: d.id
    )
    people = _unique(((e, _person(e)) for e in _read(doc, "people", errors)), lambda p: p.id)
    # Entries with errors are kept (with placeholders) so references to them are not
    # reported twice; any error raises before a Problem is built.
    slots = _unique(((e, _slot(e, people)) for e in _read(doc, "slots", errors)), lambda s: s.id)

    unavailability: list[Unavailability] = []
    for entry in _read(doc, "unavailability", errors):
        person = entry.string("person")
        if person and person not in people:
            entry.error(f'unknown person "{person}"')
        start, end = entry.moment("start"), entry.moment("end")
        entry.interval_end(start, end)
        if entry.ok and start is not None and end is not None:
            unavailability.append(Unavailability(person=person, start=start, end=end))

    history: list[HistoryEntry] = []
    for entry in _read(doc, "history", errors):
        shadower, host = entry.string("shadower"), entry.string("host")
        if shadower and shadower not in people:
            entry.error(f'unknown shadower "{shadower}"')
        if host and host not in people:
            entry.error(f'unknown host "{host}"')
        when = entry.date("date", required=True)
        if entry.ok and when is not None:
            history.append(HistoryEntry(shadower=shadower, host=host, date=when))

    pairs = {
        key: tuple(_pair(entry, people, slots) for entry in _read(doc, key, errors))
        for key in ("pinned", "forbidden", "previous")
    }

    wishes = tuple(read_preference(entry, people) for entry in _read(doc, "preferences", errors))

    if errors or horizon is None:
        raise ProblemError(errors or ["horizon: is missing"])
    return Problem(
        horizon=horizon,
        rules=rules,
        weights=weights,
        departments=tuple(departments.values()),
        people=tuple(people.values()),
        slots=tuple(slots.values()),
        unavailability=tuple(unavailability),
        history=tuple(history),
        pinned=pairs["pinned"],
        forbidden=pairs["forbidden"],
        previous=pairs["previous"],
        preferences=wishes,
    )


def _read(doc: Mapping[str, Any], key: str, errors: list[str]) -> list[_Entry]:
    return [_Entry(where, raw, errors) for where, raw in _entries(doc, key, errors)]


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The problem document of a typed problem: `parse_problem`'s inverse (a part of a
    partitioned solve travels to its worker as this JSON)."""

    def pairs(items: Iterable[Pair]) -> list[dict[str, str]]:
        return [{"shadower": p.shadower, "slot": p.slot} for p in items]

    def person(p: Person) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": p.id, "role": p.role, "department": p.department}
        doc |= {"site": p.site, "tags": sorted(p.tags), "active": p.active}
        if p.hire_date is not None:
            doc["hire_date"] = p.hire_date.isoformat()
        if p.sessions_required is not None:
            doc["sessions_required"] = p.sessions_required
        if p.hosted:
            doc["hosted"] = p.hosted
        return doc

    def wish(w: Preference) -> dict[str, Any]:
        target = {k: v for k, v in (("host", w.host), ("kind", w.kind), ("tag", w.tag)) if v}
        return {"shadower": w.shadower, "weight": w.weight} | target

    rules = dataclasses.asdict(problem.rules)
    return {
        "version": 1.1 if problem.preferences else 1,
        "horizon": {
            "start": problem.horizon.start.isoformat(),
            "end": problem.horizon.end.isoformat(),
            "timezone": problem.horizon.timezone,
        },
        "rules": {k: v for k, v in rules.items() if v is not None},
        "weights": dataclasses.asdict(problem.weights),
        "departments": [
            {"id": d.id} | ({"max_away": d.max_away} if d.max_away else {})
            for d in problem.departments
        ],
        "people": [person(p) for p in problem.people],
        "slots": [
            {
                "id": t.id,
                "host": t.host,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "capacity": t.capacity,
                "kind": t.kind,
                "remote": t.remote,
                "tags": sorted(t.tags),
            }
            for t in problem.slots
        ],
        "unavailability": [
            {"person": u.person, "start": u.start.isoformat(), "end": u.end.isoformat()}
            for u in problem.unavailability
        ],
        "history": [
            {"shadower": h.shadower, "host": h.host, "date": h.date.isoformat()}
            for h in problem.history
        ],
        "pinned": pairs(problem.pinned),
        "forbidden": pairs(problem.forbidden),
        "previous": pairs(problem.previous),
        "preferences": [wish(w) for w in problem.preferences],
    }


# --- solutions ---------------------------------------------------------------------------


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """The contract's solution document; `infeasible` only when there is something to say."""
    doc: dict[str, Any] = {
        "version": solution.version,
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "assignments": [{"shadower": p.shadower, "slot": p.slot} for p in solution.assignments],
        "unmet": [
            {"shadower": u.shadower, "missing": u.missing, "reasons": list(u.reasons)}
            for u in solution.unmet
        ],
        "stats": dict(solution.stats),
    }
    if solution.infeasible:
        doc["infeasible"] = list(solution.infeasible)
    return doc


def parse_solution(doc: Any) -> Solution:
    """Read a solution document; raises ProblemError naming each malformed entry."""
    errors: list[str] = []
    if not isinstance(doc, Mapping):
        raise ProblemError([f"solution: must be an object, not {_kind(doc)}"])
    top = _Entry("solution", doc, errors)
    status = top.string("status")
    if status and status not in STATUSES:
        top.error(f'status "{status}" is not one of {", ".join(sorted(STATUSES))}')
    objective = top.integer("objective", minimum=None)
    bound = top.integer("bound", minimum=None)
    assignments = []
    for entry in _read(doc, "assignments", errors):
        assignments.append(Pair(shadower=entry.string("shadower"), slot=entry.string("slot")))
    unmet = []
    for entry in _read(doc, "unmet", errors):
        reasons = entry.get("reasons")
        if reasons is _MISSING or reasons is None:
            reasons = []
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            entry.error("reasons must be a list of strings")
            reasons = []
        unmet.append(
            Unmet(
                shadower=entry.string("shadower"),
                missing=entry.integer("missing") or 0,
                reasons=tuple(reasons),
            )
        )
    stats = doc.get("stats") or {}
    if not isinstance(stats, Mapping):
        top.error("stats must be an object")
        stats = {}
    infeasible = doc.get("infeasible") or []
    if not isinstance(infeasible, list) or not all(isinstance(m, str) for m in infeasible):
        top.error("infeasible must be a list of strings")
        infeasible = []
    if errors:
        raise ProblemError(errors)
    return Solution(
        status=cast(Status, status),
        objective=objective,
        bound=bound,
        assignments=tuple(assignments),
        unmet=tuple(unmet),
        stats=dict(stats),
        infeasible=tuple(infeasible),
    )
