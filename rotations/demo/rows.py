"""The demo company as CSV rows, exactly as HR would upload them: people, slots, time away.

Pure and deterministic: everything comes from the `random.Random` it is given.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rotations.demo import data
from rotations.models import Role

WEEKDAYS = 5
Row = dict[str, object]


@dataclass(frozen=True)
class Person:
    """One row of the staff file."""

    employee_id: str
    name: str
    email: str
    role: str
    department: str
    site: data.DemoSite
    hire_date: dt.date
    tags: tuple[str, ...]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class Generator:
    """Makes people with unique names and rising employee ids."""

    def __init__(self, rng: random.Random, start: dt.date) -> None:
        self.rng = rng
        self.start = start  # hire dates are drawn around the plan's start
        self.names: set[str] = set()
        self.number = 10_000

    def person(self, role: str, department: str, site: data.DemoSite) -> Person:
        rng = self.rng
        while True:
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            if f"{first} {last}" not in self.names:
                break
        self.names.add(f"{first} {last}")
        self.number += rng.randint(1, 7)
        roll = rng.random()
        if role == Role.BACKROOM and roll < 0.03:  # joins during the plan
            hired = self.start + dt.timedelta(days=rng.randint(0, 27))
        elif role == Role.BACKROOM and roll < 0.12:  # a new hire: the plan favours them
            hired = self.start - dt.timedelta(days=rng.randint(7, 89))
        else:
            hired = self.start - dt.timedelta(days=rng.randint(120, 15 * 365))
        tags = tuple(sorted(rng.sample(data.PRODUCT_TAGS, rng.randint(1, 3))))
        return Person(
            employee_id=f"NW{self.number}",
            name=f"{first} {last}",
            email=f"{_ascii(first)}.{_ascii(last)}@northwind.example",
            role=role,
            department=department,
            site=site,
            hire_date=hired,
            tags=tags,
        )

    def company(self) -> list[Person]:
        people: list[Person] = []
        names = [name for name, _ in data.DEPARTMENTS]
        weights = [share for _, share in data.DEPARTMENTS]
        for site in data.SITES:
            people += [self.person(Role.REP, data.SALES_DEPARTMENT, site) for _ in range(site.reps)]
            people += [
                self.person(Role.BACKROOM, self.rng.choices(names, weights)[0], site)
                for _ in range(site.backroom)
            ]
        return people


def staff_rows(people: Sequence[Person]) -> list[Row]:
    return [
        {
            "employee_id": p.employee_id,
            "name": p.name,
            "email": p.email,
            "role": p.role,
            "department": p.department,
            "site": p.site.name,
            "timezone": p.site.timezone,
            "hire_date": p.hire_date.isoformat(),
            "tags": "|".join(p.tags),
        }
        for p in people
    ]


@dataclass(frozen=True)
class _Offer:
    """A slot a rep may offer each week."""

    weekday: int
    time: dt.time
    length: dt.timedelta
    capacity: int
    kind: str
    remote: bool
    tags: str


def _weekly_pattern(rng: random.Random, rep: Person, days: Sequence[int]) -> list[_Offer]:
    pattern = []
    for weekday in rng.sample(days, max(rep.site.slots_per_week)):
        kind, times, minutes, capacities, remote = rng.choice(data.SLOT_TEMPLATES)
        hour, minute = rng.choice(times)
        tags = sorted({kind.split("_")[0], *rng.sample(rep.tags, 1)})
        pattern.append(
            _Offer(
                weekday=weekday,
                time=dt.time(hour, minute),
                length=dt.timedelta(minutes=minutes),
                capacity=rng.choice(capacities),
                kind=kind,
                remote=remote,
                tags="|".join(tags),
            )
        )
    return pattern


def slot_rows(
    rng: random.Random,
    reps: Sequence[Person],
    start: dt.date,
    weeks: int,
    weeks_off: dict[str, set[int]],
    lunch_hosts: set[str],
) -> list[Row]:
    """Each rep offers part of a weekly pattern each week (local times, as HR types them);
    lunch hosts add a monthly remote lunch-and-learn as one recurring row."""
    rows: list[Row] = []
    for rep in reps:
        lunch = rep.employee_id in lunch_hosts
        days = [d for d in range(WEEKDAYS) if not (lunch and d == 2)]
        pattern = _weekly_pattern(rng, rep, days)
        for week in range(weeks):
            if week in weeks_off.get(rep.employee_id, set()):
                continue
            for offer in pattern[: rng.choice(rep.site.slots_per_week)]:
                if rng.random() < 0.1:  # a busy week: this one is not offered
                    continue
                day = start + dt.timedelta(days=7 * week + offer.weekday)
                begin = dt.datetime.combine(day, offer.time)
                rows.append(
                    {
                        "host_employee_id": rep.employee_id,
                        "start": f"{begin:%Y-%m-%d %H:%M}",
                        "end": f"{begin + offer.length:%Y-%m-%d %H:%M}",
                        "capacity": offer.capacity,
                        "kind": offer.kind,
                        "remote": "yes" if offer.remote else "no",
                        "tags": offer.tags,
                    }
                )
        if lunch:
            rows.append(
                {
                    "host_employee_id": rep.employee_id,
                    "capacity": 6,
                    "kind": "lunch_and_learn",
                    "remote": "yes",
                    "tags": "|".join(rep.tags),
                    "rrule": "FREQ=MONTHLY;BYDAY=2WE",
                    "dtstart": f"{start} 12:00",
                    "duration": "PT1H",
                }
            )
    return rows


def away(person: str, start: object, end: object, reason: str) -> Row:
    return {"employee_id": person, "start": start, "end": end, "reason": reason}


def away_rows(
    rng: random.Random,
    people: Sequence[Person],
    start: dt.date,
    weeks: int,
    weeks_off: dict[str, set[int]],
) -> list[Row]:
    """Reps' weeks off, three parental leaves, and the usual PTO, appointments, training."""
    rows: list[Row] = []
    last_day = start + dt.timedelta(weeks=weeks, days=-1)
    for rep_id, off in sorted(weeks_off.items()):
        for week in sorted(off):
            monday = start + dt.timedelta(weeks=week)
            rows.append(away(rep_id, monday, monday + dt.timedelta(days=4), "PTO"))
    backroom = [p for p in people if p.role == Role.BACKROOM]
    for person in rng.sample(backroom, 3):
        rows.append(away(person.employee_id, start, last_day, "Parental leave"))
    for person in backroom:
        roll = rng.random()
        monday = start + dt.timedelta(weeks=rng.randrange(weeks))
        day = monday + dt.timedelta(days=rng.randrange(WEEKDAYS))
        if roll < 0.2:
            rows.append(away(person.employee_id, monday, monday + dt.timedelta(days=4), "PTO"))
        elif roll < 0.26:
            rows.append(away(person.employee_id, f"{day} 13:00", f"{day} 17:00", "Appointment"))
        elif roll < 0.3:
            rows.append(away(person.employee_id, day, day, "Training"))
    return rows
