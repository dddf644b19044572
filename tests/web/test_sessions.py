"""Employees: upcoming and past sessions, what to expect, feedback, and their own time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from rotations.models import Feedback
from tests.factories import AssignmentFactory, EmployeeFactory, HostingSlotFactory, SiteFactory
from tests.web.conftest import Published
from tests.web.people import employee_make
from web.middleware import ViewerTimezoneMiddleware

pytestmark = pytest.mark.django_db


def test_an_employee_sees_upcoming_and_past_sessions(
    published: Published, employee_client: Client
) -> None:
    page = employee_client.get("/sessions/").content.decode()
    upcoming, past = page.split("<h2>Past</h2>")
    assert f"session-{published.upcoming.pk}" in upcoming
    assert "Ride-along with Rita Rep" in upcoming
    assert "What to expect:" in upcoming
    assert "closed shoes" in upcoming
    assert f"session-{published.past.pk}" in past
    assert f"/assignments/{published.past.pk}/feedback/" in past
    assert '<a href="/sessions/" aria-current="page">My sessions</a>' in upcoming


def test_sessions_show_in_the_viewers_site_timezone(published: Published) -> None:
    denver = SiteFactory.create(name="Denver", timezone="America/Denver")
    person = EmployeeFactory.create(site=denver, name="Dana Denver")
    start = dt.datetime(2030, 1, 8, 16, 0, tzinfo=dt.UTC)
    AssignmentFactory.create(
        plan=published.plan,
        shadower=person,
        slot=HostingSlotFactory.create(host=published.rep, start=start, remote=True),
    )
    client = Client()
    client.force_login(employee_make(person))
    page = client.get("/sessions/").content.decode()
    assert "Tue 8 Jan 2030, 09:00" in page  # 16:00 UTC is 09:00 MST
    assert "Times are shown in America/Denver." in page


def test_feedback_is_given_once_after_the_session(
    published: Published, employee_client: Client
) -> None:
    url = f"/assignments/{published.past.pk}/feedback/"
    form = employee_client.get(url).content.decode()
    assert "<legend>How useful was the session?</legend>" in form
    assert '<label for="id_learned">What I learned</label>' in form
    response = employee_client.post(
        url, {"rating": "5", "learned": "How quotes work", "change": "Longer sessions"}
    )
    assert response["Location"] == "/sessions/"
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.learned, feedback.change) == (
        5,
        "How quotes work",
        "Longer sessions",
    )
    assert feedback.author == published.shadower
    assert "Feedback given" in employee_client.get("/sessions/").content.decode()
    assert employee_client.get(url)["Location"] == "/sessions/"


def test_feedback_needs_a_rating(published: Published, employee_client: Client) -> None:
    response = employee_client.post(f"/assignments/{published.past.pk}/feedback/", {"rating": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_waits_for_the_session_to_end(
    published: Published, employee_client: Client
) -> None:
    response = employee_client.post(
        f"/assignments/{published.upcoming.pk}/feedback/", {"rating": "4"}
    )
    assert response["Location"] == "/sessions/"
    assert not Feedback.objects.exists()


def test_someone_elses_session_is_404(published: Published) -> None:
    other = EmployeeFactory.create()
    client = Client()
    client.force_login(employee_make(other))
    assert client.get(f"/assignments/{published.past.pk}/feedback/").status_code == 404
    assert client.get(f"/assignments/{published.past.pk}/").status_code == 404


def test_the_session_page_is_for_the_shadower_the_host_and_hr(
    published: Published, employee_client: Client, rep_client: Client, hr_client: Client
) -> None:
    url = f"/assignments/{published.upcoming.pk}/"
    assert "closed shoes" in employee_client.get(url).content.decode()
    assert "Confirm or decline" in rep_client.get(url).content.decode()
    assert hr_client.get(url).status_code == 200


def test_the_slot_page_is_for_its_host_and_hr(
    published: Published, rep_client: Client, employee_client: Client, hr_client: Client
) -> None:
    url = f"/slots/{published.upcoming_slot.pk}/"
    assert "Sam Shadow" in rep_client.get(url).content.decode()
    assert hr_client.get(url).status_code == 200
    assert employee_client.get(url).status_code == 404


def test_draft_plans_stay_hidden_from_employees(
    published: Published, employee_client: Client
) -> None:
    draft = AssignmentFactory.create(
        shadower=published.shadower,
        slot=HostingSlotFactory.create(
            host=published.rep, start=timezone.now() + dt.timedelta(days=3)
        ),
    )
    assert f"session-{draft.pk}" not in employee_client.get("/sessions/").content.decode()
    assert employee_client.get(f"/assignments/{draft.pk}/").status_code == 404


def test_the_viewer_zone_applies_to_these_pages_only(published: Published) -> None:
    denver = SiteFactory.create(name="Denver", timezone="America/Denver")
    published.shadower.site = denver
    published.shadower.save()
    seen: dict[str, str] = {}

    def view(request):
        middleware.process_view(request, view, (), {})
        seen[request.path] = timezone.get_current_timezone_name()
        return HttpResponse()

    middleware = ViewerTimezoneMiddleware(view)
    for path in ("/sessions/", "/healthz/", "/cal/unknown-token.ics"):
        request = RequestFactory().get(path)
        request.user = published.shadower_user
        request.resolver_match = resolve(path)
        middleware(request)
    assert seen == {
        "/sessions/": "America/Denver",
        "/healthz/": "UTC",
        "/cal/unknown-token.ics": "UTC",
    }
    assert timezone.get_current_timezone_name() == "UTC"
