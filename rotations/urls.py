"""URL routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from rotations.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("cal/", include("calendars.urls")),
    path("program/", include("program.urls")),
    path("", include("web.urls")),
]
