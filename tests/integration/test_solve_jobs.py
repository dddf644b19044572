"""Solve jobs in-process (no broker): one active run per plan, cancel, delivery counting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from rotations.models import Assignment, PlanStatus, RunKind, RunStatus, SolveRun
from rotations.services.assignments import assignment_decline
from rotations.services.errors import ConflictError, ServiceError
from rotations.services.jobs import replan_start, solve_cancel, solve_start
from rotations.services.plans import plan_publish
from rotations.tasks import solve_run_task
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def test_a_start_runs_the_job_in_process_once_committed(django_capture_on_commit_callbacks):
    company = small_company()
    with django_capture_on_commit_callbacks(execute=True):
        run, created = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    run.refresh_from_db()
    assert created
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1
    assert run.kind == RunKind.SOLVE
    assert run.elapsed_s is not None and run.elapsed_s > 0
    assert run.changed == 8 == company.plan.assignments.count()


def test_a_second_start_returns_the_active_run():
    company = small_company()
    run, created = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    again, created_again = solve_start(plan=company.plan, time_limit_s=5, workers=2)
    assert created and not created_again
    assert again.pk == run.pk
    assert SolveRun.objects.filter(plan=company.plan).count() == 1


def test_the_database_refuses_a_second_active_run_for_a_plan():
    company = small_company()
    SolveRun.objects.create(plan=company.plan, status=RunStatus.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolveRun.objects.create(plan=company.plan, status=RunStatus.QUEUED)
    # Ended runs do not count: any number of them.
    SolveRun.objects.create(plan=company.plan, status=RunStatus.FAILED)
    SolveRun.objects.create(plan=company.plan, status=RunStatus.CANCELLED)


def test_the_synchronous_solve_refuses_a_plan_being_solved():
    company = small_company()
    active, _ = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    with pytest.raises(ConflictError, match=f"being solved already \\(run {active.pk}\\)"):
        solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ({"time_limit_s": 0}, "time_limit_s"),
        ({"time_limit_s": 10_000}, "time_limit_s"),
        ({"workers": 0}, "workers"),
    ],
)
def test_a_start_names_the_bad_limit(limits, field):
    company = small_company()
    with pytest.raises(ServiceError) as error:
        solve_start(plan=company.plan, **limits)
    assert error.value.field == field
    assert not SolveRun.objects.exists()


def test_an_archived_plan_is_not_solved():
    company = small_company()
    company.plan.status = PlanStatus.ARCHIVED
    company.plan.save()
    with pytest.raises(ConflictError, match="archived"):
        solve_start(plan=company.plan)


def test_cancelling_a_queued_run_ends_it_at_once_and_its_job_does_nothing():
    company = small_company()
    run, _ = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)

    solve_cancel(run=run)

    assert run.status == RunStatus.CANCELLED
    assert run.finished_at is not None
    assert solve_run_task.delay(run.pk).get() == "already finished"
    assert not company.plan.assignments.exists()
    # The plan is free again.
    assert solve_start(plan=company.plan, time_limit_s=1.5, workers=1)[1]


def test_cancelling_a_running_run_asks_its_job_to_stop():
    company = small_company()
    run = SolveRun.objects.create(plan=company.plan, status=RunStatus.RUNNING, attempts=1)
    solve_cancel(run=run)
    assert run.status == RunStatus.RUNNING
    assert run.cancel_requested
    # The job (its watcher, or its final write) ends it as cancelled, writing nothing.
    run.attempts = 0
    run.save()
    assert solve_run_task.delay(run.pk).get() == "cancelled"
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert not company.plan.assignments.exists()


def test_a_finished_run_cannot_be_cancelled():
    company = small_company()
    run = solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)[0]
    with pytest.raises(ConflictError, match="succeeded already"):
        solve_cancel(run=run)


@override_settings(ROTATIONS_SOLVE_MAX_DELIVERIES=3)
def test_a_job_delivered_more_often_than_allowed_fails_instead_of_looping():
    company = small_company()
    # Three deliveries started it and none finished (each killed its worker).
    run = SolveRun.objects.create(
        plan=company.plan, status=RunStatus.RUNNING, attempts=3, time_limit_s=1.5, workers=1
    )
    company.plan.status = PlanStatus.SOLVING
    company.plan.save()

    assert solve_run_task.delay(run.pk).get() == "failed"

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.attempts == 4
    assert "gave up after 3 deliveries" in run.error
    company.plan.refresh_from_db()
    assert company.plan.status == PlanStatus.DRAFT
    assert solve_run_task.delay(run.pk).get() == "already finished"


def test_a_redelivered_job_starts_afresh_and_counts_the_delivery():
    company = small_company()
    # A first delivery got as far as progress, then its worker died.
    run = SolveRun.objects.create(
        plan=company.plan,
        status=RunStatus.RUNNING,
        attempts=1,
        time_limit_s=1.5,
        workers=1,
        objective=1,
        progress=[[1, 2, 0.5]],
    )
    assert solve_run_task.delay(run.pk).get() == "succeeded"
    run.refresh_from_db()
    assert run.attempts == 2
    assert run.objective is not None and run.objective > 1
    assert run.progress[0][0] != 1


def test_a_replan_keeps_the_plan_as_it_was_when_nothing_needs_to_move():
    company = small_company()
    solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    before = set(Assignment.objects.values_list("shadower_id", "slot_id"))
    run, _ = replan_start(plan=company.plan, reason="test")
    assert solve_run_task.delay(run.pk).get() == "succeeded"
    run.refresh_from_db()
    assert run.kind == RunKind.REPLAN
    assert run.changed == 0
    assert set(Assignment.objects.values_list("shadower_id", "slot_id")) == before


def test_a_decline_during_a_solve_is_re_planned_after_it():
    company = small_company()
    solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    plan_publish(plan=company.plan)
    # A solve is under way (started a minute ago) when a host declines.
    run, _ = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    SolveRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        attempts=0,
        started_at=timezone.now() - dt.timedelta(minutes=1),
    )
    declined = company.plan.assignments.order_by("pk")[0]
    during = assignment_decline(assignment=declined, by=None, reason="ill")
    assert during is not None and during.pk == run.pk

    assert solve_run_task.delay(run.pk).get() in ("succeeded", "failed")

    follow_up = company.plan.runs.get(status=RunStatus.QUEUED)
    assert follow_up.kind == RunKind.REPLAN
    assert f"1 decline(s) during run {run.pk}" in follow_up.reason


def test_a_solve_waited_for_runs_the_job_here_and_returns_the_finished_run():
    company = small_company()
    run, created = solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    assert created
    assert run.status == RunStatus.SUCCEEDED
    assert run.attempts == 1
    assert company.plan.status == PlanStatus.SOLVED


def test_a_solve_waited_for_keeps_the_limits_the_queued_one_has():
    company = small_company()
    with pytest.raises(ServiceError) as refused:
        solve_start(plan=company.plan, time_limit_s=10_000, wait=True)
    assert refused.value.field == "time_limit_s"
    assert not SolveRun.objects.exists()
