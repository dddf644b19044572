"""A feed's stored validator: what a conditional request is checked against, cheaply.

A feed's body depends on its rows (the assignments with their slot, host and shadower, as
`drafts.ROW_FIELDS` reads them), on the calendar state of its events (SEQUENCE and DTSTAMP,
which invitations may raise too), on the rolling window's first day, the feed's name and a
few settings. `feed_state` digests all of that in two aggregate queries, inside PostgreSQL
(no row reaches Python), into one key; the token stores the key next to the ETag and
Last-Modified of the body it produced. A request whose key is the stored one gets the
stored validators without reading or rendering a session, so a 304 costs little.

The key is computed before the rows are read for a body: a change in between makes the
stored key older than the body (one more full answer later), never a key newer than it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet, Sum

from calendars.drafts import ROW_FIELDS, employee_feed_rows, plan_feed_rows
from calendars.models import CalendarEvent, FeedToken
from rotations.models import Assignment


def _rows_digest(qs: QuerySet[Assignment]) -> str:
    """md5 of the rows' text, with their count: every column a body reads, in one value."""
    # Unordered inside (the aggregate sorts the rows' text itself): one sort, not two.
    sql, params = qs.order_by().values_list(*ROW_FIELDS).query.sql_with_params()
    # Django's own SQL for the query, its parameters passed apart: nothing is interpolated.
    digest_sql = (
        "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')), count(*) "  # noqa: S608
        f"FROM ({sql}) AS t"
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(digest_sql, params)
        digest, count = cursor.fetchone()
    return f"{digest}:{count}"


def _events_digest(events: QuerySet[CalendarEvent]) -> str:
    """The calendar state of the feed's events (a superset: any change invalidates)."""
    found = events.aggregate(n=Count("pk"), seq=Sum("sequence"), last=Max("changed_at"))
    last = found["last"].isoformat() if found["last"] is not None else ""
    return f"{found['n']}:{found['seq'] or 0}:{last}"


def feed_state(*, record: FeedToken, since: dt.datetime, render_version: int) -> str:
    """The key of what `record`'s feed would say now (hex sha256)."""
    if record.employee is not None:
        employee = record.employee
        shadowing, hosting = employee_feed_rows(employee=employee, since=since)
        parts = [employee.name, _rows_digest(shadowing), _rows_digest(hosting)]
        events = CalendarEvent.objects.filter(
            Q(shadower=employee) | Q(shadower__isnull=True, slot__host=employee)
        )
    else:
        assert record.plan is not None  # noqa: S101  (the check constraint says so)
        plan = record.plan
        parts = [plan.name, _rows_digest(plan_feed_rows(plan=plan, since=since))]
        events = CalendarEvent.objects.filter(plan=plan)
    parts += [
        _events_digest(events),
        since.isoformat(),
        str(render_version),
        settings.CALENDAR_ORGANIZER_NAME,
        settings.CALENDAR_ORGANIZER_EMAIL,
        settings.WEB_BASE_URL,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def feed_state_store(*, record: FeedToken, state: str, etag: str) -> None:
    """Remember `state` as the key of the body with `etag`, if that is still the stored
    body (a concurrent answer with a newer body keeps its own pair)."""
    FeedToken.objects.filter(pk=record.pk, etag=etag).exclude(state=state).update(state=state)
