"""What a feed says: one valid VEVENT per session, as the database has it, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from calendars.uids import hosting_uid, session_uid
from rotations.models import Assignment, AssignmentStatus, SlotStatus
from tests.calendars.conftest import get_feed
from tests.calendars.validators import assert_valid, ical_parse
from tests.factories import HostingSlotFactory

pytestmark = pytest.mark.django_db


def _events(body: bytes):
    return {e["UID"]: e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_a_shadowers_feed_has_one_valid_event_per_session_matching_the_database(published, fetch):
    e1 = published.shadower("E1")
    response = fetch(e1)
    text = assert_valid(response.content)

    rows = Assignment.objects.filter(shadower=e1).select_related("slot__host__site")
    parsed = {e.uid: e for e in ical_parse(text).events}
    assert len(parsed) == rows.count() == 2
    for a in rows:
        uid = session_uid(plan_id=a.plan_id, slot_id=a.slot_id, shadower_id=e1.pk)
        event = parsed[uid]
        assert event.dtstart == a.slot.start
        assert event.dtend == a.slot.end
        assert event.sequence == 0
        assert event.status == "TENTATIVE"  # awaiting the host
        assert event.summary == f"Shadowing {a.slot.host.name}: Ride-along"
        assert event.location == f"{a.slot.host.site.name} office"
        assert event.url == f"http://localhost:8000/assignments/{a.pk}/"
        assert event.organizer is not None
        assert event.organizer.uri == "mailto:rotations@localhost"
        assert event.dtstamp == a.updated_at.replace(microsecond=0)
        assert "What to expect" in (event.description or "")
        assert f"{a.slot.host.name} <{a.slot.host.email}>" in (event.description or "")


def test_the_calendar_carries_its_name_and_refresh_hints(published, fetch):
    e1 = published.shadower("E1")
    text = fetch(e1).content.decode()
    lines = text.split("\r\n")
    assert f"NAME:Shadowing: {e1.name}" in lines
    assert f"X-WR-CALNAME:Shadowing: {e1.name}" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert "METHOD:PUBLISH" in lines
    assert "ATTENDEE" not in text  # iTIP: a published calendar names no attendees


def test_times_are_in_utc_without_any_vtimezone(published, fetch):
    text = fetch(published.shadower("E1")).content.decode()
    starts = [line for line in text.split("\r\n") if line.startswith(("DTSTART", "DTEND"))]
    assert starts and all(line.endswith("Z") and ";TZID=" not in line for line in starts)
    assert "VTIMEZONE" not in text


def test_a_confirmed_session_is_confirmed(published, fetch):
    e1 = published.shadower("E1")
    Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
        status=AssignmentStatus.CONFIRMED
    )
    events = _events(fetch(e1).content)
    uid = session_uid(plan_id=published.plan.pk, slot_id=published.slot(0).pk, shadower_id=e1.pk)
    assert str(events[uid]["STATUS"]) == "CONFIRMED"


def test_a_host_sees_each_hosted_slot_once_with_its_shadowers(published, fetch):
    r1 = published.company.reps[0]
    response = fetch(r1)
    text = assert_valid(response.content)
    (event,) = ical_parse(text).events
    assert event.uid == hosting_uid(plan_id=published.plan.pk, slot_id=published.slot(0).pk)
    assert event.summary == "Hosting 2 shadowers: Ride-along"
    for employee_id in ("E1", "E2"):
        shadower = published.shadower(employee_id)
        assert f"{shadower.name}, {shadower.department.name}, Backroom" in (event.description or "")


def test_hrs_plan_feed_has_every_session_of_the_plan(published, fetch):
    text = assert_valid(fetch(published.plan).content)
    events = ical_parse(text).events
    assert len(events) == len(published.pairs)
    assert {e.uid for e in events} == {
        session_uid(plan_id=a.plan_id, slot_id=a.slot_id, shadower_id=a.shadower_id)
        for a in published.assignments()
    }


def test_a_cancelled_or_declined_session_or_slot_leaves_the_feed(published, fetch):
    e1 = published.shadower("E1")
    assert len(_events(fetch(e1).content)) == 2
    Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
        status=AssignmentStatus.CANCELLED
    )
    assert len(_events(fetch(e1).content)) == 1
    published.slot(8).status = SlotStatus.CANCELLED
    published.slot(8).save()
    assert_valid(body := fetch(e1).content)
    assert _events(body) == {}


def test_an_unpublished_plan_is_not_in_any_feed(published, fetch):
    published.plan.published_at = None
    published.plan.save()
    assert _events(fetch(published.shadower("E1")).content) == {}


def test_the_window_keeps_recent_past_sessions_and_drops_old_ones(published, fetch, settings):
    settings.CALENDAR_FEED_PAST_DAYS = 30
    e4 = published.shadower("E4")
    r3 = published.company.reps[2]
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    recent = HostingSlotFactory.create(host=r3, start=now - dt.timedelta(days=10))
    old = HostingSlotFactory.create(host=r3, start=now - dt.timedelta(days=40))
    for slot in (recent, old):
        Assignment.objects.create(plan=published.plan, shadower=e4, slot=slot)
    events = _events(fetch(e4).content)
    assert set(events) == {
        session_uid(plan_id=published.plan.pk, slot_id=recent.pk, shadower_id=e4.pk)
    }


def test_rendering_twice_gives_the_same_bytes_and_etag(published, client):
    from calendars.tokens import feed_token_issue

    token = feed_token_issue(employee=published.shadower("E1"))
    first = get_feed(client, token)
    second = get_feed(client, token)
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert first["Last-Modified"] == second["Last-Modified"]


def test_names_with_accents_and_long_descriptions_fold_correctly(published, fetch):
    e1 = published.shadower("E1")
    host = published.company.reps[0]
    host.name = "Zoë Ångström-Łukasiewicz Þórsdóttir 漢字かな交じり文"
    host.save()
    text = assert_valid(fetch(e1).content)
    assert any(host.name in (e.summary or "") for e in ical_parse(text).events)
