"""Small reads about plans shared by the problem builder, the summary and the commands."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Q

from rotations.models import PlanStatus, RotationPlan, RunStatus, SolveRun


def plan_get(*, key: str) -> RotationPlan:
    """A plan by name, or by id when `key` is a number; raises RotationPlan.DoesNotExist."""
    query = Q(name=key)
    if key.isdigit():
        query |= Q(pk=int(key))
    return RotationPlan.objects.get(query)


def plan_window(*, plan: RotationPlan) -> tuple[dt.datetime, dt.datetime]:
    """The plan's period as instants: from its first midnight to the one after its last day,
    in the plan's zone, so a slot belongs to the plan when its start date does."""
    tz = zoneinfo.ZoneInfo(plan.timezone)
    start = dt.datetime.combine(plan.period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(plan.period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def plan_previous_source(*, plan: RotationPlan) -> RotationPlan | None:
    """Whose assignments a new solution should change as little as possible.

    Re-solving a published plan (even while its status says "solving"): its own.
    Otherwise the most recently published plan whose period overlaps this one.
    """
    if plan.published_at is not None:
        return plan
    return (
        RotationPlan.objects.filter(
            status=PlanStatus.PUBLISHED,
            period_start__lte=plan.period_end,
            period_end__gte=plan.period_start,
        )
        .exclude(pk=plan.pk)
        .order_by("-published_at", "-pk")
        .first()
    )


def plan_last_good_run(*, plan: RotationPlan) -> SolveRun | None:
    return plan.runs.filter(status=RunStatus.SUCCEEDED).order_by("-created_at", "-pk").first()


def plan_runs_after(*, plan: RotationPlan, run: SolveRun | None) -> list[SolveRun]:
    """Finished runs after `run` (the one in place) that changed nothing: failed, cancelled."""
    later = plan.runs.filter(status__in=(RunStatus.FAILED, RunStatus.CANCELLED))
    if run is not None:
        later = later.filter(created_at__gt=run.created_at)
    return list(later.order_by("-created_at", "-pk")[:5])
