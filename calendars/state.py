"""Calendar state: SEQUENCE rises only when an event's time or place changes.

Feeds and invitations both call `event_states`, so an edit of a slot made anywhere (admin,
CSV import, a re-plan) is noticed the first time either looks. Writes happen only for new
events and changed ones; concurrent readers race safely (insert-or-ignore, compare-and-set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from calendars.drafts import Draft
from calendars.models import CalendarEvent


@dataclass(frozen=True)
class Stamped:
    """A draft with its calendar state: ready to render."""

    draft: Draft
    sequence: int
    dtstamp: dt.datetime  # the record's last change, in UTC (never "now")


def event_states(drafts: Sequence[Draft]) -> dict[str, CalendarEvent]:
    """The state of each draft's event, created or brought up to date as needed."""
    uids = [d.uid for d in drafts]
    states = {e.uid: e for e in CalendarEvent.objects.filter(uid__in=uids)}
    missing = [d for d in drafts if d.uid not in states]
    stale = [d for d in drafts if d.uid in states and states[d.uid].fingerprint != d.fingerprint]
    if missing:
        CalendarEvent.objects.bulk_create(
            [
                CalendarEvent(
                    uid=d.uid,
                    plan_id=d.plan_id,
                    slot_id=d.slot_id,
                    shadower_id=d.shadower_id,
                    fingerprint=d.fingerprint,
                    changed_at=d.touched,
                )
                for d in missing
            ],
            ignore_conflicts=True,
        )
    now = timezone.now()
    for d in stale:
        CalendarEvent.objects.filter(uid=d.uid, fingerprint=states[d.uid].fingerprint).update(
            sequence=F("sequence") + 1, fingerprint=d.fingerprint, changed_at=now
        )
    if missing or stale:
        states = {e.uid: e for e in CalendarEvent.objects.filter(uid__in=uids)}
    return states


def stamp(drafts: Sequence[Draft]) -> list[Stamped]:
    states = event_states(drafts)
    return [
        Stamped(
            draft=d,
            sequence=states[d.uid].sequence,
            dtstamp=max(d.touched, states[d.uid].changed_at).astimezone(dt.UTC),
        )
        for d in drafts
    ]
