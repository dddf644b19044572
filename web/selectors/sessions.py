"""A person's own sessions: as a shadower (employees) and as a host (reps).

Only published plans count: a draft is HR's business until it is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from rotations.models import LIVE_STATUSES, Assignment, AssignmentStatus, Employee, Feedback
from rotations.selectors.visibility import assignments_published


@dataclass(frozen=True)
class Sessions:
    upcoming: list[Assignment]
    past: list[Assignment]


def _split(query: QuerySet[Assignment], now: dt.datetime) -> Sessions:
    upcoming = list(query.filter(slot__end__gte=now).order_by("slot__start", "pk"))
    past = list(query.filter(slot__end__lt=now).order_by("-slot__start", "-pk"))
    return Sessions(upcoming=upcoming, past=past)


def shadower_sessions(*, employee: Employee, now: dt.datetime) -> Sessions:
    mine = Feedback.objects.filter(assignment=OuterRef("pk"), author=employee)
    query = (
        assignments_published(
            Assignment.objects.filter(shadower=employee, status__in=LIVE_STATUSES)
        )
        .select_related("plan", "slot__host__site")
        .annotate(has_feedback=Exists(mine))
    )
    return _split(query, now)


def host_sessions(*, host: Employee, now: dt.datetime) -> Sessions:
    query = (
        assignments_published(Assignment.objects.filter(slot__host=host))
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("plan", "slot", "shadower__department", "shadower__site")
    )
    return _split(query, now)
