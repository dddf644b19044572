"""iCalendar serialisation (icalendar does the escaping, folding and CRLF).

All times are written in UTC: clients show them in the reader's zone, and no VTIMEZONE is
needed (icalendar's generated VTIMEZONE puts the spring change an hour late; FIELD_NOTES).
Nothing here reads the clock: the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

from calendars.state import Stamped

Method = Literal["PUBLISH", "REQUEST", "CANCEL"]
PRODID = "-//rotations//calendars 1//EN"
REFRESH = dt.timedelta(hours=1)


def _organizer() -> vCalAddress:
    organizer = vCalAddress(f"mailto:{settings.CALENDAR_ORGANIZER_EMAIL}")
    organizer.params["CN"] = settings.CALENDAR_ORGANIZER_NAME
    return organizer


def _attendee(name: str, email: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["CN"] = name
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "TRUE"
    return attendee


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _event(item: Stamped, method: Method) -> Event:
    draft = item.draft
    event = Event()
    event.add("uid", draft.uid)
    event.add("dtstamp", _utc(item.dtstamp))
    event.add("dtstart", _utc(draft.start))
    event.add("dtend", _utc(draft.end))
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if method == "CANCEL" else draft.status)
    event.add("summary", draft.summary)
    event.add("location", draft.location)
    event.add("description", draft.description)
    event.add("url", draft.url)
    event.add("organizer", _organizer())
    event.add("transp", "OPAQUE")
    if method != "PUBLISH":  # iTIP: PUBLISH has no attendees, REQUEST and CANCEL need them
        for person in draft.attendees:
            event.add("attendee", _attendee(person.name, person.email))
    return event


def calendar_render(*, events: Sequence[Stamped], method: Method, name: str | None = None) -> bytes:
    """A VCALENDAR of `events`; `name` makes it a subscribable feed (names, refresh hints)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name is not None:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        # RFC 7986 requires VALUE=DURATION, which icalendar leaves out (FIELD_NOTES).
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    for item in events:
        calendar.add_component(_event(item, method))
    data: bytes = calendar.to_ical()
    return data
