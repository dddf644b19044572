"""Runs solved in parts through a real Celery worker on Redis: a group of part jobs, the
master step queued by the last part, a part lost with its worker, a cancel mid-parts."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from rotations.models import Assignment, PartStatus, RunPartition, RunStatus, SolvePart, SolveRun
from rotations.services.jobs import solve_cancel, solve_start
from tests.e2e.busy import busy_plan
from tests.e2e.test_solve_jobs import ended, wait_for
from tests.integration.test_solve_parts import assert_checked_plan, sites_plan

pytestmark = [pytest.mark.slow]


def long_parts_plan():
    """Two sites whose parts each keep the solver busy for its whole time limit."""
    return busy_plan(seed=3, sites=("DET", "CHI"), shadowers=120, hosts=24, name="Long parts")


def a_part_solving(run: SolveRun, worker) -> SolvePart:
    def solving():
        return SolvePart.objects.filter(
            run=run, status=PartStatus.RUNNING, elapsed_s__isnull=False
        ).first()

    part = wait_for(solving, timeout_s=90, what=f"a part of run {run.pk} solving", worker=worker)
    assert isinstance(part, SolvePart)
    return part


def test_a_plan_in_parts_is_solved_by_the_worker_and_checked(celery_worker_process):
    plan = sites_plan()
    run, _ = solve_start(plan=plan, time_limit_s=2, workers=1, partition=RunPartition.ALWAYS)

    ended(run, celery_worker_process, timeout_s=120)

    assert run.status == RunStatus.SUCCEEDED, run.error
    parts = list(run.parts.all())
    assert len(parts) == 3
    assert all(p.status == PartStatus.DONE and p.attempts == 1 for p in parts)
    assert run.attempts == 1  # the master step, delivered once
    assert_checked_plan(run)
    logs = celery_worker_process.logs()
    assert f"solve run {run.pk}: split into 3 parts" in logs
    assert logs.count(f"solve run {run.pk} part ") == 3
    assert f"solve run {run.pk} (delivery 1): succeeded" in logs


def test_a_part_lost_with_its_worker_is_solved_again_and_the_run_completes(
    celery_worker_process,
):
    plan = long_parts_plan()
    # Parts share 85% of the run's 8 s (optimizer.partition.MASTER_SHARE): ~3.4 s each.
    run, _ = solve_start(plan=plan, time_limit_s=8, workers=1, partition=RunPartition.ALWAYS)
    part = a_part_solving(run, celery_worker_process)

    celery_worker_process.kill()  # the whole worker: the part's message is unacknowledged
    killed_at = timezone.now()
    celery_worker_process.start()

    def redelivered():
        part.refresh_from_db()
        return part.attempts == 2

    wait_for(
        redelivered, timeout_s=60, what="the part delivered again", worker=celery_worker_process
    )
    ended(run, celery_worker_process, timeout_s=120)

    assert run.status == RunStatus.SUCCEEDED, run.error
    part.refresh_from_db()
    assert part.status == PartStatus.DONE and part.attempts == 2
    assert all(p.status == PartStatus.DONE for p in run.parts.all())
    assert_checked_plan(run)
    assert all(a.created_at > killed_at for a in Assignment.objects.filter(plan=plan))


def test_a_cancel_during_the_parts_ends_the_run_and_the_master_never_runs(
    celery_worker_process,
):
    plan = long_parts_plan()
    run, _ = solve_start(plan=plan, time_limit_s=8, workers=1, partition=RunPartition.ALWAYS)
    part = a_part_solving(run, celery_worker_process)

    asked = time.monotonic()
    solve_cancel(run=SolveRun.objects.get(pk=run.pk))
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED  # at once: its jobs write nothing now

    def parts_settled():
        return not SolvePart.objects.filter(
            run=run, status__in=(PartStatus.QUEUED, PartStatus.RUNNING)
        ).exists()

    wait_for(parts_settled, timeout_s=30, what="the parts stop", worker=celery_worker_process)
    print(f"running part stopped {time.monotonic() - asked:.2f} s after the cancel")
    part.refresh_from_db()
    assert part.status == PartStatus.CANCELLED
    assert part.elapsed_s is not None and part.elapsed_s < part.time_limit_s
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.master_queued_at is None and run.solution is None
    assert not Assignment.objects.filter(plan=plan).exists()
    assert "rotations.solve_master[" not in celery_worker_process.logs()  # never queued
