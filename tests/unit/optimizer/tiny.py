"""Hand-sized problem documents for the checker, CLI and property tests.

Times are local to the plan timezone unless a test spells out an offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from optimizer import Pair, Problem, parse_problem

TZ = "America/Detroit"
MONDAY = dt.date(2027, 1, 4)


def local(day: int, hour: float = 9) -> str:
    """ISO datetime `day` days after MONDAY at `hour` (fractions and 24+ allowed), plan timezone."""
    date = MONDAY + dt.timedelta(days=day)
    midnight = dt.datetime(date.year, date.month, date.day, tzinfo=ZoneInfo(TZ))
    # Aware + timedelta is wall-clock arithmetic: 25 is 01:00 the next day.
    return (midnight + dt.timedelta(minutes=round(hour * 60))).isoformat()


def person(ident: str, role: str = "backroom", **fields: Any) -> dict[str, Any]:
    department = "ops" if role == "backroom" else "sales"
    return {"id": ident, "role": role, "department": department, "site": "DET", **fields}


def slot(
    ident: str,
    host: str,
    day: int,
    hour: float = 9,
    hours: float = 2,
    capacity: int = 1,
    **fields: Any,
) -> dict[str, Any]:
    return {
        "id": ident,
        "host": host,
        "start": local(day, hour),
        "end": local(day, hour + hours),
        "capacity": capacity,
        "kind": "ride_along",
        "remote": False,
        **fields,
    }


def doc(
    people: list[dict[str, Any]],
    slots: list[dict[str, Any]],
    *,
    rules: dict[str, Any] | None = None,
    days: int = 28,
    **extra: Any,
) -> dict[str, Any]:
    """A problem of `days` days from MONDAY; rules off unless given."""
    return {
        "version": 1,
        "horizon": {
            "start": MONDAY.isoformat(),
            "end": (MONDAY + dt.timedelta(days=days - 1)).isoformat(),
            "timezone": TZ,
        },
        "rules": {"sessions_per_shadower": 3, **(rules or {})},
        "people": people,
        "slots": slots,
        **extra,
    }


def problem(*args: Any, **kwargs: Any) -> Problem:
    return parse_problem(doc(*args, **kwargs))


def pairs(*items: tuple[str, str]) -> list[Pair]:
    return [Pair(shadower=s, slot=t) for s, t in items]
