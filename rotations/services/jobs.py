"""Solve jobs: start one (at most one active per plan, held by the database), cancel one.

A job is a SolveRun row plus a Celery message carrying its id. The message is sent once the
row is committed; with no broker configured it runs in-process, through the same task.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import logging
import time

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rotations.models import (
    ACTIVE_RUN_STATUSES,
    AssignmentStatus,
    PartStatus,
    PlanStatus,
    RotationPlan,
    RunKind,
    RunPartition,
    RunStatus,
    SolveRun,
)
from rotations.services.errors import ConflictError, ServiceError, UnavailableError
from rotations.services.parts import parts_reap, solve_master_execute, solve_run_parts_inline
from rotations.services.solving import _end, solve_run_execute

logger = logging.getLogger(__name__)

# A start racing with another one retries this often before it gives up.
_START_TRIES = 5


QUEUE_DOWN = "the job queue is unreachable; the solve will start when it is back"


def _enqueue(run: SolveRun) -> None:
    """Hand the run's job to the queue. With the queue out of reach the run stays queued (the
    reaper sends its message once the queue is back) and `run.queue_down` says so."""
    from rotations.tasks import solve_run_task  # the tasks module imports the services

    if solve_run_task.app.conf.task_always_eager:
        solve_run_task.delay(run.pk)  # runs here; its errors are on the run and raised
        return
    try:
        solve_run_task.delay(run.pk)
    except Exception:
        # Logged, not raised: the caller's transaction has committed (a decline, say).
        logger.exception("solve run %s: could not queue its job; the reaper will", run.pk)
        run.queue_down = True  # type: ignore[attr-defined]


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
    wait: bool = False,
    partition: RunPartition | None = None,
) -> tuple[SolveRun, bool]:
    """Start a solve of `plan`: (the run, True); or (the active run, False) when one is
    queued or running already. The database's partial unique index decides a race.

    The one way every caller starts a solve (API, pages, `solve_plan`, the demo). By default
    the job is queued; `wait=True` does the same job (`solve_run_job`) in this process and
    returns the finished run, refusing (ConflictError) a plan being solved already.
    `partition`: solve in parts always, never, or when the plan is large (the default,
    ROTATIONS_SOLVE_PARTITION).

    UnavailableError: the run is queued but the job queue is out of reach; it starts when
    the queue is back (the reaper sends it)."""
    if plan.status == PlanStatus.ARCHIVED:
        raise ConflictError(f'plan "{plan.name}" is archived', field="plan")
    limit, threads = _limits(time_limit_s, workers)
    for _ in range(_START_TRIES):
        with transaction.atomic():
            active = plan.runs.filter(status__in=ACTIVE_RUN_STATUSES).first()
            if active is not None:
                if wait:
                    raise ConflictError(
                        f'plan "{plan.name}" is being solved already (run {active.pk})',
                        field="plan",
                    )
                return active, False
            try:
                with transaction.atomic():
                    run = SolveRun.objects.create(
                        plan=plan,
                        time_limit_s=limit,
                        workers=threads,
                        kind=kind,
                        reason=reason,
                        heartbeat_at=timezone.now(),
                        partition=partition or settings.ROTATIONS_SOLVE_PARTITION,
                    )
            except IntegrityError:
                continue  # another start won the race; read its run on the next try
            if not wait:
                transaction.on_commit(functools.partial(_enqueue, run))
        if wait:
            # The job's own code, in this process: no queue between, same guarantees.
            solve_run_job(run_id=run.pk, in_process=True)
            run.refresh_from_db()
            plan.refresh_from_db()
            return run, True
        # Outside any transaction the message went (or did not) as the block above committed.
        if getattr(run, "queue_down", False):
            raise UnavailableError(QUEUE_DOWN)
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


def solve_run_job(*, run_id: int, in_process: bool = False) -> str:
    """The job of a run (see `solve_run_execute`), then a re-plan if a host declined while
    it was solving: its problem was built before the decline, so it did not replace them.
    A run split into parts ends with its master step (`solve_master_job`); `in_process`
    solves the parts here, one after another, then merges them."""
    result = solve_run_execute(run_id=run_id, in_process=in_process)
    if result == "split" and in_process:
        result = solve_run_parts_inline(run_id=run_id)
    _replan_missed(run_id, result)
    return result


def solve_master_job(*, run_id: int) -> str:
    """The master step of a run solved in parts, then the re-plan check of `solve_run_job`."""
    result = solve_master_execute(run_id=run_id)
    _replan_missed(run_id, result)
    return result


def _replan_missed(run_id: int, result: str) -> None:
    if result in ("succeeded", "failed"):
        run = SolveRun.objects.select_related("plan").get(pk=run_id)
        missed = run.plan.assignments.filter(
            status=AssignmentStatus.DECLINED, updated_at__gte=run.started_at
        ).count()
        if missed and run.plan.status != PlanStatus.ARCHIVED:
            replan_start(plan=run.plan, reason=f"{missed} decline(s) during run {run.pk}")


def solve_cancel(*, run: SolveRun) -> SolveRun:
    """Stop a run: a queued one ends at once; a running one within about two seconds (its
    job polls `cancel_requested`), keeping the plan as it was; one solved in parts ends at
    once (its part jobs and master step poll the run and write nothing). A finished run is
    left as is, except that a succeeded or failed one cannot be cancelled (ConflictError)."""
    with transaction.atomic():
        locked = SolveRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == RunStatus.QUEUED:
            now = timezone.now()
            locked.status = RunStatus.CANCELLED
            locked.cancel_requested = True
            locked.started_at = locked.started_at or now
            locked.finished_at = now
            locked.save()
        elif locked.status == RunStatus.RUNNING and locked.parts.exists():
            locked.cancel_requested = True
            _end(locked, RunStatus.CANCELLED)
            locked.parts.filter(status=PartStatus.QUEUED).update(status=PartStatus.CANCELLED)
        elif locked.status == RunStatus.RUNNING:
            locked.cancel_requested = True
            locked.save(update_fields=["cancel_requested"])
        elif locked.status != RunStatus.CANCELLED:
            raise ConflictError(f"run {locked.pk} has {locked.status} already", field="status")
    run.refresh_from_db()
    return run


def _waiting_run_ids(
    *, within_s: float | None = None, task_name: str | None = None
) -> set[int] | None:
    """The runs whose job message the broker holds: waiting in the queue, or handed to a
    worker (unacknowledged) less than `within_s` seconds ago; an older unacknowledged one
    belonged to a worker that lost it (Redis restarted under it) and comes back only after
    the visibility timeout. None when that cannot be told (no broker, or not Redis).
    `task_name`: the ids of another task's messages (a part's job), not the run's job."""
    from rotations.tasks import solve_run_task

    wanted = task_name or solve_run_task.name
    conf = solve_run_task.app.conf
    url = str(conf.broker_url or "")
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        raws = list(client.lrange(conf.task_default_queue, 0, -1))
        if within_s is None:
            raws += list(client.hvals("unacked"))
        else:
            tags = [
                tag
                for tag in client.zrangebyscore("unacked_index", time.time() - within_s, "+inf")
                if isinstance(tag, bytes | str)
            ]
            raws += [raw for raw in client.hmget("unacked", tags) if raw] if tags else []
    finally:
        client.close()
    found: set[int] = set()
    for raw in raws:
        try:
            message = json.loads(raw)
            if isinstance(message, list):  # unacked: [message, exchange, routing key]
                message = message[0]
            if message.get("headers", {}).get("task") != wanted:
                continue
            args = json.loads(base64.b64decode(message["body"]))[0]
            found.add(int(args[0]))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            continue
    return found


def _resend(run_id: int) -> None:
    from rotations.tasks import solve_run_task

    try:
        solve_run_task.delay(run_id)
    except Exception:
        logger.exception("solve run %s: could not queue its job; the reaper tries again", run_id)


def _reap_parts(moment: dt.datetime, stale: dt.datetime) -> int:
    from rotations.tasks import solve_part_task

    if not SolveRun.objects.filter(status=RunStatus.RUNNING, problem__isnull=False).exists():
        return 0  # the common case: no run in parts, no look at the broker
    held = _waiting_run_ids(
        within_s=float(settings.ROTATIONS_RUN_STALE_S), task_name=solve_part_task.name
    )
    return parts_reap(moment=moment, stale=stale, held=held)


def solve_runs_reap(*, now: dt.datetime | None = None) -> int:
    """Free what lost jobs hold; beat calls it every minute. Returns the runs acted on.

    A running run whose heartbeat is older than ROTATIONS_RUN_STALE_S lost its worker (and
    maybe its message): it goes back to the queue and its job is sent again (its delivery
    counted, so a job that kills every worker still ends). A queued run waiting that long
    whose message the broker does not hold (lost with Redis, never sent while the queue was
    out of reach, or stuck unacknowledged since a broker restart interrupted it) has it sent
    again. So no plan is held longer than about that.
    """
    moment = now or timezone.now()
    stale = moment - dt.timedelta(seconds=float(settings.ROTATIONS_RUN_STALE_S))
    acted = 0
    # A run in parts is not re-queued whole: its lost parts (or master step) are sent again.
    silent = SolveRun.objects.filter(status=RunStatus.RUNNING, problem__isnull=True).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)
    )
    for pk in silent.values_list("pk", flat=True):
        with transaction.atomic():
            run = SolveRun.objects.select_for_update().get(pk=pk)
            if run.status != RunStatus.RUNNING or (run.heartbeat_at or moment) >= stale:
                continue
            logger.warning("solve run %s: no heartbeat since %s; re-queued", pk, run.heartbeat_at)
            run.status = RunStatus.QUEUED
            run.heartbeat_at = moment
            run.save(update_fields=["status", "heartbeat_at"])
            transaction.on_commit(functools.partial(_resend, pk))
            acted += 1
    acted += _reap_parts(moment, stale)
    waiting_ids = SolveRun.objects.filter(status=RunStatus.QUEUED).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )
    waiting = list(waiting_ids.values_list("pk", flat=True))
    if not waiting:
        return acted
    held = _waiting_run_ids(within_s=float(settings.ROTATIONS_RUN_STALE_S))
    for pk in waiting:
        if held is None or pk in held:
            continue
        updated = SolveRun.objects.filter(pk=pk, status=RunStatus.QUEUED).update(
            heartbeat_at=moment
        )
        if updated:
            logger.warning("solve run %s: queued without a job message; sent again", pk)
            _resend(pk)
            acted += 1
    return acted
