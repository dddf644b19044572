"""URL routes of the calendars app: the feeds (the API routes are in api_urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from calendars.views import feed, not_found

app_name = "calendars"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>.ics", feed, name="feed"),
    # Near misses answer here too, so no path with a token in it is logged as "Not Found".
    re_path(r"^(?P<rest>.*)$", not_found),
]
