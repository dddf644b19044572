"""What an import says about a file: each bad row, with its line, column and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class RowError:
    line: int  # physical line in the file where the row starts (the header is line 1)
    column: str  # "" when the whole row is at fault
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class CsvFileError(ValueError):
    """The file as a whole cannot be read (encoding, header); `errors` says where."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportReport:
    """Counts of what was written, or the errors that stopped anything being written."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            rows = len({e.line for e in self.errors})
            return f"{self.kind}: {rows} bad row(s), nothing was written"
        return (
            f"{self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
