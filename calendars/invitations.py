"""Invitations: e-mails with an iTIP calendar (RFC 5546) to the shadower and the host.

On publish every session gets a METHOD:REQUEST; after a re-plan or an edit, a session whose
time or place changed gets a REQUEST with a higher SEQUENCE and the same UID, and a session
that left the plan (cancelled, declined, slot cancelled) a METHOD:CANCEL. What was last sent
is kept per event, so sending again only sends what changed, and a failed send is retried.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from calendars.drafts import Draft, Row, rows_of, session_draft
from calendars.models import CalendarEvent
from calendars.render import Method, calendar_render
from calendars.state import Stamped, event_states
from rotations.models import Assignment, AssignmentStatus, RotationPlan
from rotations.selectors.visibility import assignments_published


@dataclass(frozen=True)
class InvitationReport:
    requests: int  # sessions announced or updated (each to shadower and host)
    cancels: int


def _message(item: Stamped, method: Method) -> list[EmailMultiAlternatives]:
    draft = item.draft
    ics = calendar_render(events=[item], method=method).decode()
    zone = zoneinfo.ZoneInfo(_zone(draft))
    when = draft.start.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")
    verb = {"REQUEST": "Invitation" if item.sequence == 0 else "Updated", "CANCEL": "Cancelled"}
    subject = f"{verb.get(method, method)}: {draft.summary}, {when}"
    body = draft.description
    if method == "CANCEL":
        body = f"This session is cancelled.\n\n{body}"
    messages = []
    for person in draft.attendees:
        message = EmailMultiAlternatives(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[f"{person.name} <{person.email}>"],
            reply_to=[settings.CALENDAR_ORGANIZER_EMAIL],
        )
        # With a charset here Django writes it twice (FIELD_NOTES): it adds its own.
        message.attach_alternative(ics, f"text/calendar; method={method}")
        messages.append(message)
    return messages


def _zone(draft: Draft) -> str:
    return str(
        RotationPlan.objects.values_list("timezone", flat=True).get(pk=draft.plan_id) or "UTC"
    )


def _send(uid: str, build: Stamped, method: Method) -> bool:
    """Send one event's message unless another sender already did; record it."""
    with transaction.atomic():
        state = CalendarEvent.objects.select_for_update().get(uid=uid)
        if method == "REQUEST" and (state.sent_method, state.sent_sequence) == (
            "REQUEST",
            state.sequence,
        ):
            return False
        if method == "CANCEL":
            if state.sent_method != "REQUEST":
                return False
            # A cancellation is a revision: it carries a higher SEQUENCE (RFC 5546 3.2.5).
            state.sequence += 1
            state.changed_at = timezone.now()
        item = Stamped(
            draft=build.draft,
            sequence=state.sequence,
            dtstamp=max(build.dtstamp, state.changed_at).astimezone(dt.UTC),
        )
        get_connection().send_messages(_message(item, method))
        state.sent_method, state.sent_sequence = method, state.sequence
        state.save(update_fields=["sequence", "changed_at", "sent_method", "sent_sequence"])
    return True


def _deleted_row(state: CalendarEvent) -> Row:
    """What a session whose assignment row was deleted was about, from its event's state."""
    slot, shadower = state.slot, state.shadower
    assert shadower is not None  # noqa: S101  (only sessions are cancelled)
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
        host_name=slot.host.name,
        host_email=slot.host.email,
        host_site=slot.host.site.name,
        host_department=slot.host.department.name,
        shadower_id=shadower.pk,
        shadower_name=shadower.name,
        shadower_email=shadower.email,
        shadower_role=shadower.role,
        shadower_department=shadower.department.name,
    )


def invitations_send(*, plan: RotationPlan) -> InvitationReport:
    """Send what changed in a published plan since the last invitations."""
    if plan.published_at is None:
        return InvitationReport(requests=0, cancels=0)
    rows = rows_of(assignments_published(Assignment.objects.filter(plan=plan)))
    drafts = [session_draft(row) for row in rows if row.live]
    states = event_states(drafts)
    requests = 0
    for draft in drafts:
        state = states[draft.uid]
        if (state.sent_method, state.sent_sequence) != ("REQUEST", state.sequence):
            stamped = Stamped(draft, state.sequence, max(draft.touched, state.changed_at))
            requests += _send(draft.uid, stamped, "REQUEST")

    by_key = {(row.slot_id, row.shadower_id): row for row in rows}
    gone = (
        CalendarEvent.objects.filter(plan=plan, shadower__isnull=False, sent_method="REQUEST")
        .exclude(uid__in=[d.uid for d in drafts])
        .select_related("slot__host__site", "slot__host__department", "shadower__department")
    )
    cancels = 0
    for state in gone:
        row = by_key.get((state.slot_id, state.shadower_id or 0)) or _deleted_row(state)
        draft = session_draft(row)
        cancels += _send(state.uid, Stamped(draft, state.sequence, draft.touched), "CANCEL")
    return InvitationReport(requests=requests, cancels=cancels)


def invitations_schedule(*, plan: RotationPlan) -> None:
    """Send the plan's invitations from a worker once the caller's transaction commits."""
    from calendars.tasks import invitations_send_task  # the task module imports this one

    plan_id = plan.pk
    transaction.on_commit(lambda: invitations_send_task.delay(plan_id))


__all__ = ["InvitationReport", "invitations_schedule", "invitations_send"]
