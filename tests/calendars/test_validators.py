"""The validators themselves catch what they are there to catch (else every check is moot)."""

from __future__ import annotations

import pytest

from tests.calendars.validators import byte_errors, ical_parse, libical_errors


def _calendar(method: str, *event_lines: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        "UID:1",
        "DTSTAMP:20270101T000000Z",
        "DTSTART:20270105T140000Z",
        "DTEND:20270105T170000Z",
        "SUMMARY:s",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def test_libical_accepts_a_well_formed_publish():
    assert libical_errors(_calendar("PUBLISH", "ORGANIZER:mailto:o@example.com")) == []


def test_libical_refuses_attendees_in_a_publish_and_a_request_without_organizer():
    publish = _calendar("PUBLISH", "ORGANIZER:mailto:o@example.com", "ATTENDEE:mailto:a@x.com")
    assert any("ATTENDEE" in e for e in libical_errors(publish))
    request = _calendar("REQUEST", "ATTENDEE:mailto:a@x.com")
    assert any("ORGANIZER" in e for e in libical_errors(request))


def test_byte_checks_catch_bare_newlines_long_lines_and_split_characters():
    assert byte_errors(b"BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    assert byte_errors(b"X:" + b"a" * 80 + b"\r\n") == ["line 1: 82 octets"]
    assert byte_errors("X:é".encode()[:-1] + b"\r\n") == ["line 1: a fold splits a UTF-8 character"]


def test_ical_refuses_an_unknown_status():
    with pytest.raises(Exception, match=r"CONFIRMED.*TENTATIVE.*CANCELLED"):
        ical_parse(_calendar("PUBLISH", "ORGANIZER:mailto:o@example.com", "STATUS:MAYBE"))
