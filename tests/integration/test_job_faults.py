"""Solve jobs under faults around the solver, in-process: an interruption gives the job back,
a dropped database connection is reconnected, the reaper frees what lost jobs hold.

The faults are real: KeyboardInterrupt is raised in the main thread as a signal would,
and `pg_terminate_backend` drops the job's connections as a database restart does."""

from __future__ import annotations

import _thread
import datetime as dt
import threading
import time

import pytest
import redis
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from rotations.celery import app
from rotations.models import PlanStatus, RunStatus, SolveRun
from rotations.services.errors import UnavailableError
from rotations.services.jobs import (
    QUEUE_DOWN,
    _waiting_run_ids,
    solve_cancel,
    solve_runs_reap,
    solve_start,
)
from rotations.services.solving import solve_run_execute
from rotations.tasks import solve_run_task
from tests.e2e.busy import busy_plan
from tests.factories import RotationPlanFactory
from tests.integration.company import small_company
from tests.workers import REDIS_URL, point_app_at, private_redis_url

ENDED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


def wait_for(predicate, *, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def solving(run_id: int) -> bool:
    return SolveRun.objects.filter(
        pk=run_id, status=RunStatus.RUNNING, elapsed_s__isnull=False
    ).exists()


def terminate_other_backends() -> int:
    """Drop every other connection to the test database, as a restart does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def queued_run(plan, **fields) -> SolveRun:
    return SolveRun.objects.create(plan=plan, **({"time_limit_s": 1.5, "workers": 1} | fields))


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_job_gives_its_run_back_and_the_next_delivery_solves_it():
    plan = busy_plan()  # the solver works for its whole time limit
    run = queued_run(plan, time_limit_s=5)

    # KeyboardInterrupt in the main thread mid-solve, as SIGINT (or billiard's SystemExit on
    # SIGTERM) arrives in a worker; it used to end the run as failed with its exception text.
    def interrupt_when_solving():
        wait_for(lambda: solving(run.pk), timeout_s=20, what="solving")
        _thread.interrupt_main()

    threading.Thread(target=interrupt_when_solving, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        solve_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    assert run.attempts == 0  # an interruption is not a delivery that counts
    assert run.error == ""
    assert run.finished_at is None
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    SolveRun.objects.filter(pk=run.pk).update(time_limit_s=1.5)
    assert solve_run_task.delay(run.pk).get() == "succeeded"
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_mid_solve_costs_nothing_and_cancel_still_works():
    plan = busy_plan()
    # One run that finishes despite its connections dropped mid-solve.
    first = queued_run(plan, time_limit_s=3)
    errors: list[BaseException] = []
    results: list[str] = []

    def job(run_id: int):
        try:
            results.append(solve_run_execute(run_id=run_id))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=job, args=(first.pk,))
    thread.start()
    wait_for(lambda: solving(first.pk), timeout_s=30, what="solving")
    assert terminate_other_backends() >= 1
    before = SolveRun.objects.get(pk=first.pk).heartbeat_at
    assert before is not None
    # The watcher reconnects: the heartbeat moves on.
    wait_for(
        lambda: SolveRun.objects.filter(pk=first.pk, heartbeat_at__gt=before).exists(),
        timeout_s=5,
        what="a heartbeat after the connections dropped",
    )
    thread.join(60)
    assert errors == [] and results == ["succeeded"]
    first.refresh_from_db()
    assert first.status == RunStatus.SUCCEEDED, first.error
    assert first.changed

    # A second run: connections dropped, then a cancel is still seen within seconds.
    second = queued_run(plan, time_limit_s=8)
    thread = threading.Thread(target=job, args=(second.pk,))
    thread.start()
    wait_for(lambda: solving(second.pk), timeout_s=30, what="solving")
    terminate_other_backends()
    time.sleep(0.5)
    solve_cancel(run=SolveRun.objects.get(pk=second.pk))
    thread.join(60)
    second.refresh_from_db()
    assert second.status == RunStatus.CANCELLED
    assert second.elapsed_s is not None and second.elapsed_s < 6


@pytest.mark.django_db
@override_settings(ROTATIONS_RUN_STALE_S=120)
def test_the_reaper_requeues_a_silent_running_run_and_its_job_runs_again(
    django_capture_on_commit_callbacks,
):
    company = small_company()
    now = timezone.now()
    run = queued_run(
        company.plan,
        status=RunStatus.RUNNING,
        attempts=1,
        started_at=now - dt.timedelta(minutes=5),
        heartbeat_at=now - dt.timedelta(seconds=60),
    )
    assert solve_runs_reap(now=now) == 0  # a minute of silence is not yet lost
    with django_capture_on_commit_callbacks(execute=True):
        assert solve_runs_reap(now=now + dt.timedelta(seconds=61)) == 1
    # No broker here: the re-sent job ran in-process, as a new delivery.
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 2


@pytest.mark.django_db
@override_settings(ROTATIONS_RUN_STALE_S=120, ROTATIONS_SOLVE_MAX_DELIVERIES=3)
def test_a_silent_run_that_had_all_its_deliveries_is_failed(django_capture_on_commit_callbacks):
    company = small_company()
    now = timezone.now()
    run = queued_run(
        company.plan,
        status=RunStatus.RUNNING,
        attempts=3,
        started_at=now - dt.timedelta(minutes=5),
        heartbeat_at=now - dt.timedelta(minutes=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert solve_runs_reap(now=now) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "gave up after 3 deliveries" in run.error
    assert solve_start(plan=company.plan, time_limit_s=1.5, workers=1)[1]


@pytest.fixture
def redis_broker():
    """This process's app on a real Redis broker, on a queue of its own (no worker)."""
    # A Redis database of its own: the reaper reads every queue's unacknowledged messages, and
    # a worker test elsewhere may leave one behind in the shared database (CI saw run 171 there).
    url = private_redis_url(REDIS_URL)
    queue = f"rotations-reap-{time.monotonic_ns()}"
    before = point_app_at(
        app, {"broker_url": url, "task_always_eager": False, "task_default_queue": queue}
    )
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield client, queue
    finally:
        client.flushdb()
        point_app_at(app, before)
        client.close()


@pytest.mark.django_db
@override_settings(ROTATIONS_RUN_STALE_S=120)
def test_the_reaper_resends_a_queued_run_whose_message_is_gone_and_only_that(redis_broker):
    client, queue = redis_broker
    company = small_company()
    other = RotationPlanFactory.create()
    now = timezone.now()
    old = now - dt.timedelta(minutes=3)
    lost = queued_run(company.plan, heartbeat_at=old)
    waiting = queued_run(other, heartbeat_at=old)
    solve_run_task.delay(waiting.pk)  # its message is in the queue (no worker takes it)
    assert _waiting_run_ids() == {waiting.pk}

    assert solve_runs_reap(now=now) == 1

    assert _waiting_run_ids() == {lost.pk, waiting.pk}
    assert client.llen(queue) == 2
    lost.refresh_from_db()
    assert lost.heartbeat_at == now
    # Sent again at most once a stale period.
    assert solve_runs_reap(now=now + dt.timedelta(seconds=60)) == 0


@pytest.mark.django_db(transaction=True)
def test_a_start_with_the_queue_out_of_reach_keeps_the_run_queued_and_says_so_plainly():
    company = small_company()
    # Nothing listens on port 1: publishing fails after kombu's few quick retries.
    before = point_app_at(app, {"broker_url": "redis://127.0.0.1:1/0", "task_always_eager": False})
    try:
        with pytest.raises(UnavailableError) as error:
            solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    finally:
        point_app_at(app, before)
    assert error.value.message == QUEUE_DOWN
    run = SolveRun.objects.get(plan=company.plan)
    assert run.status == RunStatus.QUEUED  # the reaper sends it once the queue is back
    assert run.error == ""


@pytest.mark.django_db(transaction=True)
def test_errors_stored_as_exception_text_are_put_in_words_by_the_migration():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("rotations", "0003_plan_version")]
    after = [("rotations", "0004_run_heartbeat")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        plan = old.get_model("rotations", "RotationPlan").objects.create(
            name="Old", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
        )
        runs = old.get_model("rotations", "SolveRun").objects
        errors = ["SystemExit: -241", "OperationalError: server closed", "no plan satisfies x"]
        for error in errors:
            runs.create(plan=plan, status="failed", error=error)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    stored = sorted(SolveRun.objects.values_list("error", flat=True))
    assert stored == sorted(
        [
            "the job stopped on an unexpected error (the details are in the worker's log)",
            "the job stopped on an unexpected error (the details are in the worker's log)",
            "no plan satisfies x",
        ]
    )
