"""UIDs survive re-plans, SEQUENCE follows time and place, local times survive DST."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
from icalendar import Calendar, Event

from calendars.uids import session_uid
from rotations.models import Assignment
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.calendars.conftest import get_feed, solution
from tests.calendars.validators import ICalGLib, assert_valid
from tests.factories import HostingSlotFactory, local

pytestmark = pytest.mark.django_db
DETROIT = zoneinfo.ZoneInfo("America/Detroit")


def _uid_sequence(body: bytes) -> dict[str, int]:
    return {
        str(e["UID"]): int(e.decoded("SEQUENCE")) for e in Calendar.from_ical(body).walk("VEVENT")
    }


def test_a_replan_keeps_uids_and_bumps_sequence_only_where_time_or_place_changed(
    published, fetch, django_capture_on_commit_callbacks
):
    plan = published.plan
    before = _uid_sequence(fetch(plan).content)
    assert set(before.values()) == {0}

    moved = published.slot(8)  # E1's second session: HR moves it by an hour
    moved.start += dt.timedelta(hours=1)
    moved.end += dt.timedelta(hours=1)
    moved.save()
    remote = published.slot(14)  # E3's session becomes a video call: a change of place
    remote.remote = True
    remote.save()
    kept = [p for p in published.pairs if p[0] != "E2"]
    added = ("E4", published.slot(2).pk)
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(plan=plan, solution=solution(*kept, added), revision=False)

    body = fetch(plan).content
    assert_valid(body)
    after = _uid_sequence(body)

    def uid(employee_id: str, slot_pk: int) -> str:
        shadower = published.shadower(employee_id)
        return session_uid(plan_id=plan.pk, slot_id=slot_pk, shadower_id=shadower.pk)

    assert set(before) - set(after) == {uid("E2", published.slot(0).pk)}  # dropped
    assert set(after) - set(before) == {uid(*added)}
    changed = {uid("E1", moved.pk), uid("E3", remote.pk)}
    for key in set(before) & set(after):
        assert after[key] == (1 if key in changed else 0), key
    assert after[uid(*added)] == 0


def test_uids_do_not_depend_on_the_assignment_row_or_on_publishing_again(published, fetch):
    e1 = published.shadower("E1")
    before = _uid_sequence(fetch(e1).content)
    row = Assignment.objects.get(shadower=e1, slot=published.slot(0))
    row.delete()  # a re-plan of a draft deletes and re-creates rows of the same session
    Assignment.objects.create(plan=published.plan, shadower=e1, slot=published.slot(0))
    plan_publish(plan=published.plan)
    assert _uid_sequence(fetch(e1).content) == before


def test_the_uid_carries_no_token_or_personal_data(published, client):
    from calendars.tokens import feed_token_issue

    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    uids = _uid_sequence(get_feed(client, token).content)
    assert uids
    for uid in uids:
        # A bare name-based UUID: hex digits only, room for no name, e-mail or token.
        assert str(uuid.UUID(uid)) == uid
        assert uuid.UUID(uid).version == 5
        assert token not in uid


def _libical_local_starts(body: bytes, zone: str) -> list[tuple[str, str]]:
    """Each event's DTSTART and DTEND as libical reads them, converted to `zone`."""
    calendar = ICalGLib.Component.new_from_string(body.decode())
    tz = ICalGLib.Timezone.get_builtin_timezone(zone)
    found = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        start, end = event.get_dtstart(), event.get_dtend()
        assert start.is_utc() and end.is_utc()
        start.convert_to_zone_inplace(tz)
        end.convert_to_zone_inplace(tz)
        found.append((start.as_ical_string(), end.as_ical_string()))
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return sorted(found)


def test_sessions_across_the_spring_change_keep_their_local_wall_clock_time(published, fetch):
    """Detroit moves its clocks on 2027-03-14 at 02:00; libical must read every hour right."""
    e4 = published.shadower("E4")
    host = published.company.reps[2]
    starts = [
        local(2027, 3, 9, 9),  # the week before, EST
        local(2027, 3, 16, 9),  # the week after, EDT: still 09:00 on the wall
        local(2027, 3, 14, 1, 30),  # half an hour before the change ...
        local(2027, 3, 14, 3, 30),  # ... the first hour after it (07:30 UTC)
    ]
    for start in starts:
        slot = HostingSlotFactory.create(host=host, start=start, end=start + dt.timedelta(hours=1))
        Assignment.objects.create(plan=published.plan, shadower=e4, slot=slot)
    overnight = HostingSlotFactory.create(  # spans the change: 5 real hours, 6 on the clock
        host=host, start=local(2027, 3, 13, 22), end=local(2027, 3, 14, 4)
    )
    Assignment.objects.create(plan=published.plan, shadower=e4, slot=overnight)
    body = fetch(e4).content
    assert_valid(body)

    assert _libical_local_starts(body, "America/Detroit") == [
        ("20270309T090000", "20270309T100000"),
        ("20270313T220000", "20270314T040000"),
        ("20270314T013000", "20270314T033000"),  # 01:30 EST + 1 h = 03:30 EDT
        ("20270314T033000", "20270314T043000"),
        ("20270316T090000", "20270316T100000"),
    ]
    events = Calendar.from_ical(body).walk("VEVENT")
    wall = sorted(e.decoded("DTSTART").astimezone(DETROIT).strftime("%d %H:%M") for e in events)
    assert wall == ["09 09:00", "13 22:00", "14 01:30", "14 03:30", "16 09:00"]


def test_icalendars_generated_vtimezone_puts_the_spring_change_an_hour_late():
    """Why the feeds write UTC: with add_missing_timezones(), libical reads the hour after
    the change wrong (07:30 UTC on 2027-03-14 is 03:30 EDT, not 02:30, which does not exist).
    If icalendar fixes this, this test fails and TZID output becomes an option again."""
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", "dst-check")
    event.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    event.add("dtstart", dt.datetime(2027, 3, 14, 3, 30, tzinfo=DETROIT))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    parsed = ICalGLib.Component.new_from_string(calendar.to_ical().decode())
    vtimezone = parsed.get_first_component(ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    generated = ICalGLib.Timezone.new()
    generated.set_component(vtimezone.clone())
    builtin = ICalGLib.Timezone.get_builtin_timezone("America/Detroit")

    def read(zone: ICalGLib.Timezone) -> str:
        moment = ICalGLib.Time.new_from_string("20270314T073000Z")
        moment.convert_to_zone_inplace(zone)
        return str(moment.as_ical_string())

    expected = dt.datetime(2027, 3, 14, 7, 30, tzinfo=dt.UTC).astimezone(DETROIT)
    assert expected.strftime("%Y%m%dT%H%M%S") == "20270314T033000"
    assert read(builtin) == "20270314T033000"
    assert read(generated) == "20270314T023000"  # the bug
