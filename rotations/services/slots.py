"""Hosting slots: edit, cancel, delete, without losing the sessions booked on them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from rotations.models import PINNED_STATUSES, Assignment, HostingSlot, SlotStatus
from rotations.services.errors import ConflictError
from rotations.services.sessions import sessions_cancel, sessions_refuse_delete


def slot_update(*, slot: HostingSlot, changes: dict[str, Any]) -> HostingSlot:
    """Change a slot; a capacity below the seats taken is refused (ConflictError), as the
    booking services refuse a seat over capacity. Other changes that break a plan show up
    as its conflicts."""
    with transaction.atomic():
        locked = HostingSlot.objects.select_for_update().get(pk=slot.pk)
        capacity = changes.get("capacity")
        if capacity is not None:
            taken = Assignment.objects.filter(slot=locked, status__in=PINNED_STATUSES).count()
            if capacity < taken:
                raise ConflictError(
                    f"{taken} seat(s) are taken; cancel sessions before lowering it",
                    field="capacity",
                )
        if changes.get("status") == SlotStatus.CANCELLED and locked.status != SlotStatus.CANCELLED:
            sessions_cancel(where=Q(slot=locked))
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
    slot.refresh_from_db()
    return slot


def slot_cancel(*, slot: HostingSlot) -> HostingSlot:
    """The supported way to take a slot away: its upcoming sessions are cancelled and the
    people told; the plans it was in show the gap as a conflict to repair."""
    return slot_update(slot=slot, changes={"status": SlotStatus.CANCELLED})


def slot_delete(*, slot: HostingSlot) -> None:
    """Delete a slot nobody is booked on; ConflictError listing the sessions otherwise."""
    with transaction.atomic():
        locked = HostingSlot.objects.select_for_update().get(pk=slot.pk)
        sessions_refuse_delete(where=Q(slot=locked), what="this slot")
        locked.delete()
