"""The calendars app subscribes to the domain's signals: invitations on plan changes, and
busy-calendar rows that HR claimed are released from their upload."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Calendars"

    def ready(self) -> None:
        from rotations.signals import plan_revised, unavailability_claimed

        plan_revised.connect(_invite, dispatch_uid="calendars.invitations")
        unavailability_claimed.connect(_release_busy, dispatch_uid="calendars.busy_release")


def _invite(sender: Any, *, plan: Any, **kwargs: Any) -> None:
    from calendars.invitations import invitations_schedule

    invitations_schedule(plan=plan)


def _release_busy(sender: Any, *, rows: list[int], **kwargs: Any) -> None:
    from calendars.busy import busy_release

    busy_release(rows=rows)
