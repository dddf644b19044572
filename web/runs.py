"""A solve run as the progress bar shows it: how far, how good, how it ended."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rotations.models import ACTIVE_RUN_STATUSES, RotationPlan, RunStatus, SolveRun
from rotations.services.solving import relative_gap


def run_active(*, plan: RotationPlan) -> SolveRun | None:
    return plan.runs.filter(status__in=ACTIVE_RUN_STATUSES).order_by("-created_at", "-pk").first()


def run_latest(*, plan: RotationPlan) -> SolveRun | None:
    return plan.runs.order_by("-created_at", "-pk").first()


def _last_progress(run: SolveRun) -> list[float] | None:
    points = run.progress if isinstance(run.progress, list) else []
    last = points[-1] if points else None
    return last if isinstance(last, list) and len(last) >= 3 else None


def run_state(run: SolveRun) -> dict[str, Any]:
    """What the progress bar needs; the JSON endpoint returns exactly this."""
    finished = run.status not in ACTIVE_RUN_STATUSES
    last = _last_progress(run)
    objective = run.objective if run.objective is not None else (last[0] if last else None)
    bound = run.bound if run.bound is not None else (last[1] if last else None)
    gap = run.gap if run.gap is not None else relative_gap(objective, bound)
    if run.started_at is None:
        elapsed = 0.0
    elif run.finished_at is not None:
        elapsed = (run.finished_at - run.started_at).total_seconds()
    else:
        # The job reports solver time as it goes; the wall clock moves the bar in between.
        elapsed = max(run.elapsed_s or 0.0, (timezone.now() - run.started_at).total_seconds())
    limit = float(run.time_limit_s) or 1.0
    fraction = 1.0 if finished else min(max(elapsed / limit, 0.0), 0.99)
    parts = (run.stats or {}).get("parts") if isinstance(run.stats, dict) else None
    if not isinstance(parts, dict) or "total" not in parts:  # a merged run's: the merge's
        parts = None
    elif not finished and parts.get("total"):  # in parts: the bar follows the parts done
        fraction = min(parts.get("done", 0) / parts["total"], 0.99)
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": RunStatus(run.status).label,
        "finished": finished,
        "solver_status": run.solver_status,
        "objective": objective,
        "bound": bound,
        "gap": gap,
        "elapsed_s": round(elapsed, 1),
        "time_limit_s": limit,
        "fraction": round(fraction, 3),
        "error": run.error,
        "cancel_requested": run.cancel_requested,
        "parts": (f"parts {parts.get('done', 0)}/{parts['total']} done" if parts else None),
    }
