"""Local times: read in a zone; DST gaps are errors and repeated times need an offset."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from rotations.importers.times import day_start, is_date_only, localize, moment

DETROIT = zoneinfo.ZoneInfo("America/Detroit")


def wall(text: str) -> dt.datetime:
    """A naive wall-clock time, as a spreadsheet gives it."""
    return dt.datetime.fromisoformat(text)


def test_it_reads_a_time_without_offset_in_the_given_zone():
    assert moment("2027-01-05 09:00", DETROIT).isoformat() == "2027-01-05T09:00:00-05:00"
    assert moment("2027-07-05T09:00", DETROIT).isoformat() == "2027-07-05T09:00:00-04:00"


def test_it_keeps_an_explicit_offset_or_z():
    assert moment("2027-01-05T09:00:00+01:00", DETROIT).utcoffset() == dt.timedelta(hours=1)
    assert moment("2027-01-05T14:00Z", DETROIT) == dt.datetime(2027, 1, 5, 14, tzinfo=dt.UTC)


def test_it_refuses_a_time_in_the_spring_forward_gap():
    with pytest.raises(ValueError, match="2027-03-14 02:30 does not exist in America/Detroit"):
        moment("2027-03-14 02:30", DETROIT)


def test_it_refuses_an_ambiguous_time_and_suggests_both_offsets():
    with pytest.raises(ValueError, match="happens twice") as caught:
        moment("2027-11-07 01:30", DETROIT)
    assert "2027-11-07T01:30:00-04:00" in str(caught.value)
    assert "2027-11-07T01:30:00-05:00" in str(caught.value)


def test_an_offset_settles_an_ambiguous_time():
    later = moment("2027-11-07T01:30-05:00", DETROIT)
    earlier = moment("2027-11-07T01:30-04:00", DETROIT)
    assert later - earlier == dt.timedelta(hours=1)


def test_it_refuses_text_that_is_not_a_time():
    with pytest.raises(ValueError, match='"next tuesday" is not a date and time'):
        moment("next tuesday", DETROIT)


def test_localize_accepts_ordinary_times_around_the_change():
    assert localize(wall("2027-03-14 03:00"), DETROIT).utcoffset() == dt.timedelta(hours=-4)
    assert localize(wall("2027-03-14 01:59"), DETROIT).utcoffset() == dt.timedelta(hours=-5)


def test_day_start_refuses_a_midnight_the_clocks_skip():
    # Santiago springs forward at midnight: 2027-09-05 00:00 does not exist there.
    santiago = zoneinfo.ZoneInfo("America/Santiago")
    with pytest.raises(ValueError, match="does not exist"):
        day_start(dt.date(2027, 9, 5), santiago)
    assert day_start(dt.date(2027, 9, 6), santiago).hour == 0


def test_it_tells_a_plain_date_from_a_datetime():
    assert is_date_only("2027-02-01")
    assert not is_date_only("2027-02-01 09:00")
