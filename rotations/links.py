"""Signed one-click links for e-mails: confirm or decline an assignment without signing in.

The link itself is the credential. It carries the assignment, the action, the assignment's
version and a hash of its slot's time and status: it lives as long as the session it names
is unchanged (a re-solve that leaves the assignment alone keeps it), and stops once the
assignment changes (confirmed, declined, cancelled) or its session moves. A refused link
says what happened; the e-mail about the change carries a fresh one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core import signing
from django.urls import reverse

from rotations.models import Assignment, AssignmentStatus, HostingSlot, SlotStatus

Action = Literal["confirm", "decline"]
ACTIONS: tuple[Action, ...] = ("confirm", "decline")
_SALT = "web.assignment-action"


@dataclass(frozen=True)
class ActionClaim:
    assignment_id: int
    action: Action
    version: int
    session: str  # slot_state() when the link was made


class LinkInvalidError(ValueError):
    """Tampered or malformed: HTTP 400."""


class LinkGoneError(ValueError):
    """Expired, already used, or outdated by a newer solve: HTTP 410."""


def slot_state(slot: HostingSlot) -> str:
    """Time and status of a session's slot, hashed short: a change kills its links."""
    start, end = (t.astimezone(dt.UTC).isoformat() for t in (slot.start, slot.end))
    return hashlib.sha256(f"{start}|{end}|{slot.status}".encode()).hexdigest()[:16]


def assignment_action_token(*, assignment: Assignment, action: Action) -> str:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    payload = {
        "a": assignment.pk,
        "x": action,
        "v": assignment.version,
        "s": slot_state(assignment.slot),
    }
    return signing.dumps(payload, salt=_SALT)


def assignment_action_path(*, assignment: Assignment, action: Action) -> str:
    token = assignment_action_token(assignment=assignment, action=action)
    return reverse("web:action_link", kwargs={"token": token})


def assignment_action_url(*, assignment: Assignment, action: Action) -> str:
    """The absolute one-click link for an e-mail (on settings.WEB_BASE_URL)."""
    path = assignment_action_path(assignment=assignment, action=action)
    return f"{settings.WEB_BASE_URL}{path}"


def action_claim_read(*, token: str) -> ActionClaim:
    """What a token says, if its signature holds and it has not expired."""
    max_age = int(settings.WEB_ACTION_LINK_MAX_AGE_S)
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkGoneError("this link has expired; open your hosting page instead") from None
    except signing.BadSignature:
        raise LinkInvalidError("this link is not valid (it was changed or cut short)") from None
    if isinstance(payload, dict) and "r" in payload and "s" not in payload:
        # Made before links were bound to their session: its e-mail has been replaced since.
        raise LinkGoneError("this link is from an older e-mail; use the newest one")
    try:
        claim = ActionClaim(
            assignment_id=int(payload["a"]),
            action=payload["x"],
            version=int(payload["v"]),
            session=str(payload["s"]),
        )
    except (KeyError, TypeError, ValueError):
        raise LinkInvalidError("this link is not valid") from None
    if claim.action not in ACTIONS:
        raise LinkInvalidError("this link is not valid")
    return claim


def _when(slot: HostingSlot) -> str:
    zone = zoneinfo.ZoneInfo(slot.host.site.timezone)
    return slot.start.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")


def action_claim_assignment(*, claim: ActionClaim) -> Assignment:
    """The assignment the claim still applies to, or LinkGoneError saying what happened."""
    query = Assignment.objects.select_related(
        "plan", "slot", "slot__host", "slot__host__site", "shadower", "shadower__department"
    )
    assignment = query.filter(pk=claim.assignment_id).first()
    if assignment is None:
        raise LinkGoneError("this session is no longer in the plan; see your hosting page")
    slot, status = assignment.slot, assignment.status
    if status in (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED):
        raise LinkGoneError(f"this link was already used: the session is {status}")
    if status == AssignmentStatus.DECLINED:
        raise LinkGoneError("this link was already used: the session was declined")
    if status == AssignmentStatus.CANCELLED:
        raise LinkGoneError(
            "this session was cancelled when the plan changed; you were sent an e-mail "
            "about it, and your hosting page shows your sessions now"
        )
    if slot.status != SlotStatus.OPEN:
        raise LinkGoneError("this session was cancelled: its hosting slot was cancelled")
    if slot_state(slot) != claim.session:
        raise LinkGoneError(
            f"this session moved: it is now on {_when(slot)}; the e-mail about the change "
            "has a fresh link"
        )
    if assignment.version != claim.version:
        raise LinkGoneError(
            "this session changed since this e-mail (it was cancelled and proposed again); "
            "use the link in the newer e-mail"
        )
    return assignment
