"""ISO weeks of a plan, counted in the plan's zone (as the solver counts them)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from rotations.models import RotationPlan


@dataclass(frozen=True)
class Week:
    year: int
    number: int
    monday: dt.date

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def short(self) -> str:
        return f"W{self.number:02d}"

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.number)


def plan_weeks(*, plan: RotationPlan) -> list[Week]:
    monday = plan.period_start - dt.timedelta(days=plan.period_start.weekday())
    weeks = []
    while monday <= plan.period_end:
        year, number, _ = monday.isocalendar()
        weeks.append(Week(year=year, number=number, monday=monday))
        monday += dt.timedelta(weeks=1)
    return weeks


def week_key(*, moment: dt.datetime, plan: RotationPlan) -> tuple[int, int]:
    year, number, _ = moment.astimezone(zoneinfo.ZoneInfo(plan.timezone)).isocalendar()
    return (year, number)
