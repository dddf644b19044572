"""URL routes of the calendars app: the feeds (the API routes are in api_urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.gzip import gzip_page

from calendars.views import feed, not_found

app_name = "calendars"
urlpatterns: list[URLPattern | URLResolver] = [
    # A 494-event plan feed is ~300 KB of text; the body holds no secret (the token is in the
    # path) and no text a third party chooses, so compressing it leaks nothing (BREACH).
    path("<str:token>.ics", gzip_page(feed), name="feed"),
    # Near misses answer here too, so no path with a token in it is logged as "Not Found".
    re_path(r"^(?P<rest>.*)$", not_found),
]
