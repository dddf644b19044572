"""The big HR pages and the feeds are gzipped for clients that accept it; the calendar page,
which shows a feed token, never is (BREACH)."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from calendars.tokens import plan_feed_token_issue
from tests.web.conftest import Published

pytestmark = pytest.mark.django_db


def test_the_grid_is_gzipped_with_random_padding_and_varies_on_accept_encoding(
    hr_client: Client, published: Published
) -> None:
    url = f"/plans/{published.plan.pk}/grid/"
    plain = hr_client.get(url)
    assert "Content-Encoding" not in plain
    sizes = set()
    for _ in range(8):
        packed = hr_client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        page = gzip.decompress(packed.content).decode()
        assert "Rita Rep" in page and "Sam Shadow" in page
        sizes.add(len(packed.content))
    assert len(sizes) > 1  # the padding changes the length from one answer to the next


@pytest.mark.parametrize("page", ["charts", "left-out"])
def test_the_other_plan_pages_are_gzipped(
    hr_client: Client, published: Published, page: str
) -> None:
    response = hr_client.get(f"/plans/{published.plan.pk}/{page}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_the_calendar_page_with_its_one_time_link_is_never_compressed(
    employee_client: Client,
) -> None:
    employee_client.post("/calendar/")
    response = employee_client.get("/calendar/", HTTP_ACCEPT_ENCODING="gzip")
    assert "https-url" in response.content.decode()
    assert "Content-Encoding" not in response


def test_the_plan_feed_is_gzipped_and_still_answers_304_to_its_weak_etag(
    client: Client, published: Published
) -> None:
    token = plan_feed_token_issue(plan=published.plan)
    first = client.get(f"/cal/{token}.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content).startswith(b"BEGIN:VCALENDAR")
    assert first["ETag"].startswith('W/"')
    again = client.get(
        f"/cal/{token}.ics", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
