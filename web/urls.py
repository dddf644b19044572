"""URL routes of the web app."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = []
