"""Reps: their hosting sessions, Confirm, and Decline with a reason."""

from __future__ import annotations

import pytest
from django.test import Client

from rotations.models import AssignmentStatus, RunKind
from tests.factories import AssignmentFactory, HostingSlotFactory, RepFactory
from tests.web.conftest import Published

pytestmark = pytest.mark.django_db


def test_a_rep_sees_the_sessions_they_host(published: Published, rep_client: Client) -> None:
    page = rep_client.get("/hosting/").content.decode()
    assert "Sam Shadow" in page
    assert f'action="/hosting/{published.upcoming.pk}/confirm/"' in page
    assert f'<label for="reason-{published.upcoming.pk}">' in page
    # The past, confirmed session has no buttons.
    assert f"/hosting/{published.past.pk}/confirm/" not in page


def test_a_rep_does_not_see_draft_plans_or_other_reps_sessions(
    published: Published, rep_client: Client
) -> None:
    other = AssignmentFactory.create(
        plan=published.plan, slot=HostingSlotFactory.create(host=RepFactory.create())
    )
    draft = AssignmentFactory.create(slot=HostingSlotFactory.create(host=published.rep))
    page = rep_client.get("/hosting/").content.decode()
    assert f"assignment-{other.pk}" not in page
    assert f"assignment-{draft.pk}" not in page


def test_confirm_confirms(published: Published, rep_client: Client) -> None:
    response = rep_client.post(
        f"/hosting/{published.upcoming.pk}/confirm/", {"version": published.upcoming.version}
    )
    assert response["Location"] == "/hosting/"
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.CONFIRMED
    assert "Confirmed: Sam Shadow" in rep_client.get("/hosting/").content.decode()


def test_confirm_with_an_old_version_is_refused(published: Published, rep_client: Client) -> None:
    rep_client.post(f"/hosting/{published.upcoming.pk}/confirm/", {"version": 99})
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED
    assert "Not confirmed" in rep_client.get("/hosting/").content.decode()


def test_another_reps_assignment_is_404(published: Published, rep_client: Client) -> None:
    other = AssignmentFactory.create(
        plan=published.plan, slot=HostingSlotFactory.create(host=RepFactory.create())
    )
    assert rep_client.post(f"/hosting/{other.pk}/confirm/", {"version": 1}).status_code == 404
    assert rep_client.post(f"/hosting/{other.pk}/decline/", {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == AssignmentStatus.PROPOSED


def test_decline_needs_a_reason(published: Published, rep_client: Client) -> None:
    rep_client.post(f"/hosting/{published.upcoming.pk}/decline/", {"reason": "  "})
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED
    assert "say why" in rep_client.get("/hosting/").content.decode()


def test_decline_records_the_reason_and_starts_a_replan(
    published: Published, rep_client: Client, django_capture_on_commit_callbacks
) -> None:
    response = rep_client.post(
        f"/hosting/{published.upcoming.pk}/decline/",
        {"reason": "Customer cancelled", "version": published.upcoming.version},
    )
    assert response["Location"] == "/hosting/"
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.DECLINED
    assert published.upcoming.decline_reason == "Customer cancelled"
    assert published.plan.runs.filter(kind=RunKind.REPLAN).count() == 1


def test_employees_cannot_use_the_hosting_page(employee_client: Client) -> None:
    assert employee_client.get("/hosting/").status_code == 403
