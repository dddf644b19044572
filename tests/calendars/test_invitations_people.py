"""Invitations right for each person: any name, their own zone, one event per host session,
and one person's failure never stops the others."""

from __future__ import annotations

import email
from email import policy

import pytest
from django.core import mail
from icalendar import Calendar

from calendars.invitations import invitations_catch_up, invitations_send
from calendars.models import CalendarEvent
from calendars.uids import hosting_uid
from rotations.models import Employee
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.calendars.conftest import solution
from tests.calendars.validators import assert_valid, ical_parse
from tests.factories import SiteFactory, local
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db

NAMES = ["Smith, Jr.", "O'Neil", 'Zoë "Z" Åberg']


def _ics(message) -> bytes:
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def _publish(company, *pairs, capture) -> None:
    plan_apply_solution(plan=company.plan, solution=solution(*pairs))
    with capture(execute=True):
        plan_publish(plan=company.plan)


def test_names_with_commas_quotes_and_accents_are_invited_at_their_own_address(
    db, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=3, weeks=1)
    for person, name in zip(company.shadowers, NAMES, strict=True):
        Employee.objects.filter(pk=person.pk).update(name=name)
    host = company.slots[0].host
    Employee.objects.filter(pk=host.pk).update(name="Núñez, María")
    pairs = [(p.employee_id, company.slots[i // 2].pk) for i, p in enumerate(company.shadowers)]
    _publish(company, *pairs, capture=django_capture_on_commit_callbacks)

    received = {}
    for message in mail.outbox:
        parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
        (to,) = parsed["To"].addresses
        received[to.addr_spec] = to.display_name
        text = assert_valid(_ics(message))  # libical's iTIP restriction check, and `ical`
        for event in ical_parse(text).events:
            assert event.attendees
    assert {received[p.email] for p in company.shadowers} == set(NAMES)
    assert received[host.email] == "Núñez, María"
    assert CalendarEvent.objects.filter(failures__gt=0).count() == 0


def test_a_host_with_three_shadowers_gets_one_event_with_the_uid_of_their_feed(
    db, django_capture_on_commit_callbacks, fetch
):
    company = small_company(shadowers=3, weeks=1)
    slot = company.slots[0]
    slot.capacity = 3
    slot.save()
    _publish(
        company,
        *[(p.employee_id, slot.pk) for p in company.shadowers],
        capture=django_capture_on_commit_callbacks,
    )
    to_host = [m for m in mail.outbox if slot.host.email in m.to[0]]
    assert len(to_host) == 1
    (event,) = ical_parse(assert_valid(_ics(to_host[0]))).events
    assert event.uid == hosting_uid(plan_id=company.plan.pk, slot_id=slot.pk)
    assert sorted(a.uri for a in event.attendees) == sorted(
        f"mailto:{p.email}" for p in [slot.host, *company.shadowers]
    )
    assert event.summary == "Hosting 3 shadowers: Ride-along"
    for person in company.shadowers:
        assert f"- {person.name}: confirm http://localhost:8000/a/" in to_host[0].body

    feed = Calendar.from_ical(fetch(slot.host).content)
    assert [str(e["UID"]) for e in feed.walk("VEVENT")] == [event.uid]
    assert len(mail.outbox) == 4  # and one to each shadower


def test_subjects_and_bodies_are_in_each_recipients_own_zone(
    db, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=1, weeks=1)
    phoenix = SiteFactory.create(name="Phoenix", timezone="America/Phoenix")
    slot = company.slots[0]
    Employee.objects.filter(pk=slot.host_id).update(site=phoenix)
    slot.start = local(2027, 1, 5, 15)  # 15:00 in Detroit, 13:00 in Phoenix
    slot.end = local(2027, 1, 5, 17)
    slot.save()
    _publish(company, ("E1", slot.pk), capture=django_capture_on_commit_callbacks)

    by_to = {m.to[0].split("<")[1].rstrip(">"): m for m in mail.outbox}
    to_host, to_shadower = by_to[slot.host.email], by_to[company.shadowers[0].email]
    assert "Tue 05 Jan 2027 13:00 MST" in to_host.subject
    assert "13:00-15:00 MST (America/Phoenix)" in to_host.body
    assert "Tue 05 Jan 2027 15:00 EST" in to_shadower.subject
    assert "15:00-17:00 EST (America/Detroit)" in to_shadower.body


def test_a_failure_for_one_recipient_is_recorded_and_the_others_are_still_invited(
    db, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=3, weeks=1)
    broken = company.shadowers[0]
    # A header injection in the address: Django refuses to write that message.
    Employee.objects.filter(pk=broken.pk).update(email="e1@example.com\nBcc: all@example.com")
    pairs = [(p.employee_id, company.slots[i].pk) for i, p in enumerate(company.shadowers)]
    _publish(company, *pairs, capture=django_capture_on_commit_callbacks)

    invited = {m.to[0].split("<")[1].rstrip(">") for m in mail.outbox}
    others = {p.email for p in company.shadowers[1:]}
    others |= {company.slots[i].host.email for i in (0, 1, 2)}
    assert invited == others
    # The broken person's session, and their host's event of that slot (it lists them).
    failed = CalendarEvent.objects.filter(failures__gt=0)
    slot = company.slots[0]
    assert {(e.slot_id, e.shadower_id) for e in failed} == {(slot.pk, broken.pk), (slot.pk, None)}
    assert all(e.sent_method == "" and "CR or LF" in e.last_error for e in failed)

    # HR fixes the address; beat's catch-up sends those two, and only those.
    Employee.objects.filter(pk=broken.pk).update(email="broken@example.com")
    mail.outbox.clear()
    assert invitations_catch_up() == {str(company.plan.pk): 2}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [f"{broken.name} <broken@example.com>", f"{slot.host.name} <{slot.host.email}>"]
    )
    assert not CalendarEvent.objects.filter(failures__gt=0).exists()
    assert CalendarEvent.objects.filter(sent_method="REQUEST").count() == 6
    assert invitations_send(plan=company.plan).requests == 0
