from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = "Calendars"

    def ready(self) -> None:
        from rotations.signals import plan_revised

        plan_revised.connect(_invite, dispatch_uid="calendars.invitations")


def _invite(sender: Any, *, plan: Any, **kwargs: Any) -> None:
    from calendars.invitations import invitations_schedule

    invitations_schedule(plan=plan)
