"""Invitations: e-mails with an iTIP calendar (RFC 5546), one event per person's session.

A shadower gets their session's event (the UID of their feed's event); a host gets one event
per hosted slot (the UID of the host's feed event), listing all its shadowers as attendees,
with one-click confirm and decline links for those awaiting an answer. Each e-mail is written
for its recipient, times in their own site's zone.

On publish every event gets a METHOD:REQUEST; after a re-plan or an edit, an event whose time
or place changed gets a REQUEST with a higher SEQUENCE, a host's event whose shadowers changed
a REQUEST with a later DTSTAMP, and an event that left the plan a METHOD:CANCEL. A REQUEST
after a CANCEL (the session came back) has a SEQUENCE above the CANCEL's; every message's
DTSTAMP is later than the last one's. What was last sent is kept per event, so sending again
only sends what changed; a failed send is recorded on its event, the others go on, and
beat's next `invitations_catch_up` sends it again (and anything an import or the admin moved).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import zoneinfo
from dataclasses import dataclass, field, replace
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from calendars.drafts import Draft, Person, Row, hosting_draft, rows_of, session_draft
from calendars.models import CalendarEvent
from calendars.render import Method, calendar_render
from calendars.state import Stamped, event_states
from rotations.links import assignment_action_url
from rotations.models import Assignment, AssignmentStatus, PlanStatus, RotationPlan, SlotStatus
from rotations.selectors.visibility import assignments_published

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InvitationReport:
    requests: int  # events announced or updated (each to its one recipient)
    cancels: int
    failed: int = 0  # sends that failed; recorded on their event and retried later


@dataclass(frozen=True)
class Outgoing:
    """One event for one person: what to send them and how to write it."""

    draft: Draft
    recipient: Person
    zone: str
    host: bool  # the host's event of a slot (else a shadower's session)
    links: tuple[tuple[str, str, str], ...] = field(default=())  # (shadower, confirm, decline)


def address(person: Person) -> str:
    """`"Smith, Jr." <a@b.c>`: any name, quoted or encoded as RFC 5322 needs (FIELD_NOTES)."""
    return formataddr((person.name, person.email))


def attendees_hash(draft: Draft) -> str:
    emails = "|".join(sorted(p.email.lower() for p in draft.attendees))
    return hashlib.sha256(emails.encode()).hexdigest()


def _when(draft: Draft, zone_name: str) -> tuple[str, str]:
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    start, end = draft.start.astimezone(zone), draft.end.astimezone(zone)
    short = start.strftime("%a %d %b %Y %H:%M %Z")
    return short, f"{start:%A %d %B %Y, %H:%M}-{end:%H:%M} {end:%Z} ({zone.key})"


def _message(item: Stamped, method: Method, out: Outgoing) -> EmailMultiAlternatives:
    draft = item.draft
    ics = calendar_render(events=[item], method=method).decode()
    short, long = _when(draft, out.zone)
    verb = {"REQUEST": "Invitation" if item.sequence == 0 else "Updated", "CANCEL": "Cancelled"}
    subject = f"{verb.get(method, method)}: {draft.summary}, {short}"
    lines = [f"When: {long}", f"Where: {draft.location}", ""]
    if method == "CANCEL":
        lines = ["This session is cancelled.", "", *lines]
    lines.append(draft.description)
    if out.links and method == "REQUEST":
        lines += ["", "Answer with one click (each link works while the session is unchanged):"]
        for name, confirm, decline in out.links:
            lines += [f"- {name}: confirm {confirm}", f"  decline {decline}"]
    message = EmailMultiAlternatives(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address(out.recipient)],
        reply_to=[settings.CALENDAR_ORGANIZER_EMAIL],
    )
    # With a charset here Django writes it twice (FIELD_NOTES): it adds its own.
    message.attach_alternative(ics, f"text/calendar; method={method}")
    return message


def _dtstamp(state: CalendarEvent) -> dt.datetime:
    """Now, but later than the last message about this event (whole seconds, as written)."""
    now = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    if state.sent_at is not None and now <= state.sent_at:
        now = state.sent_at.astimezone(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
    return now


def _due(state: CalendarEvent, out: Outgoing) -> bool:
    return (state.sent_method, state.sent_sequence) != ("REQUEST", state.sequence) or (
        out.host and state.sent_attendees != attendees_hash(out.draft)
    )


def _send(out: Outgoing, method: Method) -> bool | None:
    """Send one event's message unless another sender already did; record it.

    True: sent; False: nothing to send; None: the send failed (recorded, retried later).
    """
    uid = out.draft.uid
    with transaction.atomic():
        state = CalendarEvent.objects.select_for_update().get(uid=uid)
        if method == "REQUEST":
            if not _due(state, out):
                return False
            if state.sent_method == "CANCEL":
                # A session that came back: above the CANCEL's SEQUENCE, or clients ignore it.
                state.sequence += 1
                state.changed_at = timezone.now()
        else:
            if state.sent_method != "REQUEST":
                return False
            # A cancellation is a revision: it carries a higher SEQUENCE (RFC 5546 3.2.5).
            state.sequence += 1
            state.changed_at = timezone.now()
        stamp = _dtstamp(state)
        item = Stamped(draft=out.draft, sequence=state.sequence, dtstamp=stamp)
        try:
            get_connection().send_messages([_message(item, method, out)])
        except Exception as exc:  # one person's failure must not stop the others
            logger.exception("invitation %s to %s failed; retried later", uid, out.recipient.email)
            CalendarEvent.objects.filter(pk=state.pk).update(
                failures=state.failures + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            return None
        state.sent_method, state.sent_sequence = method, state.sequence
        state.sent_attendees = attendees_hash(out.draft) if method == "REQUEST" else ""
        state.sent_at, state.failures, state.last_error = stamp, 0, ""
        state.save(
            update_fields=[
                "sequence",
                "changed_at",
                "sent_method",
                "sent_sequence",
                "sent_attendees",
                "sent_at",
                "failures",
                "last_error",
            ]
        )
    return True


def _shadower_out(row: Row) -> Outgoing:
    draft = session_draft(row)
    return Outgoing(
        draft=draft,
        recipient=Person(row.shadower_name, row.shadower_email),
        zone=row.shadower_zone,
        host=False,
    )


def _host_out(rows: list[Row], *, with_links: bool = True) -> Outgoing:
    first = rows[0]
    links: list[tuple[str, str, str]] = []
    proposed = [r.assignment_id for r in rows if r.status == AssignmentStatus.PROPOSED]
    if with_links and proposed:
        query = Assignment.objects.filter(pk__in=proposed).select_related("slot", "shadower")
        for a in query.order_by("shadower__name", "pk"):
            links.append(
                (
                    a.shadower.name,
                    assignment_action_url(assignment=a, action="confirm"),
                    assignment_action_url(assignment=a, action="decline"),
                )
            )
    return Outgoing(
        draft=hosting_draft(rows),
        recipient=Person(first.host_name, first.host_email),
        zone=first.host_zone,
        host=True,
        links=tuple(links),
    )


def _deleted_row(state: CalendarEvent) -> Row:
    """What a session whose assignment row was deleted was about, from its event's state."""
    shadower = state.shadower
    assert shadower is not None  # noqa: S101  (only sessions are cancelled this way)
    return replace(
        _slot_row(state),
        shadower_id=shadower.pk,
        shadower_name=shadower.name,
        shadower_email=shadower.email,
        shadower_role=shadower.role,
        shadower_department=shadower.department.name,
        shadower_zone=shadower.site.timezone,
    )


def _host_rows(rows: list[Row]) -> dict[int, list[Row]]:
    by_slot: dict[int, list[Row]] = {}
    for row in rows:
        by_slot.setdefault(row.slot_id, []).append(row)
    return by_slot


def invitations_send(*, plan: RotationPlan) -> InvitationReport:
    """Send what changed in a published plan since the last invitations."""
    if plan.published_at is None:
        return InvitationReport(requests=0, cancels=0)
    # Sessions still ahead: nobody is invited to (or told of the end of) a past one.
    now = timezone.now()
    rows = rows_of(assignments_published(Assignment.objects.filter(plan=plan, slot__end__gt=now)))
    by_slot = _host_rows(rows)
    outgoing = [_shadower_out(row) for row in rows if row.live]
    outgoing += [
        _host_out(group)
        for group in by_slot.values()
        if group[0].slot_status == SlotStatus.OPEN and any(r.live for r in group)
    ]
    states = event_states([out.draft for out in outgoing])
    requests = failed = 0
    for out in outgoing:
        if _due(states[out.draft.uid], out):
            sent = _send(out, "REQUEST")
            requests += sent is True
            failed += sent is None

    by_key = {(row.slot_id, row.shadower_id): row for row in rows}
    gone = (
        CalendarEvent.objects.filter(plan=plan, sent_method="REQUEST", slot__end__gt=now)
        .exclude(uid__in=[out.draft.uid for out in outgoing])
        .select_related(
            "slot__host__site", "slot__host__department", "shadower__department", "shadower__site"
        )
    )
    cancels = 0
    for state in gone:
        if state.shadower_id is None:
            group = by_slot.get(state.slot_id) or [_slot_row(state)]
            out = _host_out(group, with_links=False)
        else:
            row = by_key.get((state.slot_id, state.shadower_id)) or _deleted_row(state)
            out = _shadower_out(row)
        sent = _send(out, "CANCEL")
        cancels += sent is True
        failed += sent is None
    return InvitationReport(requests=requests, cancels=cancels, failed=failed)


def _slot_row(state: CalendarEvent) -> Row:
    """A host's slot with no assignment rows left: a row that names only the host."""
    slot = state.slot
    host = slot.host
    return Row(
        assignment_id=None,
        plan_id=state.plan_id,
        status=AssignmentStatus.CANCELLED,
        updated_at=timezone.now(),
        slot_id=slot.pk,
        slot_status=slot.status,
        start=slot.start,
        end=slot.end,
        kind=slot.kind,
        remote=slot.remote,
        host_name=host.name,
        host_email=host.email,
        host_site=host.site.name,
        host_department=host.department.name,
        shadower_id=0,
        shadower_name="",
        shadower_email="",
        shadower_role="",
        shadower_department="",
        host_id=host.pk,
        host_zone=host.site.timezone,
        shadower_zone=host.site.timezone,
    )


def invitations_catch_up() -> dict[str, int]:
    """Beat: send what is still unsent in every current published plan (a failed send, a
    slot moved by an import or in the admin). Returns {plan id: messages sent}."""
    plans = RotationPlan.objects.filter(
        published_at__isnull=False, period_end__gte=timezone.now().date()
    ).exclude(status=PlanStatus.ARCHIVED)
    done: dict[str, int] = {}
    for plan in plans.order_by("pk"):
        report = invitations_send(plan=plan)
        if report.requests or report.cancels or report.failed:
            done[str(plan.pk)] = report.requests + report.cancels
    return done


def invitations_schedule(*, plan: RotationPlan) -> None:
    """Send the plan's invitations from a worker once the caller's transaction commits."""
    from calendars.tasks import invitations_send_task  # the task module imports this one

    plan_id = plan.pk
    transaction.on_commit(lambda: invitations_send_task.delay(plan_id))


__all__ = [
    "InvitationReport",
    "address",
    "invitations_catch_up",
    "invitations_schedule",
    "invitations_send",
]
