"""A company the solver keeps busy for its whole time limit (it does not prove optimality
in seconds): built in the database from the optimizer tests' random company."""

from __future__ import annotations

import datetime as dt

from rotations.models import RotationPlan
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
)
from tests.unit.optimizer.builders import random_doc


def busy_plan(
    *,
    seed: int = 3,
    sites: tuple[str, ...] = ("DET",),
    shadowers: int = 80,
    hosts: int = 16,
    name: str = "Busy",
) -> RotationPlan:
    doc = random_doc(shadowers=shadowers, hosts=hosts, weeks=8, seed=seed, sites=sites)
    site_rows = {
        site: SiteFactory.create(name=site, timezone=doc["horizon"]["timezone"]) for site in sites
    }
    limits = {d["id"]: d["max_away"] for d in doc["departments"]}
    people = {}
    for person in doc["people"]:
        factory = RepFactory if person["role"] == "rep" else EmployeeFactory
        people[person["id"]] = factory.create(
            employee_id=person["id"],
            department=DepartmentFactory.create(
                name=person["department"], max_away=limits.get(person["department"])
            ),
            site=site_rows[person["site"]],
            tags=list(person.get("tags", [])),
            hire_date=dt.date.fromisoformat(person["hire_date"]) if "hire_date" in person else None,
        )
    taken = set()
    for slot in doc["slots"]:
        start = dt.datetime.fromisoformat(slot["start"])
        # The database holds one slot per host and start, and none without seats.
        if slot["capacity"] < 1 or (slot["host"], start) in taken:
            continue
        taken.add((slot["host"], start))
        HostingSlotFactory.create(
            host=people[slot["host"]],
            start=start,
            end=dt.datetime.fromisoformat(slot["end"]),
            capacity=slot["capacity"],
            remote=slot["remote"],
            tags=list(slot.get("tags", [])),
        )
    return RotationPlanFactory.create(
        name=name,
        period_start=dt.date.fromisoformat(doc["horizon"]["start"]),
        period_end=dt.date.fromisoformat(doc["horizon"]["end"]),
        timezone=doc["horizon"]["timezone"],
        rules=doc["rules"],
    )
