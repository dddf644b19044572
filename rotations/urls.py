"""URL routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from rotations.views import healthz, readyz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    path("readyz/", readyz, name="readyz"),
    path("api/", include("api.urls")),
    path("cal/", include("calendars.urls")),
    path("", include("web.urls")),
]

# An unexpected error answers in words (503 when the database is out of reach).
handler500 = "rotations.views.server_error"
