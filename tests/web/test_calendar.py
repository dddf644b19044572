"""Subscribe links (https and webcal): Post/Redirect/Get, shown once by a one-time flash;
a reload neither shows them again nor issues a new token; reset asks first. The same for
HR's feed of a whole plan."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from calendars.models import FeedToken
from calendars.tokens import feed_token_active, feed_token_lookup, plan_feed_token_active
from tests.web.conftest import Published

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    match = re.search(r'id="https-url" type="text" readonly value="([^"]+)"', page)
    assert match, page
    return match.group(1).rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")


def test_subscribing_redirects_and_shows_both_links_once(
    published: Published, employee_client: Client
) -> None:
    first = employee_client.get("/calendar/").content.decode()
    assert 'id="subscribe"' in first
    assert not feed_token_active(employee=published.shadower)
    response = employee_client.post("/calendar/")
    assert response.status_code == 302
    assert response["Location"] == "/calendar/#feed-links"
    page = employee_client.get("/calendar/").content.decode()
    assert re.search(r'value="http://testserver/cal/[^"]+"', page)
    assert re.search(r'value="webcal://testserver/cal/[^"]+"', page)
    token = _token(page)
    assert feed_token_lookup(token) is not None
    again = employee_client.get("/calendar/").content.decode()  # F5: no re-issue, no links
    assert "https-url" not in again
    assert 'id="reset-link"' in again
    assert feed_token_lookup(token) is not None
    assert FeedToken.objects.filter(employee=published.shadower).count() == 1


def test_reset_asks_first_then_kills_the_old_link(
    published: Published, employee_client: Client
) -> None:
    employee_client.post("/calendar/")
    old = _token(employee_client.get("/calendar/").content.decode())
    asking = employee_client.get("/calendar/", {"reset": "confirm"}).content.decode()
    assert "Reset the subscribe link?" in asking
    assert 'id="reset-confirm"' in asking
    assert feed_token_lookup(old) is not None  # asking changes nothing
    employee_client.post("/calendar/")
    new = _token(employee_client.get("/calendar/").content.decode())
    assert old != new
    assert feed_token_lookup(old) is None
    assert feed_token_lookup(new) is not None


def test_the_page_is_not_cached(employee_client: Client) -> None:
    assert "no-cache" in employee_client.get("/calendar/")["Cache-Control"]


def test_hr_gets_the_plans_feed_link_once(published: Published, hr_client: Client) -> None:
    url = f"/plans/{published.plan.pk}/calendar/"
    assert 'id="subscribe"' in hr_client.get(url).content.decode()
    assert hr_client.post(url)["Location"] == f"{url}#feed-links"
    token = _token(hr_client.get(url).content.decode())
    found = feed_token_lookup(token)
    assert found is not None and found.plan == published.plan
    assert "https-url" not in hr_client.get(url).content.decode()
    assert plan_feed_token_active(plan=published.plan)


def test_the_plans_feed_page_is_hr_only(published: Published, employee_client: Client) -> None:
    assert employee_client.get(f"/plans/{published.plan.pk}/calendar/").status_code == 403
