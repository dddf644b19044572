"""seed_demo's writer: a believable company, built through the same CSV imports HR uses.

Deterministic: the same seed and start give the same company, slots and history.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from rotations.demo import data
from rotations.demo.rows import Generator, Row, away, away_rows, slot_rows, staff_rows
from rotations.importers import slots as slot_columns
from rotations.importers import staff as staff_columns
from rotations.importers import unavailability as away_columns
from rotations.importers.csvfile import CsvTable, read_csv
from rotations.importers.errors import ImportReport
from rotations.models import (
    Assignment,
    AssignmentStatus,
    Department,
    Employee,
    Feedback,
    HostingSlot,
    PlanStatus,
    Role,
    RotationPlan,
    Site,
    SolveRun,
    Unavailability,
)
from rotations.services.imports import slots_import, staff_import, unavailability_import
from rotations.services.plans import plan_create

DEFAULT_START = dt.date(2027, 1, 4)  # a Monday; 12 weeks from it cross the March DST change


class DemoExistsError(RuntimeError):
    """The database already holds staff or plans; seed_demo --reset replaces them."""


@dataclass(frozen=True)
class DemoFacts:
    plan: RotationPlan
    past_plan: RotationPlan
    backroom: int
    reps: int
    departments: int
    slots: int
    unavailability: int
    history: int
    feedback: int


def _season(day: dt.date) -> str:
    """ "Winter 2027" for a plan starting in January 2027 (December counts as next winter)."""
    season = ("Winter", "Spring", "Summer", "Autumn", "Winter")[day.month // 3]
    return f"{season} {day.year + 1 if day.month == 12 else day.year}"


STAFF_HEADER = (*staff_columns.COLUMNS, "hire_date", "tags")
SLOT_HEADER = (
    *("host_employee_id", "start", "end", "capacity", "kind", "remote", "tags"),
    *("rrule", "dtstart", "duration"),
)
AWAY_HEADER = ("employee_id", "start", "end", "reason")


def _table(header: Sequence[str], rows: Sequence[Row], module: ModuleType) -> CsvTable:
    """The rows as the CSV file HR would upload, read back by the importer."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return read_csv(text.getvalue(), required=module.COLUMNS, optional=module.OPTIONAL)


def _must(report: ImportReport) -> None:
    if not report.ok:  # the generator's own rows: a failure here is a bug in this module
        raise RuntimeError("\n".join([report.summary(), *map(str, report.errors[:20])]))


def _sick_days(rng: random.Random, plan: RotationPlan) -> list[Row]:
    """A few reps fall ill on a day they offer a slot: those slots take nobody."""
    slots = list(
        HostingSlot.objects.filter(
            start__date__gte=plan.period_start, start__date__lte=plan.period_end, remote=False
        )
        .select_related("host__site")
        .order_by("pk")
    )
    rows: list[Row] = []
    for slot in rng.sample(slots, min(4, len(slots))):
        day = slot.start.astimezone(zoneinfo.ZoneInfo(slot.host.site.timezone)).date()
        rows.append(away(slot.host.employee_id, day, day, "Sick"))
    return rows


def _history(rng: random.Random, plan: RotationPlan, now: dt.datetime) -> tuple[int, int]:
    """Completed sessions (with feedback) in the past plan: the new plan's `history`.

    Only sessions that ended before `now` are completed: with the default start a few weeks
    ahead, the past plan's last weeks are still to come, and nobody gives feedback on them.
    """
    slots = list(
        HostingSlot.objects.filter(
            start__date__gte=plan.period_start, start__date__lte=plan.period_end, end__lte=now
        )
        .select_related("host")
        .order_by("pk")
    )
    taken: dict[int, int] = {}
    assignments: list[Assignment] = []
    shadowers = Employee.objects.filter(
        role=Role.BACKROOM, hire_date__lt=plan.period_start
    ).order_by("employee_id")
    for person in shadowers:
        if rng.random() > 0.6:
            continue
        fits = [
            s
            for s in slots
            if (s.remote or s.host.site_id == person.site_id) and taken.get(s.pk, 0) < s.capacity
        ]
        if fits:
            slot = rng.choice(fits)
            taken[slot.pk] = taken.get(slot.pk, 0) + 1
            assignments.append(
                Assignment(
                    plan=plan,
                    shadower=person,
                    slot=slot,
                    status=AssignmentStatus.COMPLETED,
                    version=3,
                )
            )
    Assignment.objects.bulk_create(assignments)
    feedback = [
        Feedback(
            assignment=a,
            author=a.shadower,
            rating=rng.choices((1, 2, 3, 4, 5), (2, 5, 15, 40, 38))[0],
            learned=rng.choice(data.LEARNED),
            change=rng.choice(data.CHANGES),
        )
        for a in assignments
        if rng.random() < 0.7
    ]
    Feedback.objects.bulk_create(feedback)
    return len(assignments), len(feedback)


def _wipe() -> None:
    for model in (
        Feedback,
        Assignment,
        SolveRun,
        RotationPlan,
        Unavailability,
        HostingSlot,
        Employee,
        Department,
        Site,
    ):
        model._default_manager.all().delete()


def _plans(start: dt.date, weeks: int) -> tuple[RotationPlan, RotationPlan]:
    """The past plan (11 weeks, ending a week before `start`) and the draft one to solve."""
    zone = data.SITES[0].timezone
    past_start = start - dt.timedelta(weeks=13)
    past = plan_create(
        name=_season(past_start),
        period_start=past_start,
        period_end=past_start + dt.timedelta(weeks=11, days=-1),
        timezone_name=zone,
    )
    past.published_at = dt.datetime.combine(
        past_start - dt.timedelta(days=7), dt.time(9), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    plan = plan_create(
        name=_season(start),
        period_start=start,
        period_end=start + dt.timedelta(weeks=weeks, days=-1),
        timezone_name=zone,
    )
    return past, plan


def _set_coverage_limits() -> None:
    for department in Department.objects.exclude(name=data.SALES_DEPARTMENT):
        # About one in twelve may be away at the same time, and at least one.
        department.max_away = max(1, department.members.count() // 12)
        department.save(update_fields=["max_away"])


def demo_seed(
    *,
    start: dt.date = DEFAULT_START,
    weeks: int = 12,
    seed: int = 7,
    reset: bool = False,
    now: dt.datetime | None = None,
) -> DemoFacts:
    """Create the demo company, a past plan with its history, and a draft plan to solve."""
    if start.weekday() != 0:
        raise ValueError(f"{start} is not a Monday")
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    with transaction.atomic():
        if reset:
            _wipe()
        elif Employee.objects.exists() or RotationPlan.objects.exists():
            raise DemoExistsError("the database already has staff or plans; use --reset")
        people = Generator(rng, start).company()
        _must(staff_import(table=_table(STAFF_HEADER, staff_rows(people), staff_columns)))
        _set_coverage_limits()

        past, plan = _plans(start, weeks)
        reps = [p for p in people if p.role == Role.REP]
        lunch_hosts = {next(r.employee_id for r in reps if r.site == site) for site in data.SITES}
        weeks_off = {r.employee_id: {rng.randrange(weeks)} for r in reps if rng.random() < 0.5}
        for each, off in ((past, {}), (plan, weeks_off)):
            span = (each.period_end - each.period_start).days // 7 + 1
            rows = slot_rows(rng, reps, each.period_start, span, off, lunch_hosts)
            table = _table(SLOT_HEADER, rows, slot_columns)
            _must(slots_import(table=table, period=(each.period_start, each.period_end)))
        away = away_rows(rng, people, start, weeks, weeks_off) + _sick_days(rng, plan)
        _must(unavailability_import(table=_table(AWAY_HEADER, away, away_columns)))

        history, feedback = _history(rng, past, now or timezone.now())
        from program.demo import program_demo_seed  # a year of history, wishes, ideas

        program_demo_seed(rng=rng, before=past.period_start, zone=past.timezone)
        past.status = PlanStatus.ARCHIVED
        past.save(update_fields=["status", "published_at", "updated_at"])
    return DemoFacts(
        plan=plan,
        past_plan=past,
        backroom=sum(1 for p in people if p.role == Role.BACKROOM),
        reps=len(reps),
        departments=Department.objects.count(),
        slots=HostingSlot.objects.filter(start__date__gte=plan.period_start).count(),
        unavailability=Unavailability.objects.count(),
        history=history,
        feedback=feedback,
    )
