"""The CSV files HR uploads in the browser test: a random company (the optimizer tests'
`random_doc`) moved to start next Monday, big enough that the solver works for its whole
time limit, so the progress bar is seen moving."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass
from typing import Any

from tests.unit.optimizer.builders import random_doc


@dataclass(frozen=True)
class CompanyFiles:
    staff: str
    slots: str
    period_start: dt.date
    period_end: dt.date
    timezone: str
    rules: dict[str, Any]


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def company_files(*, today: dt.date, seed: int = 3) -> CompanyFiles:
    doc = random_doc(shadowers=80, hosts=16, weeks=8, seed=seed)
    zone = doc["horizon"]["timezone"]
    old_start = dt.date.fromisoformat(doc["horizon"]["start"])
    new_start = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    shift = new_start - old_start
    staff = [
        [
            p["id"],
            f"{'Rep' if p['role'] == 'rep' else 'Staff'} {p['id']}",
            f"{p['id'].lower()}@example.com",
            "rep" if p["role"] == "rep" else "backroom",
            "Field Sales" if p["role"] == "rep" else f"Dept {p['department']}",
            "Detroit",
            zone,
            (dt.date.fromisoformat(p["hire_date"]) + shift).isoformat() if "hire_date" in p else "",
            "|".join(p.get("tags", [])),
        ]
        for p in doc["people"]
    ]
    tz = zoneinfo.ZoneInfo(zone)
    seen: set[tuple[str, dt.datetime]] = set()
    slots = []
    for s in doc["slots"]:
        start = dt.datetime.fromisoformat(s["start"]) + shift
        end = dt.datetime.fromisoformat(s["end"]) + shift
        if s["capacity"] < 1 or (s["host"], start) in seen:
            continue
        seen.add((s["host"], start))
        slots.append(
            [
                s["host"],
                start.astimezone(tz).isoformat(timespec="minutes"),
                end.astimezone(tz).isoformat(timespec="minutes"),
                str(s["capacity"]),
                "ride_along",
                "yes" if s["remote"] else "no",
                "|".join(s.get("tags", [])),
            ]
        )
    return CompanyFiles(
        staff=_table(
            [
                "employee_id",
                "name",
                "email",
                "role",
                "department",
                "site",
                "timezone",
                "hire_date",
                "tags",
            ],
            staff,
        ),
        slots=_table(
            ["host_employee_id", "start", "end", "capacity", "kind", "remote", "tags"], slots
        ),
        period_start=new_start,
        period_end=dt.date.fromisoformat(doc["horizon"]["end"]) + shift,
        timezone=zone,
        rules=doc["rules"],
    )
