"""Runs solved in parts: a job per part, then the master step that merges their plans.

The run's job splits its problem (`solving._store_parts`) and sends a Celery group of part
jobs. Each part job solves its part and stores its plan; the part that finishes last, under
the run's row lock, queues the master step (`optimizer.partition.merge`), whose plan is
checked and written through the same `_finish` as a plain solve.

Why a group and a fan-in on the database, not a chord:
- a chord needs a result backend (celery raises "Starting chords requires a result backend",
  celery#4934: "I don't think we have a way to implement this"), and ours is optional
  (CELERY_RESULT_BACKEND is None by default): it would become one more store to run;
- a chord counts its header's returns in that backend, not our parts: a part that runs twice
  (a job longer than the visibility timeout runs in parallel, FIELD_NOTES; a redelivered
  killed part) is counted twice or leaves the counter short (django-celery-results#397: "if
  one task is executed twice the callback is never triggered"; celery#4207, open: "chord
  callback not always called"), and a failed header never calls the body (celery#3317);
- the parts' state is in PostgreSQL already (status, deliveries, heartbeat), where
  `select_for_update` on the run makes "the last part queues the master" exact and
  idempotent under redelivery: `master_queued_at` is set once; a cancel or a failed part
  ends the run, and the master step then finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from optimizer import ProblemError, Solution, parse_problem, parse_solution, solution_to_dict
from optimizer import solve as optimizer_solve
from optimizer.partition import MASTER_SHARE, merge
from optimizer.types import Problem
from rotations.models import PartStatus, RunStatus, SolvePart, SolveRun
from rotations.services.plans import SOLVED_STATUSES
from rotations.services.solving import (
    CRASHED,
    DATABASE_ERRORS,
    DatabaseUnavailableError,
    _Attempt,
    _end,
    _execute,
    _failure,
    _reset_connection,
    _with_database,
    count_delivery,
    relative_gap,
    watch,
)

logger = logging.getLogger(__name__)

FINISHED_PARTS = (PartStatus.DONE, PartStatus.FAILED, PartStatus.CANCELLED)


def send_master(run_id: int) -> None:
    from rotations.tasks import solve_master_task  # the tasks module imports the services

    try:
        solve_master_task.delay(run_id)
    except Exception:
        logger.exception("solve run %s: could not queue its master step; the reaper will", run_id)


# --- progress ----------------------------------------------------------------------------


def _run_progress(run: SolveRun) -> dict[str, Any]:
    """The run's figures while in parts: sums over the parts with a plan so far (a part's
    bound is its own: their sum is a guide, not a proven bound of the whole plan)."""
    figures = SolvePart.objects.filter(run=run).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=PartStatus.DONE)),
        running=Count("pk", filter=Q(status=PartStatus.RUNNING)),
        objective=Sum("objective"),
        bound=Sum("bound"),
    )
    objective, bound = figures["objective"], figures["bound"]
    stats = dict(run.stats or {})
    stats["parts"] = {k: figures[k] for k in ("total", "done", "running")}
    elapsed = (timezone.now() - (run.started_at or timezone.now())).total_seconds()
    return {
        "objective": objective,
        "bound": bound,
        "gap": relative_gap(objective, bound),
        "stats": stats,
        "elapsed_s": round(elapsed, 3),
        "heartbeat_at": timezone.now(),
    }


# --- one part ----------------------------------------------------------------------------


@dataclass
class _PartAttempt:
    part_id: int
    run_id: int
    name: str
    number: int
    stop: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    best: tuple[int, int] | None = None
    cancelled: bool = False
    superseded: bool = False

    def improved(self, objective: int, bound: int, elapsed: float) -> None:
        with self.lock:  # the solver's thread: the watcher writes
            self.best = (objective, bound)

    def elapsed(self) -> float:
        return round(time.monotonic() - self.started, 3)


def _claim_part(part_id: int) -> tuple[SolvePart, SolveRun, int] | str:
    """Count this delivery and mark the part running; or say why there is nothing to do.
    Locks the run, then the part (the order every writer of both keeps)."""
    with transaction.atomic():
        run_id = SolvePart.objects.filter(pk=part_id).values_list("run_id", flat=True).first()
        if run_id is None:
            return "no such part"
        run = SolveRun.objects.select_for_update().select_related("plan").get(pk=run_id)
        part = SolvePart.objects.select_for_update().get(pk=part_id)
        if part.status in FINISHED_PARTS:
            return "already finished"
        if run.status != RunStatus.RUNNING or run.master_queued_at is not None:
            part.status = PartStatus.CANCELLED
            part.save(update_fields=["status"])
            return "already finished"
        part.attempts += 1
        limit = int(settings.ROTATIONS_SOLVE_MAX_DELIVERIES)
        if run.cancel_requested:
            part.status = PartStatus.CANCELLED
            part.save(update_fields=["status", "attempts"])
            _end(run, RunStatus.CANCELLED)
            return "cancelled"
        if part.attempts > limit:
            part.status = PartStatus.FAILED
            part.save(update_fields=["status", "attempts"])
            _end(
                run,
                RunStatus.FAILED,
                f'part {part.number} "{part.name}" gave up after {limit} deliveries of its job: '
                "each one ended without a result (a worker killed or out of memory?)",
            )
            return "failed"
        part.status = PartStatus.RUNNING
        part.heartbeat_at = timezone.now()
        part.objective = part.bound = part.elapsed_s = None
        part.save()
        return part, run, part.attempts


def _write_part_progress(attempt: _PartAttempt) -> None:
    with attempt.lock:
        best = attempt.best
    values: dict[str, Any] = {"elapsed_s": attempt.elapsed(), "heartbeat_at": timezone.now()}
    if best is not None:
        values |= {"objective": best[0], "bound": best[1]}
    SolvePart.objects.filter(
        pk=attempt.part_id, attempts=attempt.number, status=PartStatus.RUNNING
    ).update(**values)
    run = SolveRun.objects.filter(pk=attempt.run_id, status=RunStatus.RUNNING).first()
    if run is not None and run.master_queued_at is None:
        SolveRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(**_run_progress(run))


def _watch_part(attempt: _PartAttempt) -> None:
    """As `solving._watch` for a part: stop it when its run is cancelled or ended (a failed
    part ends it) or a later delivery took the part over; heartbeat and progress."""

    def poll() -> str | None:
        run = (
            SolveRun.objects.filter(pk=attempt.run_id)
            .values_list("status", "cancel_requested")
            .first()
        )
        attempts = (
            SolvePart.objects.filter(pk=attempt.part_id).values_list("attempts", flat=True).first()
        )
        if run is None or run[0] != RunStatus.RUNNING or run[1]:
            return "cancelled"
        if attempts != attempt.number:
            return "superseded"
        return None

    watch(
        attempt,
        label=f"part {attempt.part_id}",
        poll=poll,
        write=lambda: _write_part_progress(attempt),
    )


def _finish_part(
    attempt: _PartAttempt, outcome: Solution | Exception, *, queue_master: bool
) -> str:
    """Store the part's plan; the last part done queues the master step (once)."""
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().select_related("plan").get(pk=attempt.run_id)
        part = SolvePart.objects.select_for_update().get(pk=attempt.part_id)
        if part.attempts != attempt.number or part.status != PartStatus.RUNNING:
            return "superseded"
        part.elapsed_s = attempt.elapsed()
        if run.status != RunStatus.RUNNING or run.cancel_requested:
            part.status = PartStatus.CANCELLED
            part.save()
            if run.status == RunStatus.RUNNING:
                _end(run, RunStatus.CANCELLED)
            return "cancelled"
        if isinstance(outcome, Exception) or outcome.status not in SOLVED_STATUSES:
            why = str(outcome) if isinstance(outcome, Exception) else _failure(outcome)
            part.status = PartStatus.FAILED
            part.save()
            _end(run, RunStatus.FAILED, f'part {part.number} "{part.name}": {why}')
            return "failed"
        part.status = PartStatus.DONE
        part.solution = solution_to_dict(outcome)
        part.objective, part.bound = outcome.objective, outcome.bound
        part.heartbeat_at = timezone.now()
        part.save()
        values = _run_progress(run)
        values["progress"] = [
            *(run.progress or []),
            [values["objective"] or 0, values["bound"] or 0, values["elapsed_s"]],
        ]
        left = run.parts.exclude(status=PartStatus.DONE).exists()
        if not left and run.master_queued_at is None:
            # The master step's deliveries are counted afresh on the run.
            values |= {"master_queued_at": timezone.now(), "attempts": 0}
            if queue_master:
                transaction.on_commit(functools.partial(send_master, run.pk))
        SolveRun.objects.filter(pk=run.pk).update(**values)
        return "done" if left else "last done"


def _give_back_part(part_id: int, number: int, why: BaseException) -> None:
    """Interrupted from outside: the part goes back to the queue, this delivery not counted."""
    logger.warning("part %s (delivery %s): interrupted (%s)", part_id, number, type(why).__name__)
    try:
        SolvePart.objects.filter(pk=part_id, attempts=number, status=PartStatus.RUNNING).update(
            status=PartStatus.QUEUED, attempts=number - 1, heartbeat_at=timezone.now()
        )
    except Exception:
        _reset_connection()
        logger.exception("part %s: could not give the job back", part_id)


def _fail_part_after_crash(attempt: _PartAttempt, exc: BaseException) -> None:
    logger.error("part %s (delivery %s) crashed", attempt.part_id, attempt.number, exc_info=exc)
    try:
        _finish_part(attempt, RuntimeError(CRASHED), queue_master=False)
    except Exception:
        logger.exception("part %s: could not record the failure", attempt.part_id)


def solve_part_execute(*, part_id: int, queue_master: bool = True) -> str:
    """Do the job of SolvePart `part_id` and say how it ended: "done", "last done" (the
    master step is queued, unless `queue_master` is false: the caller runs it), "failed" and
    "cancelled" (both end the run), or "already finished"/"superseded" (nothing changed).
    Interruptions and a database out of reach give the part back, as `solve_run_execute`."""
    claimed = _with_database(
        lambda: _claim_part(part_id),
        run_id=part_id,
        what="starting a part",
        within_s=float(settings.ROTATIONS_DB_RETRY_START_S),
    )
    if isinstance(claimed, str):
        logger.info("part %s: %s", part_id, claimed)
        return claimed
    part, run, number = claimed
    attempt = _PartAttempt(part_id=part_id, run_id=run.pk, name=part.name, number=number)
    watcher = threading.Thread(target=_watch_part, args=(attempt,), daemon=True)
    watcher.start()
    try:
        try:
            outcome: Solution | Exception = optimizer_solve(
                parse_problem(part.problem),
                time_limit_s=part.time_limit_s,
                workers=run.workers,
                on_progress=attempt.improved,
                stop_event=attempt.stop,
            )
        except ProblemError as exc:
            outcome = exc
        finally:
            attempt.done.set()
            watcher.join()
        if attempt.superseded:
            result = "superseded"
        else:
            result = _with_database(
                lambda: _finish_part(attempt, outcome, queue_master=queue_master),
                run_id=run.pk,
                what="writing a part's plan",
                within_s=float(settings.ROTATIONS_DB_RETRY_FINISH_S),
            )
    except DATABASE_ERRORS as exc:
        _reset_connection()
        _give_back_part(part_id, number, exc)
        raise DatabaseUnavailableError("database out of reach while solving a part") from exc
    except DatabaseUnavailableError as exc:
        _give_back_part(part_id, number, exc)
        raise
    except Exception as exc:
        _fail_part_after_crash(attempt, exc)
        raise
    except BaseException as exc:  # SystemExit (SIGTERM from the worker), KeyboardInterrupt
        _give_back_part(part_id, number, exc)
        raise
    logger.info(
        'solve run %s part %s "%s" (delivery %s): %s',
        run.pk,
        part.number,
        part.name,
        number,
        result,
    )
    return result


# --- the master step ---------------------------------------------------------------------


def _claim_master(run_id: int) -> tuple[SolveRun, int] | str:
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().select_related("plan").filter(pk=run_id).first()
        if run is None:
            return "no such run"
        if run.status != RunStatus.RUNNING:
            return "already finished"
        if run.master_queued_at is None:
            return "parts under way"
        ended = count_delivery(run, "master step")
        if ended:
            return ended
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["attempts", "heartbeat_at"])
        return run, run.attempts


def _merge(run: SolveRun, attempt: _Attempt) -> tuple[Problem, Any]:
    problem = parse_problem(run.problem)
    solutions = [
        parse_solution(doc)
        for doc in run.parts.order_by("number").values_list("solution", flat=True)
    ]
    return problem, merge(
        problem,
        solutions,
        time_limit_s=max(1.0, MASTER_SHARE * run.time_limit_s),
        workers=run.workers,
        on_progress=attempt.improved,
        stop_event=attempt.stop,
    )


def solve_master_execute(*, run_id: int) -> str:
    """The master step of a run whose parts are all done: merge their plans over the whole
    problem, check and write the result as any solve does ("succeeded", "failed", ...)."""
    return _execute(run_id, claim=_claim_master, compute=_merge, keeps_progress=True)


def solve_run_parts_inline(*, run_id: int) -> str:
    """In this process, one after another: the run's parts not done yet, then the master
    step (`solve_start(wait=True)`, eager Celery). Same code as the queued jobs."""
    pending = SolvePart.objects.filter(run_id=run_id).exclude(status__in=FINISHED_PARTS)
    for part_id in pending.order_by("number").values_list("pk", flat=True):
        result = solve_part_execute(part_id=part_id, queue_master=False)
        if result in ("failed", "cancelled"):
            return result
    return solve_master_execute(run_id=run_id)


# --- the reaper's share ------------------------------------------------------------------


def parts_reap(*, moment: dt.datetime, stale: dt.datetime, held: set[int] | None) -> int:
    """Lost parts of running runs: a running part silent since `stale` goes back to the
    queue and its job is sent again (its deliveries counted); a master step queued but silent
    since then is sent again. `held`: part ids whose message the broker holds (None: unknown)."""
    from rotations.tasks import solve_part_task

    acted = 0
    silent = SolvePart.objects.filter(
        run__status=RunStatus.RUNNING, status=PartStatus.RUNNING, heartbeat_at__lt=stale
    )
    for pk in silent.values_list("pk", flat=True):
        updated = SolvePart.objects.filter(
            pk=pk, status=PartStatus.RUNNING, heartbeat_at__lt=stale
        ).update(status=PartStatus.QUEUED, heartbeat_at=moment)
        if updated:
            logger.warning("part %s: no heartbeat since before %s; sent again", pk, stale)
            _send_part(solve_part_task, pk)
            acted += 1
    if held is not None:
        waiting = SolvePart.objects.filter(
            run__status=RunStatus.RUNNING, status=PartStatus.QUEUED, heartbeat_at__lt=stale
        )
        for pk in waiting.values_list("pk", flat=True):
            if pk in held:
                continue
            if SolvePart.objects.filter(pk=pk, status=PartStatus.QUEUED).update(
                heartbeat_at=moment
            ):
                logger.warning("part %s: queued without a job message; sent again", pk)
                _send_part(solve_part_task, pk)
                acted += 1
    masters = SolveRun.objects.filter(
        status=RunStatus.RUNNING, master_queued_at__isnull=False, heartbeat_at__lt=stale
    )
    for pk in masters.values_list("pk", flat=True):
        if SolveRun.objects.filter(pk=pk, heartbeat_at__lt=stale).update(heartbeat_at=moment):
            logger.warning("solve run %s: master step silent; sent again", pk)
            send_master(pk)
            acted += 1
    return acted


def _send_part(task: Any, part_id: int) -> None:
    try:
        task.delay(part_id)
    except Exception:
        logger.exception("part %s: could not queue its job; the reaper tries again", part_id)
