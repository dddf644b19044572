"""Signals the domain sends; the apps that notify people subscribe in their AppConfig.ready.

Services send them and import nothing of `calendars` or `web` (arrows point one way).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of an HR time-away import with `rows`, the ids of existing
# Unavailability rows the import matched: they are HR's from now on.
unavailability_claimed = Signal()

# Sent with `plan` once the writing transaction committed (`services.notices`): its published
# sessions changed (published, revision published, a live re-plan, sessions cancelled with a
# slot or a person); receivers tell the people concerned.
plan_revised = Signal()
