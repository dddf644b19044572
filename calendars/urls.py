"""URL routes of the calendars app: the feeds (the API routes are in api_urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from calendars.views import feed

app_name = "calendars"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>.ics", feed, name="feed"),
]
