"""Signals other apps subscribe to, so that services never import them (arrows one way)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of an HR time-away import with `rows`, the ids of existing
# Unavailability rows the import matched: they are HR's from now on.
unavailability_claimed = Signal()
