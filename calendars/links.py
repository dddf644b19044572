"""Absolute links that calendar events and invitations carry: the pages of the web app.

Built on WEB_BASE_URL, as the web app's e-mail links are: a plan is published, and its
invitations written, with no request at hand.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def session_url(*, assignment_id: int) -> str:
    path = reverse("web:assignment_detail", kwargs={"pk": assignment_id})
    return f"{settings.WEB_BASE_URL}{path}"


def hosting_url(*, slot_id: int) -> str:
    return f"{settings.WEB_BASE_URL}{reverse('web:slot_detail', kwargs={'pk': slot_id})}"


def sessions_url() -> str:
    """One's list of sessions: for a session whose assignment row no longer exists."""
    return f"{settings.WEB_BASE_URL}{reverse('web:sessions')}"
