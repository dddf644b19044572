"""Reading spreadsheet exports: encodings, separators, quoting, line numbers."""

from __future__ import annotations

import pytest

from rotations.importers.csvfile import read_csv
from rotations.importers.errors import CsvFileError

COLUMNS = ("employee_id", "name")


def test_it_reads_a_plain_comma_file():
    result = read_csv("employee_id,name\nE1,Ana\n", required=COLUMNS)
    assert [row.values for row in result.rows] == [{"employee_id": "E1", "name": "Ana"}]
    assert result.rows[0].line == 2


def test_it_strips_a_utf8_byte_order_mark_and_reads_crlf():
    data = "\ufeffemployee_id,name\r\nE1,Tomás\r\nE2,Zoe\r\n".encode()
    result = read_csv(data, required=COLUMNS)
    assert [row.get("name") for row in result.rows] == ["Tomás", "Zoe"]


def test_it_reads_semicolon_exports_with_quoted_commas():
    data = 'employee_id;name;tags\r\nE1;"Reyes, Dana";"hvac;controls"\r\n'
    result = read_csv(data, required=COLUMNS, optional=("tags",))
    assert result.rows[0].values == {
        "employee_id": "E1",
        "name": "Reyes, Dana",
        "tags": "hvac;controls",
    }


def test_it_reads_tab_separated_files():
    result = read_csv("employee_id\tname\nE1\tAna Lee\n", required=COLUMNS)
    assert result.rows[0].get("name") == "Ana Lee"


def test_it_gives_the_starting_line_of_a_row_after_a_multiline_field():
    data = 'employee_id,name\nE1,"Ana\nLee"\nE2,Bo\n'
    result = read_csv(data, required=COLUMNS)
    assert [(row.line, row.get("employee_id")) for row in result.rows] == [(2, "E1"), (4, "E2")]


def test_it_skips_blank_lines_but_keeps_counting_them():
    result = read_csv("employee_id,name\n\nE1,Ana\n,\n\nE2,Bo\n", required=COLUMNS)
    assert [row.line for row in result.rows] == [3, 6]


def test_it_normalises_header_names_and_ignores_unknown_columns():
    result = read_csv(" Employee ID ,NAME,Shoe size\nE1,Ana,38\n", required=COLUMNS)
    assert result.rows[0].values == {"employee_id": "E1", "name": "Ana"}


def test_it_names_every_missing_column():
    with pytest.raises(CsvFileError) as caught:
        read_csv("id,full name\nE1,Ana\n", required=COLUMNS)
    assert [(e.line, e.column) for e in caught.value.errors] == [(1, "employee_id"), (1, "name")]
    assert "the header has: id, full_name" in caught.value.errors[0].message


def test_it_refuses_a_column_given_twice():
    with pytest.raises(CsvFileError, match="name: appears twice"):
        read_csv("employee_id,name,name\nE1,Ana,Bo\n", required=COLUMNS)


def test_it_reports_rows_with_more_fields_than_the_header():
    result = read_csv("employee_id,name\nE1,Ana,extra\nE2,Bo\n", required=COLUMNS)
    assert [str(e) for e in result.errors] == ["line 2: has 3 fields but the header has 2"]
    assert [row.get("employee_id") for row in result.rows] == ["E2"]


def test_it_treats_missing_trailing_fields_as_empty():
    result = read_csv("employee_id,name\nE1\n", required=COLUMNS)
    assert result.rows[0].values == {"employee_id": "E1", "name": ""}


def test_it_refuses_a_file_that_is_not_utf8_and_says_where():
    data = "employee_id,name\nE1,Tomás\n".encode("latin-1")
    with pytest.raises(CsvFileError, match=r"line 2: is not UTF-8"):
        read_csv(data, required=COLUMNS)


def test_it_refuses_an_empty_file():
    with pytest.raises(CsvFileError, match="empty"):
        read_csv(b"\xef\xbb\xbf\r\n", required=COLUMNS)
