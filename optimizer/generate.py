"""Realistic, seeded problem documents: a company with uneven sites and departments.

Used by the benchmark, the CLI and tests. The same arguments always give the same document
(one `random.Random(seed)`, no set iteration, no clock). With `tight=True` hosts offer
fewer, smaller slots, so the seats on offer fall well short of the sessions required.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

SITES: tuple[str, ...] = ("DET", "GRR", "LAN", "TOL", "CLE")
# More sites for the largest companies (`sites=` up to 5 + 15).
MORE_SITES: tuple[str, ...] = (
    "CMH", "IND", "CHI", "MKE", "MSP", "STL", "PIT", "BUF",
    "CIN", "LOU", "MCI", "OMA", "DSM", "FWA", "ERI",
)  # fmt: skip
# Named sizes: (shadowers, hosts, weeks, sites); XL is the scale-out benchmark's company.
SIZES: dict[str, tuple[int, int, int, int | None]] = {
    "L": (10_000, 1_500, 12, None),
    "XL": (50_000, 8_000, 12, 15),
}
# Backroom departments with their relative headcount; the last ones are small.
DEPARTMENTS: tuple[tuple[str, float], ...] = (
    ("cad", 0.18),
    ("estimating", 0.15),
    ("accounting", 0.12),
    ("purchasing", 0.11),
    ("logistics", 0.10),
    ("service_coordination", 0.09),
    ("warranty", 0.07),
    ("hr", 0.06),
    ("it", 0.05),
    ("marketing", 0.04),
    ("quality", 0.03),
)
# Departments that may all go out at once (no coverage limit).
UNLIMITED: frozenset[str] = frozenset({"marketing", "quality"})
TAGS: tuple[str, ...] = (
    "hvac",
    "plumbing",
    "electrical",
    "solar",
    "roofing",
    "controls",
    "refrigeration",
    "design",
    "commercial",
    "residential",
    "industrial",
    "service",
)

# The contract's v1 default weights, written out so generated documents carry them.
CONTRACT_WEIGHTS = {
    "session": 1000,
    "affinity": 10,
    "novelty": 20,
    "new_hire": 50,
    "fairness": 5,
    "change": 200,
}


@dataclass(frozen=True)
class Kind:
    name: str
    hours: tuple[tuple[int, int], ...]  # (start hour, length in hours) choices, local time
    capacities: tuple[int, ...]
    remote_share: float


KINDS: tuple[Kind, ...] = (
    Kind("ride_along", ((8, 4), (13, 4), (7, 3)), (1, 1, 2), 0.0),
    Kind("customer_visit", ((9, 2), (10, 3), (14, 2)), (1, 2), 0.0),
    Kind("sales_calls", ((9, 2), (14, 2), (15, 1)), (1, 2, 3), 0.35),
    Kind("lunch_and_learn", ((12, 1),), (2, 3), 0.6),
)
# Relative frequency of each kind in a rep's week.
KIND_WEIGHTS: tuple[float, ...] = (0.35, 0.3, 0.25, 0.1)


@dataclass
class _Host:
    id: str
    site: str
    kinds: list[Kind]
    days: list[int] = field(default_factory=list)  # preferred weekdays, Monday = 0
    away: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)


@dataclass
class _Shadower:
    id: str
    site: str
    department: str
    away: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)


class _Company:
    """Draws the people, slots and records of one document, in a fixed order."""

    def __init__(
        self, rng: random.Random, start: dt.date, weeks: int, zone: ZoneInfo, tight: bool
    ) -> None:
        self.rng = rng
        self.start = start
        self.weeks = weeks
        self.zone = zone
        self.tight = tight
        self.end = start + dt.timedelta(days=7 * weeks - 1)

    def local(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)

    def workday(self, week: int, weekday: int) -> dt.date:
        monday = self.start - dt.timedelta(days=self.start.weekday())
        return monday + dt.timedelta(days=7 * week + weekday)

    def tags(self, low: int, high: int) -> list[str]:
        return sorted(self.rng.sample(TAGS, self.rng.randint(low, high)))

    def pto(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """A vacation of 1-10 workdays (whole local days) or a half-day appointment."""
        week = self.rng.randrange(self.weeks)
        first = self.workday(week, self.rng.randrange(5))
        if self.rng.random() < 0.7:
            length = self.rng.choice((1, 2, 3, 5, 5, 7, 10))
            last = first + dt.timedelta(days=length + 2 * (length // 5))
            return [(self.local(first, 0), self.local(last, 0))]
        hour = self.rng.choice((8, 13))
        return [(self.local(first, hour), self.local(first, hour + 4))]


def _weighted_sites(count: int) -> tuple[list[str], list[float]]:
    """One big site, the others smaller and smaller (beyond five: shares falling as 1/n)."""
    if count <= len(SITES):
        return list(SITES[:count]), [0.5, 0.22, 0.14, 0.09, 0.05][:count]
    names = (SITES + MORE_SITES)[:count]
    weights = [1 / (n + 1) for n in range(len(names))]
    return list(names), [w / sum(weights) for w in weights]


def _width(count: int) -> int:
    return max(3, len(str(count)))


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def generate_problem(
    *,
    shadowers: int,
    hosts: int,
    weeks: int,
    seed: int,
    tight: bool = False,
    start: dt.date = dt.date(2027, 1, 4),
    timezone: str = "America/Detroit",
    previous: float = 0.0,
    sites: int | None = None,
) -> dict[str, Any]:
    """A problem document (contract version 1) for a company of `shadowers` backroom staff
    and `hosts` reps over `weeks` weeks from `start`; `previous` is the share of shadowers
    who already had pairs in an earlier plan (for the change term). `sites` defaults to 3
    (under 500 shadowers) or 5, and may be up to 20."""
    if shadowers < 1 or hosts < 1 or weeks < 1:
        msg = "shadowers, hosts and weeks must be positive"
        raise ValueError(msg)
    if sites is not None and not 1 <= sites <= len(SITES) + len(MORE_SITES):
        msg = f"sites must be from 1 to {len(SITES) + len(MORE_SITES)}"
        raise ValueError(msg)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    company = _Company(rng, start, weeks, ZoneInfo(timezone), tight)
    if sites is None:
        sites = 3 if shadowers < 500 else 5
    site_ids, site_shares = _weighted_sites(sites)
    department_ids = [name for name, _ in DEPARTMENTS[: 8 if shadowers < 500 else 11]]
    department_shares = [share for _, share in DEPARTMENTS[: len(department_ids)]]

    people: list[dict[str, Any]] = []
    unavailability: list[dict[str, Any]] = []
    staff = _shadowers(company, shadowers, site_ids, site_shares, department_ids, department_shares)
    for person, doc in staff:
        people.append(doc)
        unavailability.extend(_away_docs(person.id, person.away))
    reps = _hosts(company, hosts, site_ids, site_shares)
    for host, doc in reps:
        people.append(doc)
        unavailability.extend(_away_docs(host.id, host.away))

    demand = sum(doc.get("sessions_required", 2) for _, doc in staff if doc.get("active", True))
    slots = _slots(company, [host for host, _ in reps], demand)
    departments = _departments(company, department_ids, [person for person, _ in staff])
    host_ids = [host.id for host, _ in reps]
    history = _history(company, [person.id for person, _ in staff], host_ids)
    pinned, forbidden, earlier = _pairs(company, staff, reps, slots, previous)

    return {
        "version": 1,
        "horizon": {
            "start": start.isoformat(),
            "end": company.end.isoformat(),
            "timezone": timezone,
        },
        "rules": {
            "sessions_per_shadower": 2,
            "max_sessions_per_week": 1,
            "min_days_between_sessions": 7,
            "max_hosted_per_host_week": 3,
            "distinct_hosts": True,
            "new_hire_days": 90,
        },
        "weights": dict(CONTRACT_WEIGHTS),
        "departments": departments,
        "people": people,
        "slots": slots,
        "unavailability": unavailability,
        "history": history,
        "pinned": pinned,
        "forbidden": forbidden,
        "previous": earlier,
    }


def _away_docs(person: str, away: list[tuple[dt.datetime, dt.datetime]]) -> list[dict[str, Any]]:
    return [{"person": person, "start": _iso(a), "end": _iso(b)} for a, b in away]


def _shadowers(
    company: _Company,
    count: int,
    sites: list[str],
    site_shares: list[float],
    departments: list[str],
    department_shares: list[float],
) -> list[tuple[_Shadower, dict[str, Any]]]:
    rng = company.rng
    width = _width(count)
    staff = []
    for number in range(1, count + 1):
        person = _Shadower(
            id=f"E{number:0{width}d}",
            site=rng.choices(sites, site_shares)[0],
            department=rng.choices(departments, department_shares)[0],
        )
        if rng.random() < 0.15:  # new hire: within the last 90 days, a few start later
            hired = company.start - dt.timedelta(days=rng.randint(-10, 89))
        else:
            hired = company.start - dt.timedelta(days=rng.randint(120, 20 * 365))
        doc: dict[str, Any] = {
            "id": person.id,
            "role": "backroom",
            "department": person.department,
            "site": person.site,
            "hire_date": hired.isoformat(),
            "tags": company.tags(0, 3),
        }
        required = rng.choices((2, 1, 3), (0.8, 0.1, 0.1))[0]
        if required != 2:
            doc["sessions_required"] = required
        if rng.random() < 0.01:  # left the company; still on file
            doc["active"] = False
        if rng.random() < 0.15:
            person.away = company.pto()
        staff.append((person, doc))
    return staff


def _hosts(
    company: _Company, count: int, sites: list[str], site_shares: list[float]
) -> list[tuple[_Host, dict[str, Any]]]:
    rng = company.rng
    width = _width(count)
    reps = []
    for number in range(1, count + 1):
        # The first reps cover every site; the others follow the site sizes.
        site = sites[number - 1] if number <= len(sites) else rng.choices(sites, site_shares)[0]
        kinds = sorted(set(rng.choices(KINDS, KIND_WEIGHTS, k=rng.randint(1, 3))), key=KINDS.index)
        host = _Host(id=f"R{number:0{width}d}", site=site, kinds=kinds)
        host.days = sorted(rng.sample(range(5), 3))
        doc: dict[str, Any] = {
            "id": host.id,
            "role": "rep",
            "department": "field_service" if rng.random() < 0.3 else "sales",
            "site": site,
            "tags": company.tags(1, 3),
        }
        if number > len(sites) and rng.random() < 0.01:
            doc["active"] = False
        if rng.random() < 0.15:
            host.away = company.pto()
        reps.append((host, doc))
    return reps


def _slots(company: _Company, hosts: Sequence[_Host], demand: int) -> list[dict[str, Any]]:
    """Each rep's weekly offer: 1-3 slots (tight: a share of the demand in seats of 1)."""
    rng = company.rng
    per_week: list[list[int]] = []
    if company.tight:
        # Seats for about 70% of the sessions required, in slots of mostly one seat.
        slots_wanted = 0.7 * demand / 1.2
        rate = slots_wanted / (len(hosts) * company.weeks)
        for _ in hosts:
            per_week.append(
                [int(rate) + (rng.random() < rate - int(rate)) for _ in range(company.weeks)]
            )
    else:
        for _ in hosts:
            usual = rng.choices((1, 2, 3), (0.4, 0.4, 0.2))[0]
            per_week.append([0 if rng.random() < 0.1 else usual for _ in range(company.weeks)])

    docs: list[dict[str, Any]] = []
    width = max(5, len(str(sum(map(sum, per_week)))))
    for host, counts in zip(hosts, per_week, strict=True):
        for week, count in enumerate(counts):
            for weekday in sorted(rng.sample(host.days, min(count, len(host.days)))):
                kind = rng.choice(host.kinds)
                hour, length = rng.choice(kind.hours)
                day = company.workday(week, weekday)
                if company.tight:
                    capacity = rng.choices((1, 2), (0.8, 0.2))[0]
                else:
                    capacity = rng.choice(kind.capacities)
                if not company.start <= day <= company.end:
                    continue  # a horizon that does not start on a Monday
                tags = sorted(rng.sample(TAGS, rng.randint(0, 2)))
                docs.append(
                    {
                        "id": f"S{len(docs) + 1:0{width}d}",
                        "host": host.id,
                        "start": _iso(company.local(day, hour)),
                        "end": _iso(company.local(day, hour + length)),
                        "capacity": capacity,
                        "kind": kind.name,
                        "remote": rng.random() < kind.remote_share,
                        "tags": tags,
                    }
                )
    return docs


def _departments(
    company: _Company, ids: list[str], staff: Sequence[_Shadower]
) -> list[dict[str, Any]]:
    """Coverage limits of about a tenth of each department (at least one person)."""
    size = dict.fromkeys(ids, 0)
    for person in staff:
        size[person.department] += 1
    docs: list[dict[str, Any]] = []
    for department in ids:
        if department in UNLIMITED:
            docs.append({"id": department})
            continue
        share = company.rng.uniform(0.06, 0.15)
        docs.append({"id": department, "max_away": max(1, round(size[department] * share))})
    return docs


def _history(company: _Company, staff: list[str], hosts: list[str]) -> list[dict[str, Any]]:
    """Earlier sessions (last year) for about 40% of the staff: the novelty term."""
    rng = company.rng
    docs = []
    for shadower in staff:
        if rng.random() >= 0.4:
            continue
        for host in rng.sample(hosts, min(len(hosts), rng.randint(1, 3))):
            day = company.start - dt.timedelta(days=rng.randint(30, 365))
            docs.append({"shadower": shadower, "host": host, "date": day.isoformat()})
    return docs


def _pairs(
    company: _Company,
    staff: Sequence[tuple[_Shadower, dict[str, Any]]],
    reps: Sequence[tuple[_Host, dict[str, Any]]],
    slots: list[dict[str, Any]],
    previous: float,
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """A few pinned pairs (one per shadower, host and department, so they never clash),
    a few forbidden ones, and an earlier plan's pairs for a share of the staff."""
    rng = company.rng
    hosts = {host.id: host for host, doc in reps if doc.get("active", True)}
    active = [person for person, doc in staff if doc.get("active", True)]
    by_site: dict[str, list[_Offer]] = {}
    for slot in slots:
        if slot["host"] in hosts:
            offer = _Offer(slot, hosts[slot["host"]])
            by_site.setdefault("remote" if slot["remote"] else offer.host.site, []).append(offer)

    def options(person: _Shadower) -> list[_Offer]:
        """The slots this person may attend, as far as one pair can tell (rules 1, 2, 5)."""
        mine = by_site.get(person.site, []) + by_site.get("remote", [])
        return [o for o in mine if not o.clashes(person.away) and not o.clashes(o.host.away)]

    pinned: list[dict[str, str]] = []
    used_hosts: set[str] = set()
    used_departments: set[str] = set()
    for person in rng.sample(active, min(len(active), max(1, len(active) // 100))):
        if person.department in used_departments:
            continue
        choices = [o for o in options(person) if o.host.id not in used_hosts]
        if choices:
            offer = rng.choice(choices)
            pinned.append({"shadower": person.id, "slot": offer.id})
            used_hosts.add(offer.host.id)
            used_departments.add(person.department)

    forbidden: list[dict[str, str]] = []
    pinned_ids = {p["shadower"] for p in pinned}
    for person in rng.sample(active, min(len(active), max(1, len(active) // 50))):
        choices = options(person)
        if choices and person.id not in pinned_ids:
            forbidden.append({"shadower": person.id, "slot": rng.choice(choices).id})

    earlier: list[dict[str, str]] = []
    for person in active:
        if previous <= 0 or rng.random() >= previous:
            continue
        choices = options(person)
        if not choices:
            continue
        first = rng.choice(choices)
        # The earlier plan kept its own rules: another host, a week or more apart.
        later = [
            o for o in choices if o.host is not first.host and abs((o.day - first.day).days) >= 7
        ]
        chosen = [first, rng.choice(later)] if later else [first]
        earlier.extend({"shadower": person.id, "slot": o.id} for o in chosen)
    return pinned, forbidden, earlier


class _Offer:
    """A slot document with its times read back, for drawing pairs."""

    def __init__(self, doc: dict[str, Any], host: _Host) -> None:
        self.id: str = doc["id"]
        self.host = host
        self.start = dt.datetime.fromisoformat(doc["start"])
        self.end = dt.datetime.fromisoformat(doc["end"])
        self.day = self.start.date()

    def clashes(self, away: list[tuple[dt.datetime, dt.datetime]]) -> bool:
        return any(a < self.end and self.start < b for a, b in away)
