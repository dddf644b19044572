"""What the domain announces when people must be told: apps that notify subscribe.

Services call `plan_sessions_announce`; `calendars` (invitations, iTIP CANCEL) and `web` (host
digests) connect to `rotations.signals.plan_revised` in their AppConfig.ready, so the arrows
run one way: services never import calendars or web. Receivers run once the writing
transaction commits, so nobody hears of a change that was rolled back.
"""

from __future__ import annotations

from django.db import transaction

from rotations.models import RotationPlan
from rotations.signals import plan_revised


def plan_sessions_announce(*, plan: RotationPlan) -> None:
    """Tell the receivers about `plan` after the current transaction commits."""
    plan_id = plan.pk

    def send() -> None:
        fresh = RotationPlan.objects.filter(pk=plan_id).first()
        if fresh is not None and fresh.published_at is not None:
            plan_revised.send(sender=RotationPlan, plan=fresh)

    transaction.on_commit(send)
