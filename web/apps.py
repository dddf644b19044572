from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Pages"

    def ready(self) -> None:
        from rotations.signals import plan_revised

        plan_revised.connect(_digest, dispatch_uid="web.host_digests")


def _digest(sender: Any, *, plan: Any, **kwargs: Any) -> None:
    from web.digests import host_digests_schedule

    host_digests_schedule(plan=plan)
