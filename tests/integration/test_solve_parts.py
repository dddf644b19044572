"""Runs solved in parts, in this process (solve_start(wait=True), eager Celery): the same
part jobs and master step the queued path runs, one after another."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from optimizer import Pair, parse_problem, parse_solution
from optimizer.check import check_solution
from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    PartStatus,
    RunPartition,
    RunStatus,
    SolvePart,
    SolveRun,
)
from rotations.reports import format_summary
from rotations.selectors.problem import plan_problem
from rotations.selectors.summary import plan_summary
from rotations.services.jobs import solve_runs_reap, solve_start
from rotations.services.parts import solve_master_execute, solve_part_execute
from rotations.services.solving import solve_run_execute
from tests.e2e.busy import busy_plan
from tests.web.people import hr_make

SITES = ("DET", "CHI", "NYC")


def sites_plan():
    return busy_plan(seed=5, sites=SITES, shadowers=45, hosts=12, name="Sites")


def assert_checked_plan(run: SolveRun) -> None:
    """The plan's live assignments, read back from the database, pass the checker on the
    plan's whole problem, and are the run's solution."""
    pairs = set(
        Assignment.objects.filter(plan=run.plan, status__in=LIVE_STATUSES).values_list(
            "shadower__employee_id", "slot_id"
        )
    )
    assert pairs
    solution = parse_solution(run.solution)
    assert {(p.shadower, int(p.slot)) for p in solution.assignments} == pairs
    problem = parse_problem(plan_problem(plan=run.plan))
    stored = tuple(sorted(Pair(shadower, str(slot)) for shadower, slot in pairs))
    assert (
        check_solution(problem, dataclasses.replace(solution, assignments=stored)).violations == []
    )


@pytest.mark.django_db(transaction=True)
def test_a_plan_solved_in_parts_in_process_gives_a_checked_plan():
    plan = sites_plan()
    run, created = solve_start(
        plan=plan, time_limit_s=1, workers=1, wait=True, partition=RunPartition.ALWAYS
    )
    assert created
    assert run.status == RunStatus.SUCCEEDED, run.error
    parts = list(SolvePart.objects.filter(run=run))
    assert [p.name for p in parts] == sorted(SITES)
    assert all(p.status == PartStatus.DONE and p.attempts == 1 for p in parts)
    assert "parts" in run.stats  # the merge's own figures
    assert run.master_queued_at is not None
    # A point as each part finished, then the master step's own.
    assert len(run.progress) >= len(SITES)
    assert_checked_plan(run)
    assert f"in {len(SITES)} parts" in format_summary(plan_summary(plan=run.plan), plan_key="Sites")
    client = Client()
    client.force_login(hr_make())
    page = client.get(f"/plans/{run.plan.pk}/").content.decode()
    assert f'id="solved-in-parts">(in {len(SITES)} parts)' in page


@pytest.mark.django_db(transaction=True)
def test_eager_celery_solves_the_parts_too_and_never_never_splits():
    plan = sites_plan()
    run, _ = solve_start(plan=plan, time_limit_s=1, workers=1, partition=RunPartition.ALWAYS)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.parts.count() == len(SITES)
    assert_checked_plan(run)

    again, _ = solve_start(plan=plan, time_limit_s=1, workers=1, partition=RunPartition.NEVER)
    again.refresh_from_db()
    assert again.status == RunStatus.SUCCEEDED, again.error
    assert again.parts.count() == 0 and again.problem is None


@pytest.mark.django_db(transaction=True)
@override_settings(ROTATIONS_SOLVE_MAX_DELIVERIES=2)
def test_the_master_step_runs_once_whatever_the_redeliveries_and_a_lost_part_ends_the_run():
    plan = sites_plan()
    run = SolveRun.objects.create(
        plan=plan, time_limit_s=1, workers=1, partition=RunPartition.ALWAYS
    )
    assert solve_run_execute(run_id=run.pk, in_process=True) == "split"
    # A second delivery of the run's job does not split again.
    assert solve_run_execute(run_id=run.pk, in_process=True) == "split already"
    first, second, third = SolvePart.objects.filter(run=run)
    assert solve_master_execute(run_id=run.pk) == "parts under way"
    assert solve_part_execute(part_id=first.pk, queue_master=False) == "done"
    assert solve_part_execute(part_id=first.pk, queue_master=False) == "already finished"
    assert solve_part_execute(part_id=second.pk, queue_master=False) == "done"
    # The third part's worker dies twice mid-part (each delivery counted, none finished).
    SolvePart.objects.filter(pk=third.pk).update(status=PartStatus.RUNNING, attempts=2)
    assert solve_part_execute(part_id=third.pk, queue_master=False) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert 'part 3 "NYC" gave up after 2 deliveries' in run.error
    assert run.master_queued_at is None
    assert solve_master_execute(run_id=run.pk) == "already finished"
    assert not Assignment.objects.filter(plan=plan).exists()  # the plan as it was


@pytest.mark.django_db
@override_settings(ROTATIONS_RUN_STALE_S=120)
def test_the_reaper_sends_a_silent_part_again_and_the_run_then_completes(
    django_capture_on_commit_callbacks,
):
    plan = sites_plan()
    run = SolveRun.objects.create(
        plan=plan, time_limit_s=1, workers=1, partition=RunPartition.ALWAYS
    )
    assert solve_run_execute(run_id=run.pk, in_process=True) == "split"
    first, second, third = SolvePart.objects.filter(run=run)
    assert solve_part_execute(part_id=first.pk, queue_master=False) == "done"
    assert solve_part_execute(part_id=second.pk, queue_master=False) == "done"
    # The third part's worker died a while ago: running, silent, its message gone.
    now = timezone.now()
    SolvePart.objects.filter(pk=third.pk).update(
        status=PartStatus.RUNNING, attempts=1, heartbeat_at=now - dt.timedelta(seconds=60)
    )
    SolveRun.objects.filter(pk=run.pk).update(heartbeat_at=now - dt.timedelta(minutes=5))
    assert solve_runs_reap(now=now) == 0  # a minute of silence is not yet lost

    with django_capture_on_commit_callbacks(execute=True):
        assert solve_runs_reap(now=now + dt.timedelta(seconds=61)) == 1
    # No broker here: the part's job ran again in-process, then the master step it queued.
    third.refresh_from_db()
    assert third.status == PartStatus.DONE and third.attempts == 2
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert_checked_plan(run)


@pytest.mark.django_db(transaction=True)
def test_while_in_parts_the_run_shows_the_parts_done_and_their_sums():
    from api.serializers import RunSerializer
    from web.runs import run_state

    run = SolveRun.objects.create(
        plan=sites_plan(), time_limit_s=1, workers=1, partition=RunPartition.ALWAYS
    )
    assert solve_run_execute(run_id=run.pk, in_process=True) == "split"
    first = SolvePart.objects.filter(run=run).first()
    assert first is not None
    assert solve_part_execute(part_id=first.pk, queue_master=False) == "done"

    run.refresh_from_db()
    first.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.stats["parts"] == {"total": 3, "done": 1, "running": 0}
    assert (run.objective, run.bound) == (first.objective, first.bound)
    assert run_state(run)["parts"] == "parts 1/3 done"
    assert run_state(run)["fraction"] == pytest.approx(1 / 3, abs=0.001)
    assert RunSerializer(run).data["parts"] == {"total": 3, "done": 1, "running": 0}


@pytest.mark.django_db
@override_settings(ROTATIONS_RUN_STALE_S=120)
def test_the_reaper_sends_a_silent_master_step_again(django_capture_on_commit_callbacks):
    plan = sites_plan()
    run = SolveRun.objects.create(
        plan=plan, time_limit_s=1, workers=1, partition=RunPartition.ALWAYS
    )
    assert solve_run_execute(run_id=run.pk, in_process=True) == "split"
    for part in SolvePart.objects.filter(run=run):
        solve_part_execute(part_id=part.pk, queue_master=False)
    run.refresh_from_db()
    assert run.master_queued_at is not None and run.status == RunStatus.RUNNING
    # Its master step's message was lost (with Redis, say): the run has been silent since.
    now = timezone.now()
    SolveRun.objects.filter(pk=run.pk).update(heartbeat_at=now - dt.timedelta(minutes=3))

    with django_capture_on_commit_callbacks(execute=True):
        assert solve_runs_reap(now=now) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1
    assert_checked_plan(run)


@pytest.mark.django_db(transaction=True)
def test_the_admin_shows_a_runs_parts_and_not_its_problem(admin_client):
    plan = sites_plan()
    run, _ = solve_start(
        plan=plan, time_limit_s=1, workers=1, wait=True, partition=RunPartition.ALWAYS
    )
    page = admin_client.get(f"/admin/rotations/solverun/{run.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(f">{name}<" in text for name in SITES)
    assert 'name="problem"' not in text
