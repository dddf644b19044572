"""Absolute links that calendar events and invitations carry."""

from __future__ import annotations

from django.conf import settings


def session_url(*, assignment_id: int) -> str:
    """The session's page (issue 7's pages); absolute, as e-mail and calendar apps need."""
    return f"{settings.CALENDAR_BASE_URL}/assignments/{assignment_id}/"


def hosting_url(*, slot_id: int) -> str:
    return f"{settings.CALENDAR_BASE_URL}/slots/{slot_id}/"
