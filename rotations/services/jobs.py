"""Solve jobs: start one (at most one active per plan, held by the database), cancel one.

A job is a SolveRun row plus a Celery message carrying its id. The message is sent once the
row is committed; with no broker configured it runs in-process, through the same task.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rotations.models import (
    ACTIVE_RUN_STATUSES,
    AssignmentStatus,
    PlanStatus,
    RotationPlan,
    RunKind,
    RunStatus,
    SolveRun,
)
from rotations.services.errors import ConflictError, ServiceError
from rotations.services.solving import solve_run_execute

logger = logging.getLogger(__name__)

# A start racing with another one retries this often before it gives up.
_START_TRIES = 5


def _enqueue(run_id: int) -> None:
    from rotations.tasks import solve_run_task  # the tasks module imports the services

    if solve_run_task.app.conf.task_always_eager:
        solve_run_task.delay(run_id)  # runs here; its errors are on the run and raised
        return
    try:
        solve_run_task.delay(run_id)
    except Exception as exc:
        # The queue is out of reach: end the run (or it would hold the plan) and say why;
        # the caller's transaction has committed, so this is logged rather than raised.
        logger.exception("solve run %s: could not queue its job", run_id)
        SolveRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED,
            error=f"could not queue the job: {exc}",
            finished_at=timezone.now(),
        )


def _limits(time_limit_s: float | None, workers: int | None) -> tuple[float, int]:
    limit = float(settings.ROTATIONS_SOLVE_TIME_LIMIT_S if time_limit_s is None else time_limit_s)
    most = float(settings.ROTATIONS_SOLVE_MAX_TIME_LIMIT_S)
    if not 0 < limit <= most:
        raise ServiceError(
            f"must be more than 0 and at most {most:g} seconds, got {limit:g}",
            field="time_limit_s",
        )
    threads = int(settings.ROTATIONS_SOLVE_WORKERS if workers is None else workers)
    if not 1 <= threads <= 16:
        raise ServiceError(f"must be 1 to 16, got {threads}", field="workers")
    return limit, threads


def solve_start(
    *,
    plan: RotationPlan,
    time_limit_s: float | None = None,
    workers: int | None = None,
    kind: RunKind = RunKind.SOLVE,
    reason: str = "",
) -> tuple[SolveRun, bool]:
    """Queue a solve of `plan`: (the run, True); or (the active run, False) when one is
    queued or running already. The database's partial unique index decides a race."""
    if plan.status == PlanStatus.ARCHIVED:
        raise ConflictError(f'plan "{plan.name}" is archived', field="plan")
    limit, threads = _limits(time_limit_s, workers)
    for _ in range(_START_TRIES):
        with transaction.atomic():
            active = plan.runs.filter(status__in=ACTIVE_RUN_STATUSES).first()
            if active is not None:
                return active, False
            try:
                with transaction.atomic():
                    run = SolveRun.objects.create(
                        plan=plan, time_limit_s=limit, workers=threads, kind=kind, reason=reason
                    )
            except IntegrityError:
                continue  # another start won the race; read its run on the next try
            transaction.on_commit(functools.partial(_enqueue, run.pk))
            return run, True
    raise ConflictError("the plan's solve is starting and ending too fast; try again")


def replan_start(*, plan: RotationPlan, reason: str) -> tuple[SolveRun, bool]:
    """Re-plan around a change (a decline, a release): the plan's own assignments are kept
    unless a placed session needs them to move; see `selectors.replan`."""
    return solve_start(
        plan=plan,
        time_limit_s=settings.ROTATIONS_REPLAN_TIME_LIMIT_S,
        kind=RunKind.REPLAN,
        reason=reason[:200],
    )


def solve_run_job(*, run_id: int) -> str:
    """The job of a run (see `solve_run_execute`), then a re-plan if a host declined while
    it was solving: its problem was built before the decline, so it did not replace them."""
    result = solve_run_execute(run_id=run_id)
    if result in ("succeeded", "failed"):
        run = SolveRun.objects.select_related("plan").get(pk=run_id)
        missed = run.plan.assignments.filter(
            status=AssignmentStatus.DECLINED, updated_at__gte=run.started_at
        ).count()
        if missed and run.plan.status != PlanStatus.ARCHIVED:
            replan_start(plan=run.plan, reason=f"{missed} decline(s) during run {run.pk}")
    return result


def solve_cancel(*, run: SolveRun) -> SolveRun:
    """Stop a run: a queued one ends at once; a running one within about two seconds (its
    job polls `cancel_requested`), keeping the plan as it was. A finished run is left as is,
    except that a succeeded or failed one cannot be cancelled (ConflictError)."""
    with transaction.atomic():
        locked = SolveRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == RunStatus.QUEUED:
            now = timezone.now()
            locked.status = RunStatus.CANCELLED
            locked.cancel_requested = True
            locked.started_at = locked.started_at or now
            locked.finished_at = now
            locked.save()
        elif locked.status == RunStatus.RUNNING:
            locked.cancel_requested = True
            locked.save(update_fields=["cancel_requested"])
        elif locked.status != RunStatus.CANCELLED:
            raise ConflictError(f"run {locked.pk} has {locked.status} already", field="status")
    run.refresh_from_db()
    return run
