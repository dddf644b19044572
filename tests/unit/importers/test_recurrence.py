"""Recurring slot rows: RRULE expanded in wall-clock time over a period."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from rotations.importers.recurrence import MAX_OCCURRENCES, occurrences

DETROIT = zoneinfo.ZoneInfo("America/Detroit")


def wall(text: str) -> dt.datetime:
    """A naive wall-clock time, as a spreadsheet gives it."""
    return dt.datetime.fromisoformat(text)


MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 21))
THREE_HOURS = dt.timedelta(hours=3)


def _starts(found):
    return [start.isoformat() for start, _ in found]


def test_weekly_sessions_keep_their_wall_clock_time_across_dst():
    found = occurrences(
        "FREQ=WEEKLY;BYDAY=TU", wall("2027-03-02 09:00"), THREE_HOURS, DETROIT, MARCH
    )
    assert _starts(found) == [
        "2027-03-02T09:00:00-05:00",
        "2027-03-09T09:00:00-05:00",
        "2027-03-16T09:00:00-04:00",
    ]
    assert all(end - start == THREE_HOURS for start, end in found)


def test_only_occurrences_inside_the_period_are_kept():
    found = occurrences("RRULE:FREQ=DAILY", wall("2027-02-20 09:00"), THREE_HOURS, DETROIT, MARCH)
    assert found[0][0].date() == dt.date(2027, 3, 1)
    assert found[-1][0].date() == dt.date(2027, 3, 21)


def test_count_and_floating_until_limit_the_rule():
    start = wall("2027-03-02 09:00")
    assert len(occurrences("FREQ=WEEKLY;COUNT=2", start, THREE_HOURS, DETROIT, MARCH)) == 2
    until = "FREQ=WEEKLY;UNTIL=20270310T000000"
    assert len(occurrences(until, start, THREE_HOURS, DETROIT, MARCH)) == 2


def test_a_utc_until_is_compared_as_an_instant():
    # 2027-03-16 13:00Z is 09:00 in Detroit: the third Tuesday is still included.
    rule = "FREQ=WEEKLY;UNTIL=20270316T130000Z"
    found = occurrences(rule, wall("2027-03-02 09:00"), THREE_HOURS, DETROIT, MARCH)
    assert len(found) == 3


def test_an_occurrence_in_a_dst_gap_is_an_error():
    with pytest.raises(ValueError, match="2027-03-14 02:30 does not exist"):
        occurrences("FREQ=DAILY", wall("2027-03-12 02:30"), THREE_HOURS, DETROIT, MARCH)


def test_a_rule_that_explodes_is_refused():
    with pytest.raises(ValueError, match=f"more than {MAX_OCCURRENCES}"):
        january = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
        occurrences("FREQ=HOURLY", wall("2027-01-01 09:00"), THREE_HOURS, DETROIT, january)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SOMETIMES",
        "BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=XX",
        "DTSTART:20270101T090000\nRRULE:FREQ=DAILY",
        "",
    ],
)
def test_a_malformed_rule_is_refused(rule):
    with pytest.raises(ValueError, match="RRULE"):
        occurrences(rule, wall("2027-03-01 09:00"), THREE_HOURS, DETROIT, MARCH)
