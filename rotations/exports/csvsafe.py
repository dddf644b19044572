"""A csv writer whose cells a spreadsheet never runs as formulas.

OWASP's CSV injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is read by Excel, LibreOffice and Google Sheets as a formula. Prefixing such a
cell with a single quote makes it text in all three; the quote is visible, which is the point.
Every CSV the product writes (commands, pages, API) uses `writer` from here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def safe_cell(value: object) -> str:
    """The text of a cell, quoted with a leading `'` when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` with every cell passed through `safe_cell`."""

    def __init__(self, out: Writable, **fmt: Any) -> None:
        # RFC 4180's CRLF: the csv module quotes a cell holding a line-terminator character,
        # so with "\n" alone a cell with a bare "\r" went out unquoted and split the row.
        fmt.setdefault("lineterminator", "\r\n")
        self._writer = csv.writer(out, **fmt)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Writable, **fmt: Any) -> SafeWriter:
    return SafeWriter(out, **fmt)
