"""Feedback for HR: every comment, filtered (plan, department, host, session dates), and a
summary by the author's department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from rotations.models import Feedback


@dataclass(frozen=True)
class FeedbackFilters:
    plan: int | None = None
    department: int | None = None
    host: int | None = None
    since: dt.date | None = None  # session dates, inclusive
    until: dt.date | None = None


def feedback_entries(*, filters: FeedbackFilters | None = None) -> QuerySet[Feedback]:
    """The feedback matching `filters`, newest session first."""
    f = filters or FeedbackFilters()
    entries = Feedback.objects.select_related(
        "assignment__plan",
        "assignment__shadower__department",
        "assignment__slot__host",
    )
    if f.plan:
        entries = entries.filter(assignment__plan_id=f.plan)
    if f.department:
        entries = entries.filter(assignment__shadower__department_id=f.department)
    if f.host:
        entries = entries.filter(assignment__slot__host_id=f.host)
    if f.since:
        entries = entries.filter(assignment__slot__start__date__gte=f.since)
    if f.until:
        entries = entries.filter(assignment__slot__start__date__lte=f.until)
    return entries.order_by("-assignment__slot__start", "-pk")


@dataclass(frozen=True)
class Comment:
    rating: int
    learned: str
    change: str
    host: str


@dataclass
class DepartmentFeedback:
    department: str
    count: int = 0
    rating_sum: int = 0
    ratings: list[int] = field(default_factory=lambda: [0] * 5)  # how many 1s, 2s, ... 5s
    comments: list[Comment] = field(default_factory=list)

    @property
    def average(self) -> float:
        return self.rating_sum / self.count if self.count else 0.0


def feedback_by_department(
    *, comments_per_department: int = 5, entries: QuerySet[Feedback] | None = None
) -> list[DepartmentFeedback]:
    if entries is None:
        entries = Feedback.objects.select_related(
            "assignment__shadower__department", "assignment__slot__host"
        ).order_by("-created_at", "-pk")
    departments: dict[str, DepartmentFeedback] = {}
    for entry in entries:
        name = entry.assignment.shadower.department.name
        summary = departments.setdefault(name, DepartmentFeedback(department=name))
        summary.count += 1
        summary.rating_sum += entry.rating
        summary.ratings[entry.rating - 1] += 1
        if (entry.learned or entry.change) and len(summary.comments) < comments_per_department:
            summary.comments.append(
                Comment(
                    rating=entry.rating,
                    learned=entry.learned,
                    change=entry.change,
                    host=entry.assignment.slot.host.name,
                )
            )
    return [departments[name] for name in sorted(departments)]
