from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from calendars.busy import busy_release
        from rotations.signals import unavailability_claimed

        def release(sender: Any, rows: list[int], **kwargs: Any) -> None:
            busy_release(rows=rows)

        unavailability_claimed.connect(release, weak=False, dispatch_uid="calendars.busy_release")
