"""Solving a plan: build the problem, run the optimizer, check its answer, write it back.

One code path for every way a solve starts: `services.jobs.solve_start` creates the SolveRun
row, and the Celery job (`rotations.tasks`), the job run in-process when no broker is
configured, and `solve_start(wait=True)` (the `solve_plan` command) all call
`solve_run_execute` on it.

A run that fails for any reason (a problem the optimizer refuses, no feasible plan, an
answer the checker rejects, a cancel) leaves the plan's assignments exactly as they were:
the solution is written in one transaction at the very end, so a worker killed mid-solve
leaves nothing behind, and the job's next delivery starts afresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from optimizer import Problem, ProblemError, Solution, parse_problem, solution_to_dict, solve
from optimizer.check import check_solution
from optimizer.parse import problem_to_dict
from optimizer.partition import MASTER_SHARE, Part, part_time_limits, partition_wanted, split
from rotations.models import (
    ACTIVE_RUN_STATUSES,
    LIVE_STATUSES,
    PartStatus,
    PlanStatus,
    RotationPlan,
    RunKind,
    RunPartition,
    RunStatus,
    SolvePart,
    SolveRun,
)
from rotations.selectors.problem import plan_problem
from rotations.selectors.replan import replan_problem
from rotations.services.plans import SOLVED_STATUSES, SolutionError, plan_apply_solution

logger = logging.getLogger(__name__)

# The watcher looks for a cancel this often; progress reaches the database at most this often.
POLL_S = 0.25
PROGRESS_EVERY_S = 1.0


# The errors of a database out of reach (stopped, restarting, network): not the solve's fault.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# What users read when a job stopped on an error of ours; the details are in the log.
CRASHED = "the job stopped on an unexpected error (the details are in the worker's log)"

_T = TypeVar("_T")


class SolveFailedError(RuntimeError):
    """The optimizer gave no usable plan; the message says why."""


class DatabaseUnavailableError(RuntimeError):
    """The database stayed out of reach: the job was given back, to run again later."""


def _reset_connection() -> None:
    """Drop this thread's connection (it may be dead); the next query opens a fresh one."""
    with contextlib.suppress(Exception):
        connection.close()


def _with_database(call: Callable[[], _T], *, run_id: int, what: str, within_s: float) -> _T:
    """`call()`, again with backoff while the database is out of reach (a restart, a short
    outage), for up to `within_s` seconds; then DatabaseUnavailableError."""
    deadline = time.monotonic() + within_s
    delay = 0.25
    while True:
        try:
            return call()
        except DATABASE_ERRORS as exc:
            _reset_connection()
            if time.monotonic() + delay > deadline:
                raise DatabaseUnavailableError(f"database out of reach while {what}") from exc
            logger.warning(
                "solve run %s: database error while %s, again in %.2f s: %s",
                run_id,
                what,
                delay,
                exc,
            )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _failure(solution: Solution) -> str:
    if solution.infeasible:
        return "no plan satisfies the pinned assignments:\n" + "\n".join(solution.infeasible)
    return f"the solver returned {solution.status} without a plan"


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """(bound - objective) / |bound|, as runs store it; None without both."""
    if objective is None or not bound:
        return None
    return round((bound - objective) / abs(bound), 6)


def _record(run: SolveRun, solution: Solution) -> None:
    run.solver_status = solution.status
    run.objective = solution.objective
    run.bound = solution.bound
    run.gap = relative_gap(solution.objective, solution.bound)
    run.stats = dict(solution.stats)
    run.unmet = [
        {"shadower": u.shadower, "missing": u.missing, "reasons": list(u.reasons)}
        for u in solution.unmet
    ]
    run.solution = solution_to_dict(solution)


def _settled_status(plan: RotationPlan) -> PlanStatus:
    """The plan's status when no solve is under way (a failed or cancelled run restores it)."""
    if plan.published_at is not None:
        return PlanStatus.PUBLISHED
    if plan.assignments.filter(status__in=LIVE_STATUSES).exists():
        return PlanStatus.SOLVED
    return PlanStatus.DRAFT


def _end(run: SolveRun, status: RunStatus, error: str = "") -> None:
    """Finish `run` (locked by the caller) without touching the plan's assignments."""
    run.status = status
    run.error = error
    run.finished_at = timezone.now()
    if run.started_at is None or run.started_at > run.finished_at:
        run.started_at = run.finished_at
    run.save()
    plan = run.plan
    if plan.status == PlanStatus.SOLVING:
        RotationPlan.objects.filter(pk=plan.pk).update(status=_settled_status(plan))


@dataclass
class _Attempt:
    """One delivery of a run's job: what the solver, its watcher and the final write share."""

    run_id: int
    number: int
    stop: threading.Event
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    progress: list[list[float]] = field(default_factory=list)
    cancelled: bool = False
    superseded: bool = False
    # The master step of a run solved in parts: the parts' progress and time stay on the run.
    keeps_progress: bool = False
    # Solved in this process (`solve_start(wait=True)`, eager Celery): parts are not queued.
    in_process: bool = False
    offset_s: float = 0.0  # the master step's points go on from the parts' time

    def improved(self, objective: int, bound: int, elapsed: float) -> None:
        # Called from the solver's thread: no database here, the watcher writes.
        with self.lock:
            self.progress.append([objective, bound, round(self.offset_s + elapsed, 3)])

    def elapsed(self) -> float:
        return round(time.monotonic() - self.started, 3)


def _write_progress(attempt: _Attempt) -> None:
    with attempt.lock:
        progress = [list(p) for p in attempt.progress]
    values: dict[str, Any] = {"heartbeat_at": timezone.now()}
    if not attempt.keeps_progress:
        values["elapsed_s"] = attempt.elapsed()
    if progress:
        objective, bound = int(progress[-1][0]), int(progress[-1][1])
        values |= {
            "progress": progress,
            "objective": objective,
            "bound": bound,
            "gap": relative_gap(objective, bound),
        }
    # A short UPDATE of its own: readers see progress while the solve goes on.
    SolveRun.objects.filter(
        pk=attempt.run_id, attempts=attempt.number, status=RunStatus.RUNNING
    ).update(**values)


class Watched(Protocol):
    """A delivery a watcher thread looks after (a run's job, a part's)."""

    done: threading.Event
    stop: threading.Event
    cancelled: bool
    superseded: bool


def watch(
    attempt: Watched, *, label: str, poll: Callable[[], str | None], write: Callable[[], None]
) -> None:
    """Until the solve ends: every POLL_S ask `poll` whether to stop it ("cancelled", or
    "superseded" when a later delivery took over), and `write` progress and the heartbeat
    about once a second. A database error costs a round, not the watcher: it reconnects."""
    last_write = 0.0
    failing = False
    try:
        while not attempt.done.wait(POLL_S):
            try:
                why = poll()
                if why == "cancelled":
                    attempt.cancelled = True
                    attempt.stop.set()
                elif why == "superseded":
                    attempt.superseded = True
                    attempt.stop.set()
                if time.monotonic() - last_write >= PROGRESS_EVERY_S:
                    write()
                    last_write = time.monotonic()
                if failing:
                    logger.info("%s: watcher reaches the database again", label)
                failing = False
            except Exception:  # the solve goes on; the next round tries again
                if not failing:  # once per outage, not four times a second
                    logger.exception("%s: watcher round failed", label)
                failing = True
                _reset_connection()
    finally:
        connection.close()  # this thread's own connection


def _watch(attempt: _Attempt) -> None:
    """Stop a run's solve on a cancel request (stored by another process) or when a later
    delivery of the same job took the run over; write its progress and heartbeat."""

    def poll() -> str | None:
        row = (
            SolveRun.objects.filter(pk=attempt.run_id)
            .values_list("cancel_requested", "attempts")
            .first()
        )
        if row is not None and row[0]:
            return "cancelled"
        if row is not None and row[1] != attempt.number:
            return "superseded"
        return None

    watch(
        attempt,
        label=f"solve run {attempt.run_id}",
        poll=poll,
        write=lambda: _write_progress(attempt),
    )


def count_delivery(run: SolveRun, what: str) -> str | None:
    """One more delivery of the run's `what` (its job, its master step): ends the run when
    it was cancelled or its deliveries are used up, and says how; None to go on."""
    run.attempts += 1
    limit = int(settings.ROTATIONS_SOLVE_MAX_DELIVERIES)
    if run.cancel_requested:
        _end(run, RunStatus.CANCELLED)
        return "cancelled"
    if run.attempts > limit:
        _end(
            run,
            RunStatus.FAILED,
            f"gave up after {limit} deliveries of its {what}: each one ended without a "
            "result (a worker killed or out of memory?)",
        )
        return "failed"
    return None


def _claim(run_id: int, *, in_process: bool = False) -> tuple[SolveRun, int] | str:
    """Count this delivery and mark the run running; or say why there is nothing to do."""
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().select_related("plan").filter(pk=run_id).first()
        if run is None:
            return "no such run"
        if run.status not in ACTIVE_RUN_STATUSES:
            return "already finished"
        if run.parts.exists():
            # A second delivery of a job that split the run already (killed before its
            # message was acknowledged): its parts may never have been sent.
            queued = list(run.parts.filter(status=PartStatus.QUEUED).values_list("pk", flat=True))
            if queued and not in_process:  # in process: the caller runs them
                transaction.on_commit(functools.partial(send_parts, queued))
            return "split already"
        ended = count_delivery(run, "job")
        if ended:
            return ended
        if run.plan.status == PlanStatus.ARCHIVED:
            _end(run, RunStatus.FAILED, f'plan "{run.plan.name}" is archived')
            return "failed"
        # A new attempt starts afresh: nothing of an earlier, killed one counts.
        run.status = RunStatus.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.progress, run.objective, run.bound, run.gap, run.elapsed_s = [], None, None, None, None
        run.save()
        RotationPlan.objects.filter(pk=run.plan_id).update(status=PlanStatus.SOLVING)
        return run, run.attempts


def _problem(run: SolveRun) -> Problem:
    if run.kind == RunKind.REPLAN:
        return replan_problem(plan=run.plan)
    return parse_problem(plan_problem(plan=run.plan))


def _finish(run_id: int, attempt: _Attempt, problem: Problem | None, outcome: Any) -> str:
    """Write the attempt's result in one transaction: the solution, or why there is none."""
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().select_related("plan").get(pk=run_id)
        if run.attempts != attempt.number or run.status != RunStatus.RUNNING:
            return "superseded"  # a later delivery owns the run now
        if attempt.keeps_progress:  # the whole run's time and points: parts and master step
            run.progress = attempt.progress
            run.elapsed_s = round(
                (timezone.now() - (run.started_at or timezone.now())).total_seconds(), 3
            )
        else:
            run.progress = attempt.progress
            run.elapsed_s = attempt.elapsed()
        if run.cancel_requested:
            _end(run, RunStatus.CANCELLED)
            return "cancelled"
        if isinstance(outcome, BaseException):
            _end(run, RunStatus.FAILED, str(outcome))
            return "failed"
        solution: Solution = outcome
        _record(run, solution)
        try:
            if solution.status not in SOLVED_STATUSES:
                raise SolveFailedError(_failure(solution))
            if problem is None:  # a solution always comes from a problem
                raise SolveFailedError("the solution has no problem to check it against")
            report = check_solution(problem, solution)
            if not report.ok:
                raise SolveFailedError(
                    "the checker rejected the solution:\n" + "\n".join(report.violations)
                )
            with transaction.atomic():  # a savepoint: a refused solution changes nothing
                applied = plan_apply_solution(plan=run.plan, solution=solution)
        except (SolveFailedError, SolutionError) as exc:
            _end(run, RunStatus.FAILED, str(exc))
            return "failed"
        run.changed = applied.created + applied.revived + applied.removed
        run.stats["applied"] = dataclasses.asdict(applied)
        run.plan.refresh_from_db()
        _end(run, RunStatus.SUCCEEDED)
        return "succeeded"


def send_parts(part_ids: list[int]) -> None:
    """Queue one job per part, as a group. No chord: the last part to finish queues the
    master step itself (see `services.parts`, which says why)."""
    from celery import group

    from rotations.tasks import solve_part_task  # the tasks module imports the services

    try:
        group(solve_part_task.si(pk) for pk in part_ids).apply_async()
    except Exception:
        # Logged, not raised: the parts stay queued and the reaper sends them again.
        logger.exception("parts %s: could not queue their jobs; the reaper will", part_ids)


def _store_parts(run_id: int, attempt: _Attempt, problem: Problem | None, parts: Any) -> str:
    """The run's job split its problem: store the whole problem and each part in one
    transaction, then (once committed) send a job per part."""
    if problem is None:
        raise SolveFailedError("the parts have no problem they were split from")
    split_parts: list[Part] = parts
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().select_related("plan").get(pk=run_id)
        if run.attempts != attempt.number or run.status != RunStatus.RUNNING:
            return "superseded"
        if run.cancel_requested:
            _end(run, RunStatus.CANCELLED)
            return "cancelled"
        now = timezone.now()
        run.problem = problem_to_dict(problem)
        run.stats = {"parts": {"total": len(split_parts), "done": 0}}
        run.elapsed_s = attempt.elapsed()
        run.heartbeat_at = now
        run.save(update_fields=["problem", "stats", "elapsed_s", "heartbeat_at"])
        # As `optimizer.partition.solve_partitioned` shares it: the parts (1 - MASTER_SHARE)
        # of the run's time by size, the master step the rest; in parallel on many workers
        # the run ends sooner, with the same solver time as in process.
        limits = part_time_limits(split_parts, (1 - MASTER_SHARE) * run.time_limit_s)
        created = SolvePart.objects.bulk_create(
            SolvePart(
                run=run,
                number=number,
                name=part.name[:64],
                problem=problem_to_dict(part.problem),
                time_limit_s=limit,
                heartbeat_at=now,
            )
            for number, (part, limit) in enumerate(zip(split_parts, limits, strict=True), start=1)
        )
        if not attempt.in_process:
            transaction.on_commit(functools.partial(send_parts, [p.pk for p in created]))
    logger.info("solve run %s: split into %s parts", run_id, len(split_parts))
    return "split"


def _fail_after_crash(run_id: int, attempt: int, exc: BaseException) -> None:
    """An unexpected error: end the run (so it does not hold its plan), then let it raise.
    The run says so in plain words; the exception goes to the log."""
    logger.error("solve run %s (delivery %s) crashed", run_id, attempt, exc_info=exc)
    try:
        with transaction.atomic():
            run = SolveRun.objects.select_for_update().select_related("plan").get(pk=run_id)
            if run.attempts == attempt and run.status == RunStatus.RUNNING:
                _end(run, RunStatus.FAILED, CRASHED)
    except Exception:
        logger.exception("solve run %s: could not record the failure", run_id)


def _give_back(run_id: int, attempt: int, why: BaseException) -> None:
    """The job was interrupted from outside (the worker stopping, the broker connection lost,
    the database out of reach): the run goes back to the queue, this delivery not counted,
    and the job's next delivery does it. Best effort: the database may be out of reach too,
    and then the next delivery counts this one."""
    logger.warning(
        "solve run %s (delivery %s): interrupted (%s); back to the queue",
        run_id,
        attempt,
        type(why).__name__,
    )
    try:
        with transaction.atomic():
            run = SolveRun.objects.select_for_update().select_related("plan").get(pk=run_id)
            if run.attempts != attempt or run.status != RunStatus.RUNNING:
                return
            run.attempts = attempt - 1
            run.heartbeat_at = timezone.now()
            if run.master_queued_at is not None:  # the master step's job comes back
                run.save(update_fields=["attempts", "heartbeat_at"])
                return
            run.status = RunStatus.QUEUED
            run.save(update_fields=["status", "attempts", "heartbeat_at"])
            plan = run.plan
            if plan.status == PlanStatus.SOLVING:
                RotationPlan.objects.filter(pk=plan.pk).update(status=_settled_status(plan))
    except Exception:
        _reset_connection()
        logger.exception("solve run %s: could not give the job back", run_id)


def solve_run_execute(
    *, run_id: int, stop_event: threading.Event | None = None, in_process: bool = False
) -> str:
    """Do the job of SolveRun `run_id` and say how it ended.

    "succeeded", "failed" and "cancelled" end the run; "already finished" (a second delivery
    of a finished job) and "superseded" (a later delivery took the run over) change nothing.
    "split": the run's problem is large (or the run asks for parts): its parts are stored
    and their jobs queued (with `in_process`, not queued: the caller runs them, see
    `services.parts.solve_run_parts_inline`); the run stays running until the master step.
    `stop_event`, set by the caller, ends the search early and keeps the best plan found;
    a cancel (`solve_cancel`) ends it and keeps nothing.

    Only the solve's own failures fail the run. An interruption from outside (SystemExit or
    KeyboardInterrupt: the worker stopping, or its broker connection lost) gives the run back
    to the queue and re-raises; a database out of reach is waited for (a restart), then the
    run is given back and DatabaseUnavailableError raised, for the task to retry.
    """
    return _execute(
        run_id,
        claim=functools.partial(_claim, in_process=in_process),
        compute=_solve_or_split,
        stop_event=stop_event,
        in_process=in_process,
    )


Compute = Callable[[SolveRun, "_Attempt"], tuple[Problem, Any]]
Claim = Callable[[int], "tuple[SolveRun, int] | str"]


def _wants_parts(run: SolveRun, problem: Problem) -> bool:
    if run.partition == RunPartition.NEVER:
        return False
    return run.partition == RunPartition.ALWAYS or partition_wanted(problem)


def _solve_or_split(run: SolveRun, attempt: _Attempt) -> tuple[Problem, Any]:
    """The run's job: solve its problem, or split it (a list of parts, stored by `_finish`)."""
    problem = _problem(run)
    parts = split(problem) if _wants_parts(run, problem) else []
    if parts:  # no parts (nobody to plan): solved whole, at once
        return problem, parts
    return problem, solve(
        problem,
        time_limit_s=run.time_limit_s,
        workers=run.workers,
        on_progress=attempt.improved,
        stop_event=attempt.stop,
    )


def _execute(
    run_id: int,
    *,
    claim: Claim,
    compute: Compute,
    stop_event: threading.Event | None = None,
    keeps_progress: bool = False,
    in_process: bool = False,
) -> str:
    """One delivery of a run's job: claim the run, compute its outcome while a watcher keeps
    its heartbeat and looks for a cancel, then write the outcome (see `solve_run_execute`)."""
    claimed = _with_database(
        lambda: claim(run_id),
        run_id=run_id,
        what="starting",
        within_s=float(settings.ROTATIONS_DB_RETRY_START_S),
    )
    if isinstance(claimed, str):
        logger.info("solve run %s: %s", run_id, claimed)
        return claimed
    run, number = claimed
    attempt = _Attempt(
        run_id=run_id,
        number=number,
        stop=stop_event or threading.Event(),
        keeps_progress=keeps_progress,
        in_process=in_process,
    )
    if keeps_progress:  # the master step adds its points to the parts'
        attempt.progress = [list(p) for p in run.progress or []]
        if run.started_at is not None:
            attempt.offset_s = (timezone.now() - run.started_at).total_seconds()
    watcher = threading.Thread(target=_watch, args=(attempt,), name=f"run-{run_id}", daemon=True)
    watcher.start()
    problem: Problem | None = None
    try:
        try:
            problem, outcome = compute(run, attempt)
        except ProblemError as exc:
            outcome = exc
        finally:
            attempt.done.set()
            watcher.join()
        if attempt.superseded:  # a later delivery owns the run, this one writes nothing
            result = "superseded"
        else:
            # The solution is worth waiting for: a database restart mid-solve costs seconds.
            write = _store_parts if isinstance(outcome, list) else _finish
            result = _with_database(
                lambda: write(run_id, attempt, problem, outcome),
                run_id=run_id,
                what="writing the result",
                within_s=float(settings.ROTATIONS_DB_RETRY_FINISH_S),
            )
    except DATABASE_ERRORS as exc:  # building the problem
        _reset_connection()
        _give_back(run_id, number, exc)
        raise DatabaseUnavailableError("database out of reach while solving") from exc
    except DatabaseUnavailableError as exc:
        _give_back(run_id, number, exc)
        raise
    except Exception as exc:
        _fail_after_crash(run_id, number, exc)
        raise
    except BaseException as exc:  # SystemExit (SIGTERM from the worker), KeyboardInterrupt
        _give_back(run_id, number, exc)
        raise
    logger.info("solve run %s (delivery %s): %s", run_id, number, result)
    return result
