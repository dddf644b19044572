"""Read a CSV file as spreadsheets export it: BOM, CRLF, quotes, `,` `;` or tab separators."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from rotations.importers.errors import CsvFileError, RowError

_DELIMITERS = ",;\t"


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


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def decode(data: bytes) -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused with its position."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            [RowError(line, "", f"is not UTF-8 (byte {exc.start}); save the file as UTF-8 CSV")]
        ) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel  # one column, or nothing to go on: plain commas


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
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    header = [normalise_column(name) for name in next(reader)]
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
