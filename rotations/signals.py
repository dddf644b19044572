"""Signals the domain sends; the apps that notify people subscribe in their AppConfig.ready.

Services send them and import nothing of `calendars` or `web` (arrows point one way).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of an HR time-away import with `rows`, the ids of existing
# Unavailability rows the import matched: they are HR's from now on.
unavailability_claimed = Signal()

# A plan people can see was published or changed (a solve or re-plan written into it);
# sent inside the writing transaction, so receivers defer their work with on_commit.
# Arguments: plan (RotationPlan), published (bool: the first publish, else a revision).
plan_revised = Signal()
