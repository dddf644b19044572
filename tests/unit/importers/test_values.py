"""Cell parsers."""

from __future__ import annotations

import datetime as dt

import pytest

from rotations.importers import values


@pytest.mark.parametrize(
    ("text", "minutes"), [("PT3H", 180), ("PT1H30M", 90), ("pt45m", 45), ("2:30", 150)]
)
def test_it_reads_durations(text, minutes):
    assert values.duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["3 hours", "PT", "PT0M", "90", "P1D"])
def test_it_refuses_other_durations(text):
    with pytest.raises(ValueError):
        values.duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("TRUE", True), ("1", True), ("no", False), ("", False), ("0", False)],
)
def test_it_reads_yes_and_no(text, expected):
    assert values.boolean(text) is expected


def test_it_refuses_a_maybe():
    with pytest.raises(ValueError, match='"maybe" is not yes/no'):
        values.boolean("maybe")


def test_tags_split_on_pipes_commas_or_semicolons_and_are_folded():
    assert values.tags("HVAC| design;hvac ,controls") == ["hvac", "design", "controls"]
    assert values.tags("") == []


def test_kinds_become_lower_case_words():
    assert values.word("Ride-Along") == "ride_along"
    with pytest.raises(ValueError):
        values.word("ride/along")


def test_time_zones_must_be_iana_names():
    assert values.timezone("Europe/Amsterdam").key == "Europe/Amsterdam"
    with pytest.raises(ValueError, match="not an IANA time zone"):
        values.timezone("EST5")
    with pytest.raises(ValueError, match="is empty"):
        values.timezone("")
