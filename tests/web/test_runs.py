"""HR: Solve starts a job, the progress endpoint reports it, Cancel stops it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from rotations.models import PlanStatus, RunStatus, SolveRun
from tests.factories import SolveRunFactory
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def test_solve_runs_the_job_and_the_page_shows_the_outcome(
    hr_client: Client, django_capture_on_commit_callbacks
) -> None:
    company = small_company(shadowers=4, weeks=3)
    with django_capture_on_commit_callbacks(execute=True):  # in-process job (no broker)
        response = hr_client.post(f"/plans/{company.plan.pk}/solve/", {"time_limit_s": "2"})
    assert response["Location"] == f"/plans/{company.plan.pk}/"
    run = SolveRun.objects.get(plan=company.plan)
    assert run.status == RunStatus.SUCCEEDED
    assert run.time_limit_s == 2
    company.plan.refresh_from_db()
    assert company.plan.status == PlanStatus.SOLVED
    page = hr_client.get(response["Location"]).content.decode()
    assert 'id="latest-run-status">Succeeded' in page
    assert "Sessions placed: <strong>8</strong> of 8 required" in page


def test_a_running_solve_shows_the_progress_bar_and_cancel(hr_client: Client) -> None:
    company = small_company(shadowers=2, weeks=2)
    run = SolveRunFactory.create(
        plan=company.plan,
        status=RunStatus.RUNNING,
        time_limit_s=10,
        started_at=timezone.now() - dt.timedelta(seconds=4),
        progress=[[100, 200, 1.0], [150, 180, 3.5]],
    )
    page = hr_client.get(f"/plans/{company.plan.pk}/").content.decode()
    assert f'data-status-url="/runs/{run.pk}/status/"' in page
    assert '<progress id="run-progress" max="1" value="0.4' in page
    assert 'id="run-objective">150<' in page
    assert f'action="/runs/{run.pk}/cancel/"' in page
    # Without JavaScript a link, not a timed reload that would take keyboard focus away.
    assert 'http-equiv="refresh"' not in page
    assert f'<a href="/plans/{company.plan.pk}/">check the progress</a>' in page
    assert "web/run.js" in page
    assert 'id="solve"' not in page


def test_the_status_endpoint_reports_progress(hr_client: Client) -> None:
    company = small_company(shadowers=2, weeks=2)
    run = SolveRunFactory.create(
        plan=company.plan,
        status=RunStatus.RUNNING,
        time_limit_s=10,
        started_at=timezone.now() - dt.timedelta(seconds=5),
        progress=[[150, 200, 3.0]],
    )
    response = hr_client.get(f"/runs/{run.pk}/status/")
    assert "no-cache" in response["Cache-Control"]
    state = response.json()
    assert state["status"] == "running"
    assert state["finished"] is False
    assert state["objective"] == 150
    assert state["gap"] == 0.25
    assert 5 <= state["elapsed_s"] < 60
    assert 0.5 <= state["fraction"] < 1
    run.status = RunStatus.SUCCEEDED
    assert run.started_at is not None
    run.finished_at = run.started_at + dt.timedelta(seconds=6)
    run.save()
    state = hr_client.get(f"/runs/{run.pk}/status/").json()
    assert (state["finished"], state["fraction"], state["elapsed_s"]) == (True, 1.0, 6.0)


def test_the_status_endpoint_is_for_hr_only(published, rep_client: Client) -> None:
    run = SolveRunFactory.create(plan=published.plan)
    assert rep_client.get(f"/runs/{run.pk}/status/").status_code == 403


def test_cancel_ends_a_queued_run(hr_client: Client) -> None:
    company = small_company(shadowers=2, weeks=2)
    run = SolveRunFactory.create(plan=company.plan, status=RunStatus.QUEUED)
    response = hr_client.post(f"/runs/{run.pk}/cancel/")
    assert response["Location"] == f"/plans/{company.plan.pk}/"
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_cancel_asks_a_running_run_to_stop(hr_client: Client) -> None:
    company = small_company(shadowers=2, weeks=2)
    run = SolveRunFactory.create(
        plan=company.plan, status=RunStatus.RUNNING, started_at=timezone.now()
    )
    state = hr_client.post(f"/runs/{run.pk}/cancel/", headers={"accept": "application/json"})
    assert state.json()["cancel_requested"] is True
    assert "(cancelling)" in hr_client.get(f"/plans/{company.plan.pk}/").content.decode()


def test_a_bad_time_limit_is_refused_with_the_field_named(hr_client: Client) -> None:
    company = small_company(shadowers=2, weeks=2)
    hr_client.post(f"/plans/{company.plan.pk}/solve/", {"time_limit_s": "0"})
    hr_client.post(f"/plans/{company.plan.pk}/solve/", {"time_limit_s": "100000"})
    assert not SolveRun.objects.exists()
    page = hr_client.get(f"/plans/{company.plan.pk}/").content.decode()
    assert "Time limit (seconds): Ensure this value is greater than or equal to 1." in page
    assert "at most 600 seconds" in page
