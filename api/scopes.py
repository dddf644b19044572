"""What each person may see through the API: the visibility selectors of
`rotations.selectors.visibility`, the same ones the pages, feeds and e-mails use (one rule,
so drafts cannot leak through one door while the others hide them)."""

from __future__ import annotations

from rotations.selectors.visibility import (
    assignments_visible_to,
    feedback_visible_to,
    plans_visible_to,
    slots_visible_to,
)

__all__ = [
    "assignments_visible_to",
    "feedback_visible_to",
    "plans_visible_to",
    "slots_visible_to",
]
