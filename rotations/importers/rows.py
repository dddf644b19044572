"""Reading the cells of one row, recording every bad cell instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rotations.importers.csvfile import CsvRow
from rotations.importers.errors import RowError

T = TypeVar("T")


class RowReader:
    def __init__(self, row: CsvRow, errors: list[RowError]) -> None:
        self.row = row
        self.line = row.line
        self.errors = errors
        self.ok = True

    def text(self, column: str) -> str:
        return self.row.get(column)

    def cell(self, column: str, parse: Callable[[str], T], fallback: T) -> T:
        """`parse` the cell; on ValueError record it against the column and return `fallback`
        (a placeholder: a row with any error is never written)."""
        try:
            return parse(self.row.get(column))
        except ValueError as exc:
            self.error(column, str(exc))
            return fallback

    def optional(self, column: str, parse: Callable[[str], T]) -> T | None:
        """Like `cell`, but an empty cell is simply None."""
        if not self.row.get(column):
            return None
        return self.cell(column, parse, None)

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.line, column, message))
