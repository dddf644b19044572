"""Celery tasks of the web app: thin, they take ids and call services."""

from __future__ import annotations

from celery import shared_task

from rotations.models import RotationPlan
from web.digests import host_digests_catch_up, host_digests_send


@shared_task(name="web.host_digests_send", acks_late=True, reject_on_worker_lost=True)
def host_digests_send_task(plan_id: int) -> int:
    return host_digests_send(plan=RotationPlan.objects.get(pk=plan_id))


@shared_task(name="web.host_digests_catch_up", acks_late=True, reject_on_worker_lost=True)
def host_digests_catch_up_task() -> dict[str, int]:
    return host_digests_catch_up()
