"""Calendar UIDs: stable across re-plans, re-publishes and renders, and free of secrets.

A UID is a UUID-5 of the session's identity (plan, slot, shadower), not of the assignment
row, which a re-plan may delete and create again. It carries no token and no personal data
(a UUID-5 is a one-way hash of numeric keys, under a fixed namespace that is no secret).
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6d3c4a1e-2f0b-5c8e-9a47-1b2d3e4f5a60")


def session_uid(*, plan_id: int, slot_id: int, shadower_id: int) -> str:
    """The shadower's session: one shadower in one slot of one plan."""
    return str(uuid.uuid5(NAMESPACE, f"session:{plan_id}:{slot_id}:{shadower_id}"))


def hosting_uid(*, plan_id: int, slot_id: int) -> str:
    """The host's event: one slot of one plan, with all its shadowers."""
    return str(uuid.uuid5(NAMESPACE, f"hosting:{plan_id}:{slot_id}"))
