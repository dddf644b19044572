"""Solve, poll, cancel, publish, confirm, decline, summary; edits carry the version as ETag."""

from __future__ import annotations

import dataclasses

import pytest

from rotations.models import Assignment, AssignmentStatus, PlanStatus, RunStatus, SolveRun
from rotations.selectors.summary import plan_summary
from tests.api.conftest import World, client_for, error_fields, make_user
from tests.factories import SolveRunFactory
from tests.integration.company import small_company


def test_a_plan_read_carries_its_version_as_etag(world: World):
    response = world.client("hr").get(f"/api/v1/plans/{world.plan.pk}/")
    assert response["ETag"] == f'"{world.plan.version}"'


@pytest.mark.parametrize("kind", ["plan", "assignment"])
def test_an_edit_without_if_match_is_428_and_a_stale_one_412(world: World, kind):
    hr = world.client("hr")
    obj = world.plan if kind == "plan" else world.assignment
    url = f"/api/v1/{kind}s/{obj.pk}/"
    body: dict[str, object] = {"name": "X"} if kind == "plan" else {"pinned": True}

    missing = hr.patch(url, body)
    assert missing.status_code == 428 and error_fields(missing)
    first = hr.patch(url, body, HTTP_IF_MATCH=hr.get(url)["ETag"])
    assert first.status_code == 200
    assert first["ETag"] == f'"{obj.version + 1}"'
    # A second writer who read before the first edit loses, and nothing changes.
    stale = hr.patch(
        url,
        {"name": "Y"} if kind == "plan" else {"pinned": False},
        HTTP_IF_MATCH=f'"{obj.version}"',
    )
    assert stale.status_code == 412 and error_fields(stale) == ["version"]
    garbage = hr.patch(url, body, HTTP_IF_MATCH="yesterday")
    assert garbage.status_code == 412
    obj.refresh_from_db()
    assert obj.version == 2


@pytest.fixture
def hr(db):
    return client_for(make_user("hr", "hr"))


def test_solving_answers_202_with_the_run_to_poll(hr, django_capture_on_commit_callbacks):
    company = small_company(shadowers=2, weeks=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            f"/api/v1/plans/{company.plan.pk}/solve/", {"time_limit_s": 1, "workers": 1}
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["created"] is True and response["Location"] == body["url"]
    run = hr.get(body["url"])
    assert run.status_code == 200
    facts = run.json()
    assert facts["status"] == RunStatus.SUCCEEDED, facts
    assert facts["gap"] is not None and isinstance(facts["progress"], list)
    company.plan.refresh_from_db()
    assert company.plan.status == PlanStatus.SOLVED
    assert company.plan.assignments.count() == 4


def test_solve_time_limit_is_bounded(world: World):
    response = world.client("hr").post(f"/api/v1/plans/{world.plan.pk}/solve/", {"time_limit_s": 0})
    assert response.status_code == 400 and error_fields(response) == ["time_limit_s"]
    assert not SolveRun.objects.exists()


def test_a_second_solve_while_one_is_queued_answers_that_run(world: World):
    queued = SolveRunFactory.create(plan=world.plan, status=RunStatus.QUEUED)
    response = world.client("hr").post(f"/api/v1/plans/{world.plan.pk}/solve/", {})
    assert response.status_code == 202
    assert (response.json()["id"], response.json()["created"]) == (queued.pk, False)


def test_cancelling_a_queued_run_ends_it_and_a_finished_one_is_a_conflict(world: World):
    hr = world.client("hr")
    queued = SolveRunFactory.create(plan=world.plan, status=RunStatus.QUEUED)
    response = hr.post(f"/api/v1/runs/{queued.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    done = SolveRunFactory.create(plan=world.plan, status=RunStatus.SUCCEEDED)
    assert hr.post(f"/api/v1/runs/{done.pk}/cancel/").status_code == 409


def test_only_a_solved_plan_is_published(world: World):
    hr = world.client("hr")
    world.plan.status = PlanStatus.DRAFT
    world.plan.published_at = None
    world.plan.save()
    draft = hr.post(f"/api/v1/plans/{world.plan.pk}/publish/")
    assert draft.status_code == 409 and error_fields(draft) == ["status"]
    world.plan.status = PlanStatus.SOLVED
    world.plan.save()
    stale = hr.post(f"/api/v1/plans/{world.plan.pk}/publish/", HTTP_IF_MATCH='"7"')
    assert stale.status_code == 412
    published = hr.post(f"/api/v1/plans/{world.plan.pk}/publish/", {"confirm": True}, format="json")
    assert published.status_code == 200
    assert published.json()["status"] == "published" and published.json()["published_at"]


def test_a_plan_whose_review_has_warnings_is_published_only_with_confirm(world: World):
    hr = world.client("hr")
    world.plan.status = PlanStatus.SOLVED
    world.plan.published_at = None
    world.plan.save()
    warnings = hr.get(f"/api/v1/plans/{world.plan.pk}/review/").json()["warnings"]
    assert warnings

    refused = hr.post(f"/api/v1/plans/{world.plan.pk}/publish/")
    assert refused.status_code == 400 and error_fields(refused) == ["confirm"]
    assert warnings[0] in refused.json()["errors"][0]["message"]
    world.plan.refresh_from_db()
    assert world.plan.published_at is None
    unconfirmed = hr.post(
        f"/api/v1/plans/{world.plan.pk}/publish/", {"confirm": False}, format="json"
    )
    assert unconfirmed.status_code == 400 and error_fields(unconfirmed) == ["confirm"]

    published = hr.post(f"/api/v1/plans/{world.plan.pk}/publish/", {"confirm": True}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_the_host_confirms_once(world: World):
    rep = world.client("rep")
    url = f"/api/v1/assignments/{world.assignment.pk}/confirm/"
    stale = rep.post(url, HTTP_IF_MATCH='"5"')
    assert stale.status_code == 412
    first = rep.post(url, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200
    assert (first.json()["status"], first.json()["version"]) == ("confirmed", 2)
    again = rep.post(url)
    assert again.status_code == 409 and error_fields(again) == ["status"]


def test_a_rep_who_shadows_cannot_confirm_their_own_shadowing(world: World):
    """Both roles: sees the assignment as its shadower, but only the host confirms."""
    user = make_user("both", "rep", "employee", employee=world.shadower)
    response = client_for(user).post(f"/api/v1/assignments/{world.confirmed.pk}/confirm/")
    assert response.status_code == 403


def test_declining_needs_a_reason_and_starts_a_replan(world: World):
    rep = world.client("rep")
    url = f"/api/v1/assignments/{world.assignment.pk}/decline/"
    no_reason = rep.post(url, {})
    assert no_reason.status_code == 400 and error_fields(no_reason) == ["reason"]
    response = rep.post(url, {"reason": "customer cancelled the visit"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == AssignmentStatus.DECLINED
    assert body["decline_reason"] == "customer cancelled the visit"
    run = SolveRun.objects.get(plan=world.plan)
    assert body["replan"].endswith(f"/api/v1/runs/{run.pk}/")
    assert Assignment.objects.get(pk=world.assignment.pk).status == AssignmentStatus.DECLINED


def test_the_summary_has_the_demo_figures(hr, django_capture_on_commit_callbacks):
    company = small_company(shadowers=2, weeks=2)
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/api/v1/plans/{company.plan.pk}/solve/", {"time_limit_s": 1, "workers": 1})
    body = hr.get(f"/api/v1/plans/{company.plan.pk}/summary/").json()
    expected = plan_summary(plan=company.plan)
    assert body["sessions_placed"] == expected.sessions_placed
    assert body["sessions_required"] == expected.sessions_required
    assert body["coverage"] == expected.sessions_placed / expected.sessions_required
    assert body["shortfall"] == [dataclasses.asdict(s) for s in expected.shortfall]
    assert [h["sessions"] for h in body["busiest_hosts"]] == [
        h.sessions for h in expected.busiest_hosts
    ]
    assert [(d["department"], d["placed"], d["share"]) for d in body["departments"]] == [
        (d.department, d.placed, d.share) for d in expected.departments
    ]
    assert body["last_run"]["status"] == "succeeded"
