"""Tiny problem documents for optimizer tests, written the way the contract spells them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

TZ = "America/Detroit"
START = dt.date(2027, 1, 4)  # a Monday


def at(day: int | dt.date, hour: int, minute: int = 0, *, tz: str = TZ) -> dt.datetime:
    """A local time on `day` (a date, or days after START) in the plan timezone."""
    date = day if isinstance(day, dt.date) else START + dt.timedelta(days=day)
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=ZoneInfo(tz))


def backroom(ident: str, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "role": "backroom", "department": "ops", "site": "DET", **fields}


def rep(ident: str, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "role": "rep", "department": "sales", "site": "DET", **fields}


def slot(
    ident: str,
    host: str,
    day: int | dt.date,
    hour: int = 9,
    *,
    hours: float = 2,
    minute: int = 0,
    capacity: int = 1,
    **fields: Any,
) -> dict[str, Any]:
    start = at(day, hour, minute)
    end = start + dt.timedelta(hours=hours)
    return {
        "id": ident,
        "host": host,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "capacity": capacity,
        "kind": "ride_along",
        "remote": False,
        **fields,
    }


def problem_doc(
    people: list[dict[str, Any]],
    slots: list[dict[str, Any]],
    *,
    rules: dict[str, Any] | None = None,
    weeks: int = 12,
    **extra: Any,
) -> dict[str, Any]:
    """A problem with every rule off unless `rules` turns it on."""
    return {
        "version": 1,
        "horizon": {
            "start": START.isoformat(),
            "end": (START + dt.timedelta(days=7 * weeks - 1)).isoformat(),
            "timezone": TZ,
        },
        "rules": {"sessions_per_shadower": 1, **(rules or {})},
        "people": people,
        "slots": slots,
        **extra,
    }


TAGS = ("hvac", "design", "plumbing", "electrical", "solar", "sales", "install", "service")


def random_doc(
    *, shadowers: int, hosts: int, weeks: int, seed: int, sites: tuple[str, ...] = ("DET",)
) -> dict[str, Any]:
    """A random company with every rule on (small enough for the brute-force checker)."""
    rng = random.Random(seed)
    departments = [
        {"id": f"D{i}", "max_away": rng.choice([1, 2, 3, None])}
        for i in range(max(1, shadowers // 10))
    ]
    people = [
        backroom(
            f"E{i}",
            department=rng.choice(departments)["id"],
            site=rng.choice(sites),
            hire_date=(START - dt.timedelta(days=rng.randint(0, 400))).isoformat(),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
        )
        for i in range(shadowers)
    ]
    slots: list[dict[str, Any]] = []
    for j in range(hosts):
        people.append(rep(f"R{j}", site=rng.choice(sites), tags=rng.sample(TAGS, 1)))
        for week in range(weeks):
            for _ in range(rng.choice([0, 1, 2, 3])):
                slots.append(
                    slot(
                        f"S{len(slots)}",
                        f"R{j}",
                        7 * week + rng.randint(0, 6),
                        rng.choice([8, 10, 13, 15, 22]),
                        hours=rng.choice([1, 2, 3]),
                        capacity=rng.choice([0, 1, 2, 3]),
                        remote=rng.random() < 0.2,
                        tags=rng.sample(TAGS, rng.randint(0, 2)),
                    )
                )
    unavailability = []
    for i in range(shadowers + hosts):
        if rng.random() < 0.2:
            ident = f"E{i}" if i < shadowers else f"R{i - shadowers}"
            start = at(rng.randint(0, 7 * weeks), rng.randint(0, 23))
            end = start + dt.timedelta(hours=rng.randint(1, 72))
            unavailability.append(
                {"person": ident, "start": start.isoformat(), "end": end.isoformat()}
            )
    return problem_doc(
        people,
        slots,
        weeks=weeks,
        rules={
            "sessions_per_shadower": 2,
            "max_sessions_per_week": 1,
            "min_days_between_sessions": 7,
            "max_hosted_per_host_week": 2,
            "distinct_hosts": True,
            "new_hire_days": 90,
        },
        departments=departments,
        unavailability=unavailability,
        history=[
            {
                "shadower": f"E{rng.randrange(shadowers)}",
                "host": f"R{rng.randrange(hosts)}",
                "date": "2026-06-01",
            }
            for _ in range(shadowers // 2)
        ],
    )
