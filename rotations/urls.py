"""URL routes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from rotations.views import healthz, readyz

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    path("readyz/", readyz, name="readyz"),
    path("api/", include("api.urls")),
    path("cal/", include("calendars.urls")),
    path("program/", include("program.urls")),
    path("", include("web.urls")),
]

if settings.OIDC_RP_CLIENT_ID:  # single sign-on, when configured (README, "Signing in")
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

# An unexpected error answers in words (503 when the database is out of reach).
handler500 = "rotations.views.server_error"
