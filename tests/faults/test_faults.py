"""Faults of the parts around the worker, on a private stack (tests/faults/stack.py): a
real Celery worker (with beat) and gunicorn against a PostgreSQL and a Redis that the tests
restart, stop and start. After each, an SQL audit of the invariants.

Figures (restart to result) are printed for the README's "Jobs" section (run with -s)."""

from __future__ import annotations

import time

import pytest

from tests.faults.stack import Stack, http

pytestmark = [pytest.mark.faults, pytest.mark.slow]

SOLVE_S = 6


def start_solve(stack: Stack, db: str, **worker_env: str) -> tuple[dict[str, object], int]:
    world = stack.scenario(db, "setup")
    stack.worker(db, **worker_env)
    run = int(stack.scenario(db, "solve", str(world["plan"]), str(SOLVE_S))["run"])
    stack.solving(db, run)
    return world, run


def test_a_redis_restart_mid_solve_and_the_solve_still_succeeds(fresh):
    stack, db = fresh
    # The production visibility timeout (an hour before Redis hands the message out again):
    # the reaper re-sends the given-back job after RUN_STALE_S (here 10 s instead of 120 s).
    _, run = start_solve(stack, db, CELERY_VISIBILITY_TIMEOUT="3600", RUN_STALE_S="10")

    fault = time.monotonic()
    stack.redis_restart(pause_s=0.5)
    row = stack.ended(db, run, timeout_s=120)

    assert row.status == "succeeded", (row, stack.logs()[-4000:])
    assert "SystemExit" not in row.error
    print(
        f"redis restart: result {time.monotonic() - fault:.1f} s after it, attempts {row.attempts}"
    )
    stack.audit(db)


def test_a_postgres_restart_mid_solve_and_the_solve_still_succeeds(fresh):
    stack, db = fresh
    _, run = start_solve(stack, db)

    fault = time.monotonic()
    stack.pg_restart(pause_s=0.5)
    row = stack.ended(db, run, timeout_s=120)

    assert row.status == "succeeded", (row, stack.logs()[-4000:])
    assert row.attempts == 1  # the same delivery wrote its result
    print(f"postgres restart: result {time.monotonic() - fault:.1f} s after it")
    stack.audit(db)


def test_postgres_stopped_20_s_mid_solve_and_the_solve_succeeds_once_it_is_back(fresh):
    stack, db = fresh
    _, run = start_solve(stack, db)

    fault = time.monotonic()
    stack.pg_stop()
    time.sleep(20)
    stack.pg_start()
    back = time.monotonic()
    row = stack.ended(db, run, timeout_s=120)

    assert row.status == "succeeded", (row, stack.logs()[-4000:])
    waited = time.monotonic() - back
    assert time.monotonic() - fault < 120  # never stuck for more than two minutes
    print(f"postgres down 20 s: result {waited:.1f} s after it came back")
    stack.audit(db)


def test_with_redis_down_reads_answer_a_solve_start_is_503_in_words_and_runs_once_back(fresh):
    stack, db = fresh
    world = stack.scenario(db, "setup")
    # A short stale period, so the reaper's re-send shows within the test.
    stack.worker(db, RUN_STALE_S="8")
    base = stack.gunicorn(db)
    token = str(world["token"])
    plan = world["plan"]

    stack.redis_stop()
    try:
        status, body = http("GET", f"{base}/api/v1/plans/", token)
        assert status == 200, body
        status, body = http("GET", f"{base}/api/v1/plans/{plan}/", token)
        assert status == 200, body
        status, body = http("POST", f"{base}/api/v1/plans/{plan}/solve/", token)
        assert status == 503, body
        assert body == {
            "errors": [
                {
                    "field": None,
                    "message": "the job queue is unreachable; the solve will start when it is back",
                }
            ]
        }
        status, body = http("GET", f"{base}/readyz/")
        assert status == 503
        assert set(body["down"]) == {"cache", "broker"}
    finally:
        stack.redis_start()
    back = time.monotonic()
    (run,) = stack.sql(db, "SELECT id FROM rotations_solverun WHERE plan_id = %s", (plan,))
    row = stack.ended(db, run[0], timeout_s=120)
    assert row.status == "succeeded", (row, stack.logs()[-4000:])
    print(f"redis down at the start: solved {time.monotonic() - back:.1f} s after Redis was back")
    assert http("GET", f"{base}/readyz/")[0] == 200
    stack.audit(db)
