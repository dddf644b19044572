"""Scheduled e-mails and releases (run by Celery beat; each run is safe to repeat).

- a reminder to shadower and host `ROTATIONS_REMINDER_DAYS` days before each session;
- a follow-up to the shadower the day after, asking for feedback;
- a reminder to hosts about sessions they have not confirmed, from
  `ROTATIONS_UNCONFIRMED_REMINDER_DAYS` days before;
- `ROTATIONS_RELEASE_DAYS` days before, sessions still unconfirmed are released (cancelled)
  and their plan re-planned, so the shadower gets a session someone can still confirm.

Each e-mail is recorded as a Reminder row, written in the transaction that sends it: a
second beat tick (or two at once) finds the row and sends nothing.

Beat runs all of it as one task, `notices_send`: releases first, then reminders, so nobody
is reminded of a session released in the same run. A proposed session already inside the
release window is never reminded of either (it is released on the next run that can).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from rotations.links import assignment_action_url
from rotations.models import (
    ACTIVE_RUN_STATUSES,
    Assignment,
    AssignmentStatus,
    Employee,
    PlanStatus,
    Reminder,
    ReminderKind,
    RotationPlan,
    SlotKind,
)
from rotations.selectors.visibility import assignments_published

logger = logging.getLogger(__name__)

# Follow-ups are not sent for sessions older than this (a first deployment, a long outage).
_FOLLOW_UP_WINDOW = dt.timedelta(days=7)


def _published() -> QuerySet[Assignment]:
    return assignments_published().exclude(plan__status=PlanStatus.ARCHIVED)


def _zone(employee: Employee) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(employee.site.timezone)


def _message(template: str, recipient: Employee, **context: object) -> EmailMessage:
    """First line of the rendered template is the subject, the rest the body."""
    zone = _zone(recipient)
    with timezone.override(zone):
        text = render_to_string(
            f"rotations/email/{template}.txt", {"recipient": recipient, "zone": zone, **context}
        )
    subject, _, body = text.strip().partition("\n")
    return EmailMessage(
        subject=subject.strip(),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )


def _assignment_context(assignment: Assignment) -> dict[str, object]:
    slot = assignment.slot
    return {
        "assignment": assignment,
        "slot": slot,
        "host": slot.host,
        "shadower": assignment.shadower,
        "kind": SlotKind(slot.kind).label
        if slot.kind in SlotKind.values
        else slot.kind.replace("_", " "),
        "start": slot.start,
        "end": slot.end,
    }


def _send_once(
    assignments: Sequence[Assignment], kind: ReminderKind, messages: Iterable[EmailMessage]
) -> bool:
    """Record and send in one transaction: sent once, or (on a mail error) retried later."""
    try:
        with transaction.atomic():
            Reminder.objects.bulk_create(Reminder(assignment=a, kind=kind) for a in assignments)
            with get_connection() as mail:
                mail.send_messages(list(messages))
    except IntegrityError:
        return False  # another tick sent it
    except OSError:
        logger.exception("%s reminder for %s: mail failed, retried next time", kind, assignments)
        return False
    return True


def _unsent(queryset: QuerySet[Assignment], kind: ReminderKind) -> QuerySet[Assignment]:
    return (
        queryset.exclude(reminders__kind=kind)
        .select_related("shadower__site", "shadower__department", "slot__host__site")
        .order_by("slot__start", "pk")
    )


def _releasing(queryset: QuerySet[Assignment], now: dt.datetime) -> QuerySet[Assignment]:
    """Without the unconfirmed sessions due for release: they get a release, not a reminder."""
    lead = dt.timedelta(days=int(settings.ROTATIONS_RELEASE_DAYS))
    return queryset.exclude(status=AssignmentStatus.PROPOSED, slot__start__lte=now + lead)


def session_reminders_send(*, now: dt.datetime) -> int:
    lead = dt.timedelta(days=int(settings.ROTATIONS_REMINDER_DAYS))
    due = _releasing(
        _published().filter(
            status__in=(AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED),
            slot__start__gt=now,
            slot__start__lte=now + lead,
        ),
        now,
    )
    sent = 0
    for assignment in _unsent(due, ReminderKind.SESSION):
        context = _assignment_context(assignment)
        messages = [
            _message("session_reminder", person, **context)
            for person in (assignment.shadower, assignment.slot.host)
        ]
        sent += _send_once([assignment], ReminderKind.SESSION, messages)
    return sent


def follow_ups_send(*, now: dt.datetime) -> int:
    """The day after the session (in the shadower's zone), ask for feedback."""
    due = _published().filter(
        status__in=(AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED),
        slot__end__lte=now,
        slot__end__gte=now - _FOLLOW_UP_WINDOW,
    )
    sent = 0
    for assignment in _unsent(due, ReminderKind.FOLLOW_UP):
        zone = _zone(assignment.shadower)
        if assignment.slot.end.astimezone(zone).date() >= now.astimezone(zone).date():
            continue  # the same day: tomorrow
        message = _message("follow_up", assignment.shadower, **_assignment_context(assignment))
        sent += _send_once([assignment], ReminderKind.FOLLOW_UP, [message])
    return sent


def unconfirmed_reminders_send(*, now: dt.datetime) -> int:
    """One e-mail per host listing the sessions they have not confirmed yet."""
    lead = dt.timedelta(days=int(settings.ROTATIONS_UNCONFIRMED_REMINDER_DAYS))
    due = _releasing(
        _published().filter(
            status=AssignmentStatus.PROPOSED, slot__start__gt=now, slot__start__lte=now + lead
        ),
        now,
    )
    by_host: dict[Employee, list[Assignment]] = defaultdict(list)
    for assignment in _unsent(due, ReminderKind.UNCONFIRMED):
        by_host[assignment.slot.host].append(assignment)
    sent = 0
    for host, assignments in by_host.items():
        message = _message(
            "unconfirmed_reminder",
            host,
            assignments=[
                {
                    "start": a.slot.start,
                    "shadower": a.shadower,
                    "confirm_url": assignment_action_url(assignment=a, action="confirm"),
                    "decline_url": assignment_action_url(assignment=a, action="decline"),
                }
                for a in assignments
            ],
            release_days=int(settings.ROTATIONS_RELEASE_DAYS),
        )
        sent += _send_once(assignments, ReminderKind.UNCONFIRMED, [message])
    return sent


def reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every reminder that is due and not sent yet; returns how many e-mails of each kind."""
    moment = now or timezone.now()
    return {
        "session": session_reminders_send(now=moment),
        "follow_up": follow_ups_send(now=moment),
        "unconfirmed": unconfirmed_reminders_send(now=moment),
    }


def unconfirmed_release(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Release sessions still unconfirmed `ROTATIONS_RELEASE_DAYS` days before they start,
    and re-plan each plan that lost some. Returns {plan id: assignments released}."""
    from rotations.services.jobs import replan_start  # jobs -> tasks -> this module

    moment = now or timezone.now()
    lead = dt.timedelta(days=int(settings.ROTATIONS_RELEASE_DAYS))
    due = _published().filter(
        status=AssignmentStatus.PROPOSED, slot__start__gt=moment, slot__start__lte=moment + lead
    )
    released: dict[str, int] = {}
    for plan_id in sorted(set(due.values_list("plan_id", flat=True))):
        with transaction.atomic():
            plan = RotationPlan.objects.select_for_update().get(pk=plan_id)
            # A solve under way would bring them back; the next tick releases them instead.
            if plan.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists():
                continue
            stale = list(due.filter(plan=plan).select_for_update())
            for assignment in stale:
                assignment.status = AssignmentStatus.CANCELLED
                assignment.version += 1
                assignment.updated_at = moment
            Assignment.objects.bulk_update(stale, ["status", "version", "updated_at"])
            released[str(plan_id)] = len(stale)
            replan_start(plan=plan, reason=f"released {len(stale)} unconfirmed session(s)")
    return released


def notices_send(*, now: dt.datetime | None = None) -> dict[str, object]:
    """The day's notices in one run: releases first, then every reminder still due."""
    moment = now or timezone.now()
    released = unconfirmed_release(now=moment)
    return {"released": released, **reminders_send(now=moment)}
