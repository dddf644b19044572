"""Invitations: METHOD:REQUEST on publish, a higher SEQUENCE on change, CANCEL on removal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from icalendar import Calendar

from calendars.invitations import invitations_send
from calendars.uids import hosting_uid, session_uid
from rotations.models import Assignment, AssignmentStatus
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.calendars.conftest import solution
from tests.calendars.validators import assert_valid, ical_parse
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def _calendar_part(message) -> Any:
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def _ics(message) -> bytes:
    payload = _calendar_part(message).get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def _by_uid(messages) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for message in messages:
        (event,) = Calendar.from_ical(_ics(message)).walk("VEVENT")
        found.setdefault(str(event["UID"]), []).append(message)
    return found


def test_publishing_invites_the_shadower_to_their_session_and_the_host_to_their_slot(
    db, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=2, weeks=1)
    slot = company.slots[0]
    plan_apply_solution(plan=company.plan, solution=solution(("E1", slot.pk)))
    assert mail.outbox == []  # a solved plan that nobody has seen sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=company.plan)

    assert len(mail.outbox) == 2
    shadower, host = company.shadowers[0], slot.host
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {f"{shadower.name} <{shadower.email}>", f"{host.name} <{host.email}>"}
    uids = {
        shadower.email: session_uid(
            plan_id=company.plan.pk, slot_id=slot.pk, shadower_id=shadower.pk
        ),
        host.email: hosting_uid(plan_id=company.plan.pk, slot_id=slot.pk),
    }
    for message in mail.outbox:
        part = _calendar_part(message)
        assert part["Content-Type"] == 'text/calendar; method="REQUEST"; charset="utf-8"'
        assert str(part["Content-Type"]).lower().count("charset") == 1
        data = _ics(message)
        text = assert_valid(data)
        assert "METHOD:REQUEST" in text.split("\r\n")
        (event,) = ical_parse(text).events
        recipient = message.to[0].split("<")[1].rstrip(">")
        assert event.uid == uids[recipient]
        assert event.sequence == 0
        assert event.dtstart == slot.start
        assert event.organizer is not None
        assert event.organizer.uri == "mailto:rotations@localhost"
        assert sorted(a.uri for a in event.attendees) == sorted(
            [f"mailto:{shadower.email}", f"mailto:{host.email}"]
        )
        for attendee in event.attendees:
            assert attendee.status == "NEEDS-ACTION"
            assert attendee.rsvp is True
        assert "PARTSTAT=NEEDS-ACTION" in text
        assert "RSVP=TRUE" in text
    to_shadower = to[f"{shadower.name} <{shadower.email}>"]
    assert to_shadower.subject.startswith(f"Invitation: Shadowing {host.name}: ")
    assert "What to expect" in to_shadower.body
    to_host = to[f"{host.name} <{host.email}>"]
    assert to_host.subject.startswith("Invitation: Hosting 1 shadower: ")
    assert "Shadowing" not in to_host.subject
    assert f"awaiting {host.name}" not in to_host.body  # written for the host, not about them
    assert f"- {shadower.name}: confirm http://localhost:8000/a/" in to_host.body


def test_publishing_again_sends_nothing_new(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=published.plan)
    assert mail.outbox == []
    assert invitations_send(plan=published.plan).requests == 0


def test_a_change_of_time_sends_a_request_with_a_higher_sequence_and_the_same_uid(
    published, django_capture_on_commit_callbacks
):
    e1 = published.shadower("E1")
    slot = published.slot(8)
    slot.start += dt.timedelta(days=1)
    slot.end += dt.timedelta(days=1)
    slot.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(
            plan=published.plan, solution=solution(*published.pairs), revision=False
        )

    uid = session_uid(plan_id=published.plan.pk, slot_id=slot.pk, shadower_id=e1.pk)
    host_uid = hosting_uid(plan_id=published.plan.pk, slot_id=slot.pk)
    # Only the session that changed: its shadower's event and its host's.
    assert set(_by_uid(mail.outbox)) == {uid, host_uid}
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = assert_valid(_ics(message))
        (event,) = ical_parse(text).events
        assert (event.sequence, event.dtstart) == (1, slot.start)
        assert message.subject.startswith("Updated: ")


def test_a_session_dropped_by_a_replan_is_cancelled(published, django_capture_on_commit_callbacks):
    kept = [p for p in published.pairs if p[0] != "E2"]
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(plan=published.plan, solution=solution(*kept), revision=False)

    e2 = published.shadower("E2")
    slot = published.slot(0)
    uid = session_uid(plan_id=published.plan.pk, slot_id=slot.pk, shadower_id=e2.pk)
    host_uid = hosting_uid(plan_id=published.plan.pk, slot_id=slot.pk)
    found = _by_uid(mail.outbox)
    assert set(found) == {uid, host_uid}  # E2's cancellation, and R1's slot without E2
    (message,) = found[uid]
    assert message.to == [f"{e2.name} <{e2.email}>"]
    part = _calendar_part(message)
    assert part["Content-Type"] == 'text/calendar; method="CANCEL"; charset="utf-8"'
    text = assert_valid(_ics(message))
    assert "METHOD:CANCEL" in text.split("\r\n")
    (cancel,) = ical_parse(text).events
    assert cancel.status == "CANCELLED"
    assert cancel.sequence == 1  # a cancellation is a revision
    (update,) = ical_parse(assert_valid(_ics(found[host_uid][0]))).events
    assert [a.uri for a in update.attendees] == [
        f"mailto:{slot.host.email}",
        f"mailto:{published.shadower('E1').email}",
    ]
    mail.outbox.clear()
    assert invitations_send(plan=published.plan).cancels == 0  # sent once only

    # Proposed again by a later re-plan: a new REQUEST, above the cancellation's SEQUENCE
    # and later than it, or clients keep the cancellation (RFC 5546 2.1.5).
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(
            plan=published.plan, solution=solution(*published.pairs), revision=False
        )
    found = _by_uid(mail.outbox)
    assert set(found) == {uid, host_uid}
    (revived,) = ical_parse(assert_valid(_ics(found[uid][0]))).events
    assert revived.sequence is not None and cancel.sequence is not None
    assert revived.sequence > cancel.sequence
    assert revived.dtstamp > cancel.dtstamp
    assert revived.status == "TENTATIVE"
    assert "METHOD:REQUEST" in _ics(found[uid][0]).decode()


def test_a_declined_session_is_cancelled_on_the_next_send(published):
    e1 = published.shadower("E1")
    Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
        status=AssignmentStatus.DECLINED
    )
    report = invitations_send(plan=published.plan)
    assert (report.requests, report.cancels) == (1, 1)  # the host's slot lost E1
    (cancel,) = [m for m in mail.outbox if b"METHOD:CANCEL" in _ics(m)]
    assert cancel.to == [f"{e1.name} <{e1.email}>"]


def test_the_invitation_time_in_the_subject_is_the_plans_local_time(
    db, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=1, weeks=1)
    slot = company.slots[0]  # 2027-01-05 09:00 in Detroit
    plan_apply_solution(plan=company.plan, solution=solution(("E1", slot.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=company.plan)
    assert all("Tue 05 Jan 2027 09:00 EST" in m.subject for m in mail.outbox)


def test_a_session_deleted_in_the_admin_is_cancelled_too(published):
    e2 = published.shadower("E2")
    Assignment.objects.filter(shadower=e2).delete()
    report = invitations_send(plan=published.plan)
    assert (report.requests, report.cancels) == (1, 1)
    assert sorted(m.to[0].split(" <")[0] for m in mail.outbox) == sorted(
        [e2.name, published.slot(0).host.name]
    )
    (cancel,) = [m for m in mail.outbox if b"METHOD:CANCEL" in _ics(m)]
    (event,) = ical_parse(assert_valid(_ics(cancel))).events
    assert event.url == "http://localhost:8000/sessions/"
