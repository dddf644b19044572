"""Feed links: both forms of the URL, for the web pages and the API."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from calendars.tokens import feed_urls


@pytest.mark.parametrize(("https", "scheme"), [(True, "https"), (False, "http")])
def test_feed_urls_give_the_https_url_and_the_webcal_one(settings, https, scheme):
    settings.HTTPS = https
    request = RequestFactory().get("/calendar/", HTTP_HOST="localhost")
    url, webcal = feed_urls(request=request, token="abc-DEF_123")
    assert url == f"{scheme}://localhost/cal/abc-DEF_123.ics"
    assert webcal == "webcal://localhost/cal/abc-DEF_123.ics"
