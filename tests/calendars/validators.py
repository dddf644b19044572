"""Independent checks of the iCalendar the app writes: libical, the `ical` package, bytes.

libical (Debian's gir1.2-ical-3.0 through PyGObject) parses the text and its restriction
check enforces the iTIP rules of the METHOD (PUBLISH: no ATTENDEE; REQUEST and CANCEL:
ORGANIZER, ATTENDEE, ...); its findings are X-LIC-ERROR properties. `ical` is strict on value
types, time zones and STATUS, but fills in a missing DTSTAMP or UID, hence both.
PyGObject ships no type hints, hence the `type: ignore`s.
"""

from __future__ import annotations

import gi  # type: ignore[import-untyped]

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # type: ignore[import-untyped]  # noqa: E402
from ical.calendar import Calendar as IcalCalendar  # noqa: E402
from ical.calendar_stream import IcsCalendarStream  # noqa: E402

__all__ = ["ICalGLib", "assert_valid", "byte_errors", "ical_parse", "libical_errors"]

MAX_OCTETS = 75


def byte_errors(data: bytes) -> list[str]:
    """RFC 5545 3.1: CRLF line ends, lines of at most 75 octets, folds not inside a character."""
    errors = []
    if not data.endswith(b"\r\n"):
        errors.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            errors.append(f"line {number}: bare CR or LF")
        if len(line) > MAX_OCTETS:
            errors.append(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"line {number}: a fold splits a UTF-8 character")
    return errors


def _components(component: ICalGLib.Component) -> list[ICalGLib.Component]:
    found = [component]
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += _components(child)
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def libical_errors(text: str) -> list[str]:
    """Parse errors and iTIP restriction failures, as libical reports them."""
    component = ICalGLib.Component.new_from_string(text)
    if component is None:
        return ["libical could not parse it"]
    ICalGLib.restriction_check(component)
    errors = []
    for part in _components(component):
        prop = part.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
        while prop is not None:
            kind = ICalGLib.Component.kind_to_string(part.isa())
            errors.append(f"{kind}: {prop.get_xlicerror()}")
            prop = part.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    return errors


def ical_parse(text: str) -> IcalCalendar:
    """The `ical` package's reading; raises on anything it finds invalid."""
    return IcsCalendarStream.calendar_from_ics(text)


def assert_valid(data: bytes) -> str:
    """Bytes, libical and `ical` all accept it; returns the text."""
    assert byte_errors(data) == []
    text = data.decode("utf-8")
    assert libical_errors(text) == []
    ical_parse(text)
    return text
