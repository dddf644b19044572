"""Signed one-click links for e-mails: confirm or decline an assignment without signing in.

The link itself is the credential. It carries the assignment, the action, the assignment's
version and the plan's latest successful run, so it stops working once the assignment
changes (confirmed, declined, cancelled) or the plan is solved again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core import signing
from django.urls import reverse

from rotations.models import Assignment, AssignmentStatus
from rotations.selectors.plans import plan_last_good_run

Action = Literal["confirm", "decline"]
ACTIONS: tuple[Action, ...] = ("confirm", "decline")
_SALT = "web.assignment-action"


@dataclass(frozen=True)
class ActionClaim:
    assignment_id: int
    action: Action
    version: int
    run_id: int | None


class LinkInvalidError(ValueError):
    """Tampered or malformed: HTTP 400."""


class LinkGoneError(ValueError):
    """Expired, already used, or outdated by a newer solve: HTTP 410."""


def _latest_run_id(assignment: Assignment) -> int | None:
    run = plan_last_good_run(plan=assignment.plan)
    return run.pk if run is not None else None


def assignment_action_token(*, assignment: Assignment, action: Action) -> str:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    payload = {
        "a": assignment.pk,
        "x": action,
        "v": assignment.version,
        "r": _latest_run_id(assignment),
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
    try:
        claim = ActionClaim(
            assignment_id=int(payload["a"]),
            action=payload["x"],
            version=int(payload["v"]),
            run_id=None if payload["r"] is None else int(payload["r"]),
        )
    except (KeyError, TypeError, ValueError):
        raise LinkInvalidError("this link is not valid") from None
    if claim.action not in ACTIONS:
        raise LinkInvalidError("this link is not valid")
    return claim


def action_claim_assignment(*, claim: ActionClaim) -> Assignment:
    """The assignment the claim still applies to, or LinkGoneError saying why not."""
    query = Assignment.objects.select_related(
        "plan", "slot", "slot__host", "slot__host__site", "shadower", "shadower__department"
    )
    assignment = query.filter(pk=claim.assignment_id).first()
    if assignment is None:
        raise LinkGoneError("this session is no longer in the plan")
    if assignment.status != AssignmentStatus.PROPOSED or assignment.version != claim.version:
        raise LinkGoneError(
            f"this link was already used or the session changed (it is now {assignment.status})"
        )
    if _latest_run_id(assignment) != claim.run_id:
        raise LinkGoneError("the plan was solved again since this e-mail; see your hosting page")
    return assignment
