"""The hard family of `optimizer generate --hard`: instances whose LP gap is real.

The default generator's instances have a tight LP relaxation, so a good greedy is already
optimal on them. What makes a company hard (issue 15): hosts offer more slots per week than
they may host (`max_hosted_per_host_week` binding: which slots to open is a real choice),
demand above supply, capacities 1-3, slot lengths 2-8 h, one session a week at most and
10 days between sessions, departments of about 25 people with `max_away` 1-4, a quarter of
the people with some time away, 10% remote slots, and a horizon across a DST change.

Seeded like `generate.py`: the same arguments always give the same document.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from optimizer.generate import CONTRACT_WEIGHTS, TAGS

KINDS: tuple[str, ...] = ("ride_along", "customer_visit", "sales_calls", "lunch_and_learn")
# Starts on 2027-02-15: US clocks go forward on 2027-03-14, inside a 12-week horizon.
HARD_START = dt.date(2027, 2, 15)
DEPARTMENT_SIZE = 25
HOSTED_PER_WEEK = 2


def generate_hard_problem(
    *,
    shadowers: int = 300,
    hosts: int = 12,
    weeks: int = 12,
    seed: int = 1,
    start: dt.date = HARD_START,
    timezone: str = "America/Detroit",
) -> dict[str, Any]:
    """A problem document (contract version 1) of the hard family."""
    if shadowers < 1 or hosts < 1 or weeks < 1:
        msg = "shadowers, hosts and weeks must be positive"
        raise ValueError(msg)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    zone = ZoneInfo(timezone)
    monday = start - dt.timedelta(days=start.weekday())
    end = start + dt.timedelta(days=7 * weeks - 1)
    sites = ("DET", "GRR", "LAN")
    width = max(3, len(str(max(shadowers, hosts))))

    def local(day: dt.date, hour: int) -> str:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone).isoformat()

    def tags(low: int, high: int) -> list[str]:
        return sorted(rng.sample(TAGS, rng.randint(low, high)))

    def away(person: str) -> dict[str, str]:
        first = monday + dt.timedelta(days=7 * rng.randrange(weeks) + rng.randrange(5))
        days = rng.choice((1, 2, 3, 5, 7, 10))
        return {
            "person": person,
            "start": local(first, 0),
            "end": local(first + dt.timedelta(days=days), 0),
        }

    people: list[dict[str, Any]] = []
    unavailability: list[dict[str, str]] = []
    count = max(1, round(shadowers / DEPARTMENT_SIZE))
    department_ids = [f"d{i + 1:02d}" for i in range(count)]
    for number in range(1, shadowers + 1):
        ident = f"E{number:0{width}d}"
        if rng.random() < 0.15:
            hired = start - dt.timedelta(days=rng.randint(-10, 89))
        else:
            hired = start - dt.timedelta(days=rng.randint(120, 20 * 365))
        doc: dict[str, Any] = {
            "id": ident,
            "role": "backroom",
            "department": department_ids[(number - 1) % count],
            "site": rng.choices(sites, (0.5, 0.3, 0.2))[0],
            "hire_date": hired.isoformat(),
            "tags": tags(0, 3),
        }
        required = rng.choices((2, 1, 3), (0.7, 0.1, 0.2))[0]
        if required != 2:
            doc["sessions_required"] = required
        people.append(doc)
        if rng.random() < 0.25:
            unavailability.append(away(ident))

    host_ids = []
    for number in range(1, hosts + 1):
        ident = f"R{number:0{width}d}"
        host_ids.append(ident)
        site = sites[(number - 1) % len(sites)]
        people.append(
            {
                "id": ident,
                "role": "rep",
                "department": "sales",
                "site": site,
                "tags": tags(1, 3),
            }
        )
        if rng.random() < 0.25:
            unavailability.append(away(ident))

    # Each host offers 3-4 slots a week (more than the 2 they may host), on distinct days.
    slots: list[dict[str, Any]] = []
    for host in host_ids:
        for week in range(weeks):
            for weekday in sorted(rng.sample(range(5), rng.randint(3, 4))):
                day = monday + dt.timedelta(days=7 * week + weekday)
                if not start <= day <= end:
                    continue
                hour = rng.randint(7, 12)
                length = rng.randint(2, 8)
                slots.append(
                    {
                        "id": f"S{len(slots) + 1:05d}",
                        "host": host,
                        "start": local(day, hour),
                        "end": local(day, min(hour + length, 23)),
                        "capacity": rng.choice((1, 2, 3)),
                        "kind": rng.choice(KINDS),
                        "remote": rng.random() < 0.1,
                        "tags": tags(0, 2),
                    }
                )

    departments = [{"id": d, "max_away": rng.randint(1, 4)} for d in department_ids]
    history = []
    for number in range(1, shadowers + 1):
        if rng.random() < 0.4:
            for host in rng.sample(host_ids, min(len(host_ids), rng.randint(1, 3))):
                day = start - dt.timedelta(days=rng.randint(30, 365))
                history.append(
                    {"shadower": f"E{number:0{width}d}", "host": host, "date": day.isoformat()}
                )

    return {
        "version": 1,
        "horizon": {"start": start.isoformat(), "end": end.isoformat(), "timezone": timezone},
        "rules": {
            "sessions_per_shadower": 2,
            "max_sessions_per_week": 1,
            "min_days_between_sessions": 10,
            "max_hosted_per_host_week": HOSTED_PER_WEEK,
            "distinct_hosts": True,
            "new_hire_days": 90,
        },
        "weights": dict(CONTRACT_WEIGHTS),
        "departments": departments,
        "people": people,
        "slots": slots,
        "unavailability": unavailability,
        "history": history,
        "pinned": [],
        "forbidden": [],
        "previous": [],
    }
