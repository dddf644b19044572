"""The program's beat task: a draft plan for the next period appears for HR to review."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from program.services import plan_next_period_due


@shared_task(name="program.draft_next_period", acks_late=True, reject_on_worker_lost=True)
def draft_next_period_task() -> int | None:
    plan = plan_next_period_due(today=timezone.localdate())
    return plan.pk if plan is not None else None
