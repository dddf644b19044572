"""Employees: subscribe links (https and webcal), shown once, and Reset link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from calendars.tokens import feed_token_active, feed_token_lookup
from tests.web.conftest import Published

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    match = re.search(r'id="https-url" type="text" readonly value="([^"]+)"', page)
    assert match, page
    return match.group(1).rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")


def test_subscribing_shows_both_links_once(published: Published, employee_client: Client) -> None:
    first = employee_client.get("/calendar/").content.decode()
    assert 'id="subscribe"' in first
    assert not feed_token_active(employee=published.shadower)
    page = employee_client.post("/calendar/").content.decode()
    assert re.search(r'value="http://testserver/cal/[^"]+"', page)
    assert re.search(r'value="webcal://testserver/cal/[^"]+"', page)
    assert feed_token_lookup(_token(page)) is not None
    again = employee_client.get("/calendar/").content.decode()
    assert "https-url" not in again
    assert 'id="reset-link"' in again


def test_reset_link_kills_the_old_one(published: Published, employee_client: Client) -> None:
    old = _token(employee_client.post("/calendar/").content.decode())
    new = _token(employee_client.post("/calendar/").content.decode())
    assert old != new
    assert feed_token_lookup(old) is None
    assert feed_token_lookup(new) is not None


def test_the_page_is_not_cached(employee_client: Client) -> None:
    assert "no-cache" in employee_client.post("/calendar/")["Cache-Control"]
