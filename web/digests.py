"""Hosts act at publish: one e-mail per host with their sessions and one-click links.

Sent when a plan is published and after each revision (a solve or re-plan written into a
published plan), to the hosts whose sessions changed: a session added, dropped or moved,
or a proposed one whose link from the last digest no longer works. Each lists every
upcoming session the host hosts in the plan with its shadowers, a confirm and a decline
link per proposed one, and one "confirm all" link (`confirm_all_url`).
"""

from __future__ import annotations

import hashlib
import logging
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rotations.links import LinkGoneError, LinkInvalidError, assignment_action_url, slot_state
from rotations.models import (
    LIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    PlanStatus,
    RotationPlan,
    SlotStatus,
)
from rotations.selectors.visibility import assignments_published
from rotations.services.booking import assignment_confirm
from rotations.services.errors import ServiceError
from web.models import HostDigest

logger = logging.getLogger(__name__)
_SALT = "web.confirm-all"

Item = tuple[int, int, str]  # assignment id, version, slot state


def _sessions_key(assignments: list[Assignment]) -> str:
    parts = sorted(f"{a.slot_id}:{slot_state(a.slot)}:{a.shadower_id}" for a in assignments)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _item(a: Assignment) -> Item:
    return (a.pk, a.version, slot_state(a.slot))


def _upcoming(plan: RotationPlan) -> dict[Employee, list[Assignment]]:
    # What hosts are shown: a draft revision's additions stay HR's until published.
    query = (
        assignments_published(Assignment.objects.filter(plan=plan))
        .filter(
            status__in=LIVE_STATUSES,
            slot__status=SlotStatus.OPEN,
            slot__start__gt=timezone.now(),
        )
        .select_related("slot__host__site", "shadower__department", "shadower__site")
        .order_by("slot__start", "shadower__name", "pk")
    )
    by_host: dict[Employee, list[Assignment]] = defaultdict(list)
    for a in query:
        by_host[a.slot.host].append(a)
    return by_host


def _due(plan: RotationPlan, host: Employee, assignments: list[Assignment]) -> bool:
    last = HostDigest.objects.filter(plan=plan, host=host).first()
    if last is None:
        return True
    offered = {tuple(item) for item in last.items}
    proposed = [a for a in assignments if a.status == AssignmentStatus.PROPOSED]
    return last.sessions != _sessions_key(assignments) or any(
        _item(a) not in offered for a in proposed
    )


def confirm_all_url(*, digest: HostDigest) -> str:
    token = signing.dumps({"d": digest.pk, "h": digest.host_id}, salt=_SALT)
    return f"{settings.WEB_BASE_URL}{reverse('web:confirm_all_link', kwargs={'token': token})}"


def _message(
    host: Employee, plan: RotationPlan, digest: HostDigest, items: list[Assignment]
) -> EmailMessage:
    slots: dict[int, list[Assignment]] = defaultdict(list)
    for a in items:
        slots[a.slot_id].append(a)
    sessions = [
        {
            "slot": group[0].slot,
            "shadowers": [
                {
                    "assignment": a,
                    "confirm_url": assignment_action_url(assignment=a, action="confirm")
                    if a.status == AssignmentStatus.PROPOSED
                    else "",
                    "decline_url": assignment_action_url(assignment=a, action="decline")
                    if a.status == AssignmentStatus.PROPOSED
                    else "",
                }
                for a in group
            ],
        }
        for group in slots.values()
    ]
    waiting = sum(a.status == AssignmentStatus.PROPOSED for a in items)
    zone = zoneinfo.ZoneInfo(host.site.timezone)
    with timezone.override(zone):
        text = render_to_string(
            "web/email/host_digest.txt",
            {
                "host": host,
                "plan": plan,
                "sessions": sessions,
                "waiting": waiting,
                "zone": zone,
                "confirm_all_url": confirm_all_url(digest=digest) if waiting else "",
                "hosting_url": f"{settings.WEB_BASE_URL}{reverse('web:hosting')}",
                "release_days": int(settings.ROTATIONS_RELEASE_DAYS),
            },
        )
    subject, _, body = text.strip().partition("\n")
    return EmailMessage(
        subject=subject.strip(),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((host.name, host.email))],  # any name: "Smith, Jr." too
    )


def host_digests_send(*, plan: RotationPlan) -> int:
    """A digest to each host of a published plan whose sessions changed; returns how many."""
    if plan.published_at is None:
        return 0
    sent = 0
    for host, assignments in _upcoming(plan).items():
        if not _due(plan, host, assignments):
            continue
        proposed = [a for a in assignments if a.status == AssignmentStatus.PROPOSED]
        try:
            with transaction.atomic():
                digest = HostDigest.objects.create(
                    plan=plan,
                    host=host,
                    sessions=_sessions_key(assignments),
                    items=[list(_item(a)) for a in proposed],
                )
                with get_connection() as mail:
                    mail.send_messages([_message(host, plan, digest, assignments)])
        except Exception:  # one host's failure must not stop the others; retried next time
            logger.exception("digest to host %s of plan %s failed", host.pk, plan.pk)
            continue
        sent += 1
    return sent


def host_digests_catch_up() -> dict[str, int]:
    """Beat: digests still due in current published plans (a failed send, a slot moved by
    an import or in the admin). Returns {plan id: digests sent}."""
    plans = RotationPlan.objects.filter(
        published_at__isnull=False, period_end__gte=timezone.now().date()
    ).exclude(status=PlanStatus.ARCHIVED)
    done: dict[str, int] = {}
    for plan in plans.order_by("pk"):
        sent = host_digests_send(plan=plan)
        if sent:
            done[str(plan.pk)] = sent
    return done


def host_digests_schedule(*, plan: RotationPlan) -> None:
    """Send the plan's digests from a worker once the caller's transaction commits."""
    from web.tasks import host_digests_send_task  # the task module imports this one

    plan_id = plan.pk
    transaction.on_commit(lambda: host_digests_send_task.delay(plan_id))


@dataclass(frozen=True)
class ConfirmAll:
    digest: HostDigest
    open: list[Assignment]  # still proposed and unchanged: confirm all confirms these
    gone: list[str]  # what happened to the others, in words


def confirm_all_read(*, token: str) -> ConfirmAll:
    max_age = int(settings.WEB_ACTION_LINK_MAX_AGE_S)
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
        digest_id, host_id = int(payload["d"]), int(payload["h"])
    except signing.SignatureExpired:
        raise LinkGoneError("this link has expired; open your hosting page instead") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalidError("this link is not valid (it was changed or cut short)") from None
    digest = (
        HostDigest.objects.select_related("host__site", "plan")
        .filter(pk=digest_id, host_id=host_id)
        .first()
    )
    if digest is None:
        raise LinkGoneError("this link no longer applies; see your hosting page")
    wanted = {int(i[0]): (int(i[1]), str(i[2])) for i in digest.items}
    found = Assignment.objects.filter(pk__in=list(wanted)).select_related(
        "slot__host__site", "shadower__department"
    )
    open_, gone = [], []
    for a in found.order_by("slot__start", "pk"):
        version, state = wanted[a.pk]
        if a.status != AssignmentStatus.PROPOSED:
            gone.append(f"{a.shadower.name}: {a.get_status_display().lower()}")
        elif slot_state(a.slot) != state or a.slot.status != SlotStatus.OPEN:
            gone.append(f"{a.shadower.name}: the session moved or was cancelled")
        elif a.version != version:
            gone.append(f"{a.shadower.name}: changed since this e-mail")
        else:
            open_.append(a)
    missing = len(wanted) - len(found)
    if missing:
        gone.append(f"{missing} session(s) no longer in the plan")
    return ConfirmAll(digest=digest, open=open_, gone=gone)


def confirm_all_apply(*, claim: ConfirmAll) -> tuple[list[Assignment], list[str]]:
    """Confirm each still-open assignment; returns those confirmed and why others were not."""
    done, refused = [], []
    wanted = {int(i[0]): int(i[1]) for i in claim.digest.items}
    for a in claim.open:
        try:
            done.append(
                assignment_confirm(
                    assignment=a, by=claim.digest.host, expected_version=wanted[a.pk]
                )
            )
        except ServiceError as exc:
            refused.append(f"{a.shadower.name}: {exc.message}")
    return done, refused
