"""The calendars app subscribes to the domain's notices (invitations on plan changes)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        from rotations.services.notices import plan_sessions_changed

        plan_sessions_changed.connect(_send_invitations, dispatch_uid="calendars.invitations")


def _send_invitations(sender: Any, *, plan: Any, **kwargs: Any) -> None:
    from calendars.invitations import invitations_schedule

    invitations_schedule(plan=plan)
