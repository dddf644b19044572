"""What the domain announces when people must be told: apps that notify subscribe.

Services send these; `calendars` (invitations, iTIP CANCEL) connects its receivers in its
AppConfig.ready, so the arrows run one way: services never import calendars or web.
Receivers run once the writing transaction commits, so nobody hears of a change that was
rolled back.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from rotations.models import RotationPlan

# Sent with `plan`: its published sessions changed (published, revision published,
# sessions cancelled with a slot or a person); receivers tell the people concerned.
plan_sessions_changed = Signal()


def plan_sessions_announce(*, plan: RotationPlan) -> None:
    """Tell the receivers about `plan` after the current transaction commits."""
    plan_id = plan.pk

    def send() -> None:
        fresh = RotationPlan.objects.filter(pk=plan_id).first()
        if fresh is not None and fresh.published_at is not None:
            plan_sessions_changed.send(sender=RotationPlan, plan=fresh)

    transaction.on_commit(send)
