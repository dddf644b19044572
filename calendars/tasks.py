"""Celery tasks of the calendars app: thin, they take ids and call services."""

from __future__ import annotations

from celery import shared_task

from calendars.invitations import invitations_catch_up, invitations_send
from rotations.models import RotationPlan


@shared_task(name="calendars.invitations_send", acks_late=True, reject_on_worker_lost=True)
def invitations_send_task(plan_id: int) -> dict[str, int]:
    plan = RotationPlan.objects.get(pk=plan_id)
    report = invitations_send(plan=plan)
    return {"requests": report.requests, "cancels": report.cancels, "failed": report.failed}


@shared_task(name="calendars.invitations_catch_up", acks_late=True, reject_on_worker_lost=True)
def invitations_catch_up_task() -> dict[str, int]:
    return invitations_catch_up()
