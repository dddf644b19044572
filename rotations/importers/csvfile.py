"""Read a CSV file as spreadsheets export it: BOM, CRLF, quotes, `,` `;` or tab separators."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rotations.importers.errors import CsvFileError, RowError

if TYPE_CHECKING:
    from _csv import Reader

_DELIMITERS = ",;\t"
# The sniffer reads this many lines (or characters, whichever comes first) of the file. Its
# regular expressions backtrack: 64 KiB of `",` took 76 s, 4 KiB 0.4 s.
SAMPLE_LINES = 20
SAMPLE_CHARS = 4096


@dataclass(frozen=True)
class CsvRow:
    line: int  # where the record starts (a quoted field may span several lines)
    values: dict[str, str]  # normalised column name -> stripped text ("" when empty)

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class CsvTable:
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    # Rows that could not be split into the header's columns; they are not in `rows`.
    errors: tuple[RowError, ...] = ()

    def has(self, column: str) -> bool:
        return column in self.columns


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _likely_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 'UTF-16 (Excel\'s "Unicode Text")'
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "not UTF-8 (the encoding is unknown)"
    return 'Windows-1252 / Latin-1 (Excel\'s plain "CSV")'


def decode(data: bytes) -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused, naming its likely
    encoding and where the first bad byte is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(
            [RowError(1, "", f"is {_likely_encoding(data)}; save the file as CSV UTF-8")]
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise CsvFileError(
            [RowError(line, "", "contains a NUL byte, so it is not a text CSV file")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = (
            f"is not UTF-8 (byte {exc.start}); it looks like {_likely_encoding(data)}: "
            "save the file as CSV UTF-8"
        )
        raise CsvFileError([RowError(line, "", message)]) from None


def _sample(text: str) -> str:
    lines = text[:SAMPLE_CHARS].splitlines(keepends=True)
    return "".join(lines[:SAMPLE_LINES])


def _dialect(delimiter: str) -> type[csv.Dialect]:
    # Spreadsheets quote with " and double a quote inside a quoted cell (RFC 4180), whatever
    # a sniffer guesses from a sample that happens to hold no doubled quote.
    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _header(text: str, delimiter: str) -> list[str]:
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), dialect=_dialect(delimiter)), [])
    except csv.Error:
        return []
    return [normalise_column(name) for name in first]


def detect_delimiter(text: str, *, known: Sequence[str] = ()) -> str:
    """The separator: csv.Sniffer's guess on the first lines, unless another of `,` `;` tab
    splits the header into more of the `known` column names (the header is the best evidence
    there is; a sniffer can be misled by a sample of one-column rows)."""
    try:
        sniffed = csv.Sniffer().sniff(_sample(text), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","  # one column, or nothing to go on: plain commas
    if not known:
        return sniffed
    names = set(known)
    candidates = [sniffed, *(d for d in _DELIMITERS if d != sniffed)]
    return max(candidates, key=lambda d: len(names.intersection(_header(text, d))))


def read_records(text: str, *, known: Sequence[str] = ()) -> Reader:
    """The raw records of a decoded file, split with the detected dialect."""
    dialect = _dialect(detect_delimiter(text, known=known))
    return csv.reader(io.StringIO(text, newline=""), dialect=dialect)


def read_csv(
    data: bytes | str, *, required: Sequence[str], optional: Sequence[str] = ()
) -> CsvTable:
    """Parse the file; raise CsvFileError when the header cannot be used.

    Unknown columns are ignored (spreadsheets add their own); blank lines are skipped.
    Rows with more fields than the header are reported in `errors`, not guessed at.
    """
    text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if not text.strip():
        raise CsvFileError([RowError(1, "", "the file is empty (a header row is needed)")])
    if "\x00" in text:
        raise CsvFileError([RowError(1, "", "contains a NUL byte, so it is not a text CSV file")])
    reader = read_records(text, known=(*required, *optional))
    try:
        header = [normalise_column(name) for name in next(reader)]
    except csv.Error as exc:
        raise CsvFileError([RowError(1, "", f"the header cannot be read as CSV: {exc}")]) from None
    problems = [
        RowError(1, name, f"missing column (the header has: {', '.join(header)})")
        for name in required
        if name not in header
    ]
    problems += [
        RowError(1, name, "appears twice in the header")
        for name in sorted({n for n in header if n and header.count(n) > 1})
    ]
    if problems:
        raise CsvFileError(problems)
    known = set(required) | set(optional)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                    message = f"has {len(record)} fields but the header has {len(header)}"
                    errors.append(RowError(start, "", message))
                else:
                    values = {
                        name: (record[i].strip() if i < len(record) else "")
                        for i, name in enumerate(header)
                        if name in known
                    }
                    rows.append(CsvRow(line=start, values=values))
            start = reader.line_num + 1
    except csv.Error as exc:
        errors.append(RowError(start, "", f"cannot be read as CSV: {exc}"))
    return CsvTable(columns=tuple(header), rows=tuple(rows), errors=tuple(errors))
