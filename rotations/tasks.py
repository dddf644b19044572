"""Celery tasks: thin, they take ids and call services (found by `autodiscover_tasks`)."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from rotations.services.jobs import solve_master_job, solve_run_job, solve_runs_reap
from rotations.services.parts import solve_part_execute
from rotations.services.reminders import (
    notices_send,
    reminders_send,
    unconfirmed_release,
)
from rotations.services.solving import DatabaseUnavailableError

logger = logging.getLogger(__name__)


# acks_late + reject_on_worker_lost: a worker killed mid-solve gives the message back and
# the job runs again; the run counts its deliveries, so a job that kills every worker ends.
# A database out of reach is not the job's failure: it is retried, backing off to a minute
# (the run stays queued meanwhile; the reaper is the backstop once retries run out).
@shared_task(
    bind=True,
    name="rotations.solve_run",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=60,
)
def solve_run_task(self: Task, run_id: int) -> str:  # type: ignore[type-arg]
    try:
        # Eager (no broker): a run split into parts is solved here, part after part.
        return solve_run_job(run_id=run_id, in_process=bool(self.request.is_eager))
    except DatabaseUnavailableError as exc:
        raise _retry(self, f"solve run {run_id}", exc) from None


def _retry(task: Task, what: str, exc: Exception) -> Exception:  # type: ignore[type-arg]
    """A database out of reach is not the job's failure: again later (eager: raised)."""
    if task.request.is_eager:
        return exc
    countdown = min(60, 5 * 2**task.request.retries)
    logger.warning("%s: database out of reach; again in %s s", what, countdown)
    return task.retry(countdown=countdown)


# A run solved in parts (services/parts.py says why a group and no chord): the same
# guarantees per part and for the master step as for a run's job above.
@shared_task(
    bind=True,
    name="rotations.solve_part",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=60,
)
def solve_part_task(self: Task, part_id: int) -> str:  # type: ignore[type-arg]
    try:
        return solve_part_execute(part_id=part_id)
    except DatabaseUnavailableError as exc:
        raise _retry(self, f"part {part_id}", exc) from None


@shared_task(
    bind=True,
    name="rotations.solve_master",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=60,
)
def solve_master_task(self: Task, run_id: int) -> str:  # type: ignore[type-arg]
    try:
        return solve_master_job(run_id=run_id)
    except DatabaseUnavailableError as exc:
        raise _retry(self, f"solve run {run_id} master step", exc) from None


# Beat's one task for the day's notices: releases, then reminders (never both for a session).
@shared_task(name="rotations.send_notices", acks_late=True, reject_on_worker_lost=True)
def send_notices_task() -> dict[str, object]:
    return notices_send()


# The two below are no longer scheduled; kept so messages already queued still run.
@shared_task(name="rotations.send_reminders", acks_late=True, reject_on_worker_lost=True)
def send_reminders_task() -> dict[str, int]:
    return reminders_send()


@shared_task(name="rotations.release_unconfirmed", acks_late=True, reject_on_worker_lost=True)
def release_unconfirmed_task() -> dict[str, int]:
    return unconfirmed_release()


@shared_task(name="rotations.reap_lost_runs", acks_late=True, reject_on_worker_lost=True)
def reap_lost_runs_task() -> int:
    return solve_runs_reap()
