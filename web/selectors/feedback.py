"""Feedback summarised by the author's department, for HR."""

from __future__ import annotations

from dataclasses import dataclass, field

from rotations.models import Feedback


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


def feedback_by_department(*, comments_per_department: int = 5) -> list[DepartmentFeedback]:
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
