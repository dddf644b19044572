"""Solve jobs through a real Celery worker on Redis: crashes, redelivery, cancel, races."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from optimizer import Pair, parse_problem, parse_solution
from optimizer.check import check_solution
from rotations.celery import app
from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    PlanStatus,
    RunStatus,
    SolveRun,
)
from rotations.selectors.problem import plan_problem
from rotations.services.jobs import solve_cancel, solve_start
from rotations.tasks import solve_run_task
from tests.e2e.busy import busy_plan
from tests.integration.company import small_company

pytestmark = [pytest.mark.slow]

ENDED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


def wait_for(predicate, *, timeout_s: float, what: str, worker=None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    logs = worker.logs()[-4000:] if worker is not None else ""
    raise AssertionError(f"not within {timeout_s} s: {what}\n{logs}")


def ended(run: SolveRun, worker, *, timeout_s: float = 60) -> SolveRun:
    def done():
        run.refresh_from_db()
        return run.status in ENDED

    wait_for(done, timeout_s=timeout_s, what=f"run {run.pk} ends", worker=worker)
    return run


def mid_solve(run: SolveRun, worker) -> SolveRun:
    """Wait until the solver works on `run` and has reported progress once."""

    def solving():
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING and run.elapsed_s is not None

    wait_for(solving, timeout_s=60, what=f"run {run.pk} is solving", worker=worker)
    return run


def plan_pairs(plan) -> set[tuple[str, int]]:
    return set(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).values_list(
            "shadower__employee_id", "slot_id"
        )
    )


def assert_valid_plan(run: SolveRun) -> None:
    """The plan's assignments are the run's solution, and they pass the checker."""
    pairs = plan_pairs(run.plan)
    solution = parse_solution(run.solution)
    assert {(p.shadower, int(p.slot)) for p in solution.assignments} == pairs
    problem = parse_problem(plan_problem(plan=run.plan))
    stored = tuple(sorted(Pair(shadower, str(slot)) for shadower, slot in pairs))
    report = check_solution(problem, dataclasses.replace(solution, assignments=stored))
    assert report.violations == []


def test_a_solve_runs_end_to_end_through_the_broker(celery_worker_process):
    company = small_company()
    run, created = solve_start(plan=company.plan, time_limit_s=2, workers=1)
    assert created
    assert run.status == RunStatus.QUEUED  # the caller does not wait for the solver

    ended(run, celery_worker_process)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1
    assert run.changed == 8 == len(plan_pairs(company.plan))
    assert_valid_plan(run)
    company.plan.refresh_from_db()
    assert company.plan.status == PlanStatus.SOLVED
    assert f"solve run {run.pk} (delivery 1): succeeded" in celery_worker_process.logs()


def test_progress_is_stored_while_solving_and_cancel_stops_the_job(celery_worker_process):
    plan = busy_plan()
    run, _ = solve_start(plan=plan, time_limit_s=8, workers=1)
    mid_solve(run, celery_worker_process)
    # Progress reaches the row while the job runs: objective, bound, gap, elapsed time.
    wait_for(
        lambda: SolveRun.objects.filter(pk=run.pk, objective__isnull=False).exists(),
        timeout_s=10,
        what="progress with an objective",
    )
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.objective is not None and run.bound is not None and run.gap is not None
    assert run.bound >= run.objective > 0
    assert run.gap >= 0
    assert run.progress and run.progress[-1][:2] == [run.objective, run.bound]

    asked = time.monotonic()
    solve_cancel(run=run)
    ended(run, celery_worker_process)
    latency = time.monotonic() - asked

    assert run.status == RunStatus.CANCELLED
    assert (
        run.elapsed_s is not None and run.elapsed_s < run.time_limit_s
    )  # the solver stopped early
    assert not Assignment.objects.filter(plan=plan).exists()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    print(f"cancel latency {latency:.2f} s")  # a figure for the report (-s)


def test_a_killed_worker_child_gives_the_job_back_and_it_completes(celery_worker_process):
    plan = busy_plan()
    run, _ = solve_start(plan=plan, time_limit_s=3, workers=1)
    mid_solve(run, celery_worker_process)

    celery_worker_process.kill_child()
    killed_at = timezone.now()
    ended(run, celery_worker_process)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 2
    assert_valid_plan(run)
    # Nothing of the killed attempt: every row was written by the second one.
    assignments = Assignment.objects.filter(plan=plan)
    assert assignments.exists()
    assert all(a.created_at > killed_at for a in assignments)


def test_a_job_of_a_killed_worker_is_redone_by_a_new_worker(celery_worker_process):
    plan = busy_plan()
    run, _ = solve_start(plan=plan, time_limit_s=3, workers=1)
    mid_solve(run, celery_worker_process)

    celery_worker_process.kill()  # the whole worker, its child with it
    killed = time.monotonic()
    celery_worker_process.start()

    def redone():
        run.refresh_from_db()
        return run.attempts == 2

    wait_for(redone, timeout_s=30, what="the job is delivered again", worker=celery_worker_process)
    print(f"redelivered {time.monotonic() - killed:.1f} s after the kill")
    ended(run, celery_worker_process)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert_valid_plan(run)


def test_twenty_concurrent_starts_give_one_run(celery_worker_process):
    company = small_company()
    barrier = threading.Barrier(20)
    answers: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def start():
        try:
            barrier.wait()
            run, created = solve_start(plan=company.plan, time_limit_s=2, workers=1)
            answers.append((run.pk, created))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(answers) == 20
    assert len({pk for pk, _ in answers}) == 1
    assert sum(created for _, created in answers) == 1
    assert SolveRun.objects.filter(plan=company.plan).count() == 1
    run = ended(SolveRun.objects.get(plan=company.plan), celery_worker_process)
    assert run.status == RunStatus.SUCCEEDED


def test_the_same_message_delivered_twice_gives_one_result(celery_worker_process):
    company = small_company()
    run = SolveRun.objects.create(plan=company.plan, time_limit_s=2, workers=1)
    first = solve_run_task.apply_async(args=(run.pk,))
    second = solve_run_task.apply_async(args=(run.pk,))

    results = [
        celery_worker_process.result(first.id),
        celery_worker_process.result(second.id),
    ]

    assert results == ["succeeded", "already finished"]
    run.refresh_from_db()
    assert run.attempts == 1
    assert run.changed == 8 == Assignment.objects.filter(plan=company.plan).count()


def test_in_process_mode_gives_the_same_result_as_the_worker(celery_worker_process):
    company = small_company()
    by_worker, _ = solve_start(plan=company.plan, time_limit_s=2, workers=1)
    ended(by_worker, celery_worker_process)
    worker_pairs = plan_pairs(company.plan)
    # Start again from nothing, with no broker: the job runs in this process.
    Assignment.objects.filter(plan=company.plan).delete()
    company.plan.status = PlanStatus.DRAFT
    company.plan.save()
    app.conf.task_always_eager = True
    try:
        in_process, created = solve_start(plan=company.plan, time_limit_s=2, workers=1)
    finally:
        app.conf.task_always_eager = False
    in_process.refresh_from_db()

    assert created
    assert by_worker.status == in_process.status == RunStatus.SUCCEEDED
    assert by_worker.solver_status == in_process.solver_status == "OPTIMAL"
    assert by_worker.objective == in_process.objective
    assert plan_pairs(company.plan) == worker_pairs
    assert f"solve run {in_process.pk}" not in celery_worker_process.logs()


def test_a_delivery_taken_over_by_a_later_one_stops_and_writes_nothing(celery_worker_process):
    plan = busy_plan()
    run, _ = solve_start(plan=plan, time_limit_s=6, workers=1)
    mid_solve(run, celery_worker_process)
    # As when Redis hands the job to a second worker (the first one seemed gone).
    SolveRun.objects.filter(pk=run.pk).update(attempts=2)

    wait_for(
        lambda: f"solve run {run.pk} (delivery 1): superseded" in celery_worker_process.logs(),
        timeout_s=10,
        what="the first delivery gives up",
        worker=celery_worker_process,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # the later delivery's to finish
    assert run.finished_at is None
    assert not Assignment.objects.filter(plan=plan).exists()


def test_a_sigterm_to_the_worker_child_gives_the_job_back_and_it_completes(
    celery_worker_process,
):
    # What the worker does to a late-acked task when its broker connection drops (billiard
    # turns SIGTERM into SystemExit(-241)); it used to fail the run with "SystemExit: -241".
    plan = busy_plan()
    run, _ = solve_start(plan=plan, time_limit_s=3, workers=1)
    mid_solve(run, celery_worker_process)

    (child,) = celery_worker_process.child_pids()
    os.kill(child, signal.SIGTERM)
    ended(run, celery_worker_process)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1  # the interrupted delivery was given back, not counted
    assert "back to the queue" in celery_worker_process.logs()
    assert_valid_plan(run)
