"""Celery tasks: thin, they take ids and call services (found by `autodiscover_tasks`)."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from rotations.services.jobs import solve_run_job, solve_runs_reap
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
        return solve_run_job(run_id=run_id)
    except DatabaseUnavailableError:
        if self.request.is_eager:
            raise
        countdown = min(60, 5 * 2**self.request.retries)
        logger.warning("solve run %s: database out of reach; again in %s s", run_id, countdown)
        raise self.retry(countdown=countdown) from None


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
