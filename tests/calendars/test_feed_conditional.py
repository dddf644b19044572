"""A conditional request is answered from the feed's stored validator: an unchanged feed's
304 reads no session and renders nothing; any change the body depends on (a row, a name,
an event's SEQUENCE raised by an invitation) gives a full answer with new validators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from calendars.models import CalendarEvent
from calendars.tokens import feed_token_issue, plan_feed_token_issue
from rotations.models import Assignment, AssignmentStatus, Employee, HostingSlot
from tests.calendars.conftest import get_feed

pytestmark = pytest.mark.django_db


def _queries(client, token: str, **headers: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        status = get_feed(client, token, **headers).status_code
    return status, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("owner", ["employee", "plan"])
def test_an_unchanged_feeds_304_reads_no_session_and_no_event_state(published, client, owner):
    if owner == "employee":
        token = feed_token_issue(employee=published.shadower("E1"))
    else:
        token = plan_feed_token_issue(plan=published.plan)
    first = get_feed(client, token)
    status, sql = _queries(client, token, **{"If-None-Match": first["ETag"]})
    assert status == 304
    # The token, the rows' digest (one per kind of row) and the events' digest; no row of
    # a session or of an event's state is read, none written.
    assert len(sql) <= 4, sql
    assert not [q for q in sql if '"uid" IN' in q or q.startswith(("UPDATE", "INSERT"))], sql
    assert all("md5(" in q or "COUNT(" in q.upper() or "calendars_feedtoken" in q for q in sql)
    # The same 304 by date.
    status, sql = _queries(client, token, **{"If-Modified-Since": first["Last-Modified"]})
    assert status == 304 and len(sql) <= 4


def _changed(client, token: str, change) -> None:
    first = get_feed(client, token)
    assert get_feed(client, token, **{"If-None-Match": first["ETag"]}).status_code == 304
    change()
    again = get_feed(client, token, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert get_feed(client, token, **{"If-None-Match": again["ETag"]}).status_code == 304


def test_a_status_changed_without_a_timestamp_gives_a_full_answer(published, client):
    e1 = published.shadower("E1")
    _changed(
        client,
        feed_token_issue(employee=e1),
        lambda: Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
            status=AssignmentStatus.CONFIRMED
        ),
    )


def test_a_hosts_new_name_gives_a_full_answer(published, client):
    host = published.slot(0).host
    _changed(
        client,
        plan_feed_token_issue(plan=published.plan),
        lambda: Employee.objects.filter(pk=host.pk).update(name="Rita Renamed"),
    )


def test_a_moved_slot_gives_a_full_answer(published, client):
    slot = published.slot(8)
    later = dt.timedelta(hours=1)
    _changed(
        client,
        feed_token_issue(employee=published.shadower("E1")),
        lambda: HostingSlot.objects.filter(pk=slot.pk).update(
            start=F("start") + later, end=F("end") + later
        ),
    )


def test_a_sequence_raised_by_an_invitation_gives_a_full_answer(published, client):
    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    get_feed(client, token)  # the events' state exists
    _changed(
        client,
        token,
        lambda: CalendarEvent.objects.filter(shadower=e1).update(sequence=F("sequence") + 1),
    )
