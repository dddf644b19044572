"""Dialect detection: whatever Python's csv writer writes, in `,` `;` or tab, reads back equal."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rotations.importers.csvfile import decode, read_csv, read_records
from rotations.importers.errors import CsvFileError

HEADER = ["employee_id", "name", "email"]
# Python's three spreadsheet dialects: excel (`,`), excel with `;`, and excel-tab.
DIALECTS = {"comma": ",", "semicolon": ";", "tab": "\t"}

# Any text a spreadsheet cell can hold: quotes, separators, line breaks, accents; no NUL
# (refused on purpose) and no lone surrogates (not encodable as UTF-8).
cells = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=12,
)


def _written(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER, *rows])
    return out.getvalue()


@pytest.mark.parametrize("delimiter", DIALECTS.values(), ids=DIALECTS.keys())
@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=8))
def test_any_table_written_by_the_csv_module_reads_back_equal(delimiter, rows):
    text = _written(rows, delimiter)
    assert list(read_records(text, known=HEADER)) == [HEADER, *rows]
    # Through the import's own reader too (which strips cells and skips blank rows).
    table = read_csv(text.encode(), required=HEADER)
    expected = [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]
    assert [[row.get(name) for name in HEADER] for row in table.rows] == expected


def test_doubled_quotes_are_read_even_when_the_first_lines_have_none():
    text = "employee_id,name,email\n" + "E0,Ann,a@x.org\n" * 30
    text += 'E1,"John ""Jack"" Smith",j@x.org\nE2,"Smith, ""JJ"" John",s@x.org\n'
    rows = read_csv(text, required=HEADER).rows
    assert [r.get("name") for r in rows[-2:]] == ['John "Jack" Smith', 'Smith, "JJ" John']


def test_the_header_decides_between_separators_the_sample_leaves_open():
    # Every data row has a comma inside a `;` file: the header names the columns.
    text = "employee_id;name;email\nE1;Smith, Ann;a@x.org\nE2;Lee, Bo;b@x.org\n"
    table = read_csv(text, required=HEADER)
    assert [r.get("name") for r in table.rows] == ["Smith, Ann", "Lee, Bo"]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ("employee_id,name\nE1,José\n".encode("latin-1"), "Windows-1252 / Latin-1"),
        ("employee_id,name\nE1,€\n".encode("cp1252"), "Windows-1252 / Latin-1"),
        ("employee_id,name\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_a_file_in_another_encoding_is_refused_naming_the_likely_one(data, named):
    with pytest.raises(CsvFileError) as caught:
        decode(data)
    assert named in str(caught.value)
    assert "CSV UTF-8" in str(caught.value)


def test_a_nul_byte_is_refused_with_its_line():
    with pytest.raises(CsvFileError, match="line 2: contains a NUL byte"):
        decode(b"employee_id,name\nE1,A\x00n\n")


def test_the_sniffer_reads_a_bounded_sample():
    """csv.Sniffer's expressions backtrack on quote-heavy text: it only ever sees the sample."""
    from rotations.importers.csvfile import SAMPLE_CHARS, SAMPLE_LINES, _sample

    hostile = '",' * 32768
    assert len(_sample(hostile)) <= SAMPLE_CHARS
    many = "employee_id,name\n" + "E1,Ann\n" * 1000
    assert _sample(many).count("\n") == SAMPLE_LINES
    with pytest.raises(CsvFileError):
        read_csv(hostile, required=HEADER)  # refused as a file without the columns, promptly
