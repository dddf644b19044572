"""One-click links from e-mails: a GET changes nothing, the POST acts once; tampered 400,
expired, used, or for a session that moved or was cancelled 410 (saying which). A re-solve
that leaves the assignment alone keeps its links."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from django.db.models import F
from django.test import Client, override_settings

from rotations.links import (
    action_claim_read,
    assignment_action_path,
    assignment_action_url,
    slot_state,
)
from rotations.models import Assignment, AssignmentStatus, RunKind, RunStatus, SolveRun
from tests.factories import DETROIT, SolveRunFactory
from tests.web.conftest import Published

pytestmark = pytest.mark.django_db


def test_the_link_names_the_assignment_the_action_and_what_it_was(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    claim = action_claim_read(token=url.rstrip("/").rsplit("/", 1)[1])
    assert claim.assignment_id == published.upcoming.pk
    assert claim.action == "confirm"
    assert claim.version == published.upcoming.version
    assert claim.session == slot_state(published.upcoming_slot)


def test_a_get_shows_the_question_and_changes_nothing(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    response = Client().get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Confirm Sam Shadow?" in page
    assert 'method="post"' in page
    assert "csrfmiddlewaretoken" in page
    assert "Times are shown in America/Detroit." in page  # the host's site, not signed in
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED


def test_the_post_confirms_once_and_the_second_gets_410(published: Published) -> None:
    client = Client(enforce_csrf_checks=True)
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    token = client.get(url).cookies["csrftoken"].value
    first = client.post(url, {"csrfmiddlewaretoken": token})
    assert first.status_code == 200
    assert "Confirmed: Sam Shadow shadows you." in first.content.decode()
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.CONFIRMED
    second = client.post(url, {"csrfmiddlewaretoken": token})
    assert second.status_code == 410
    assert "already used" in second.content.decode()
    assert client.get(url).status_code == 410


def test_the_post_needs_the_csrf_token(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED


@pytest.mark.parametrize("change", ["flip", "cut", "garbage"])
def test_a_tampered_link_is_400(published: Published, change: str) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    token = url.rstrip("/").rsplit("/", 1)[1]
    if change == "flip":
        token = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    elif change == "cut":
        token = token[:-6]
    else:
        token = "bm90IGEgdG9rZW4:1abc:xyz"
    client = Client()
    assert client.get(f"/a/{token}/").status_code == 400
    assert client.post(f"/a/{token}/").status_code == 400
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED


def test_a_link_for_another_assignment_cannot_be_forged_from_one(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    token = url.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    claim = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claim["a"] = published.past.pk
    forged = base64.urlsafe_b64encode(json.dumps(claim).encode()).decode().rstrip("=")
    assert Client().get(f"/a/{forged}:{rest}/").status_code == 400


@override_settings(WEB_ACTION_LINK_MAX_AGE_S=-1)
def test_an_expired_link_is_410(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    response = Client().post(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_the_link_survives_a_new_solve_that_leaves_the_assignment_alone(
    published: Published,
) -> None:
    SolveRunFactory.create(plan=published.plan, status=RunStatus.SUCCEEDED)
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    SolveRun.objects.create(plan=published.plan, status=RunStatus.SUCCEEDED, kind=RunKind.REPLAN)
    assert Client().get(url).status_code == 200
    response = Client().post(url)
    assert response.status_code == 200
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.CONFIRMED


def test_a_link_to_a_session_that_moved_is_410_and_says_where_it_went(
    published: Published,
) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    slot = published.upcoming_slot
    slot.start += dt.timedelta(days=1)
    slot.end += dt.timedelta(days=1)
    slot.save()
    response = Client().post(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This session moved: it is now on" in page
    assert slot.start.astimezone(DETROIT).strftime("%a %d %b %Y %H:%M") in page
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED
    fresh = assignment_action_path(assignment=published.upcoming, action="confirm")
    assert Client().post(fresh).status_code == 200


def test_a_link_to_a_cancelled_session_is_410_and_says_so(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    Assignment.objects.filter(pk=published.upcoming.pk).update(
        status=AssignmentStatus.CANCELLED, version=F("version") + 1
    )
    response = Client().get(url)
    assert response.status_code == 410
    assert "This session was cancelled when the plan changed" in response.content.decode()


def test_a_failed_solve_does_not_kill_the_link(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    SolveRunFactory.create(plan=published.plan, status=RunStatus.FAILED)
    assert Client().get(url).status_code == 200


def test_a_decline_link_asks_for_a_reason_and_declines(
    published: Published, django_capture_on_commit_callbacks
) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="decline")
    client = Client()
    page = client.get(url).content.decode()
    assert "Why can&#x27;t you host this session?" in page
    assert client.post(url, {"reason": ""}).status_code == 400
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.PROPOSED
    response = client.post(url, {"reason": "On the road that week"})
    assert response.status_code == 200
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == AssignmentStatus.DECLINED
    assert published.upcoming.decline_reason == "On the road that week"
    assert client.post(url, {"reason": "again"}).status_code == 410


def test_a_link_to_a_session_removed_from_the_plan_is_410(published: Published) -> None:
    url = assignment_action_path(assignment=published.upcoming, action="confirm")
    published.upcoming.delete()
    assert Client().get(url).status_code == 410


@override_settings(WEB_BASE_URL="https://rotations.example.com")
def test_the_emailed_link_is_absolute(published: Published) -> None:
    url = assignment_action_url(assignment=published.upcoming, action="decline")
    assert url.startswith("https://rotations.example.com/a/")
    token = url.removeprefix("https://rotations.example.com/a/").rstrip("/")
    assert action_claim_read(token=token).action == "decline"


def test_an_unknown_action_is_refused(published: Published) -> None:
    with pytest.raises(ValueError, match="unknown action"):
        assignment_action_path(assignment=published.upcoming, action="delete")  # type: ignore[arg-type]
