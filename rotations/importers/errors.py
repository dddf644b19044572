"""What an import says about a file: each bad row, with its line, column and why."""

from __future__ import annotations

from dataclasses import dataclass, field

# A report lists at most this many bad rows or changes, then counts the rest: a broken 50 MB
# file once printed 639,378 error lines.
MAX_LISTED = 1000


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


@dataclass(frozen=True)
class RowChange:
    """An existing record the import updates (or would update), and which fields differ."""

    key: str  # employee_id, "host_employee_id start" or "employee_id start end"
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.key}: {', '.join(self.fields)}"


@dataclass(frozen=True)
class PlanConflicts:
    """A dry run: the conflicts the import would raise in a plan (beyond those it has)."""

    plan_id: int
    plan: str  # the plan's name
    new: int

    def __str__(self) -> str:
        return f'{self.new} new conflict(s) in plan "{self.plan}"'


@dataclass
class ImportReport:
    """Counts of what was written (or, in a dry run, would be), or the errors that stopped
    anything being written. `errors` and `changes` hold at most MAX_LISTED entries; the
    totals count them all."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    columns: tuple[str, ...] = ()  # the file's columns that were applied
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every error, listed or not
    bad_rows: int = 0
    changes: list[RowChange] = field(default_factory=list)
    conflicts: list[PlanConflicts] = field(default_factory=list)  # dry run only

    @classmethod
    def failed(cls, kind: str, errors: list[RowError]) -> ImportReport:
        ordered = sorted(errors)
        return cls(
            kind=kind,
            errors=ordered[:MAX_LISTED],
            error_count=len(ordered),
            bad_rows=len({e.line for e in ordered}),
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unlisted_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))

    @property
    def unlisted_changes(self) -> int:
        return max(0, self.updated - len(self.changes))

    def changed(self, key: str, fields: list[str]) -> None:
        self.updated += 1
        if len(self.changes) < MAX_LISTED:
            self.changes.append(RowChange(key, tuple(fields)))

    def summary(self) -> str:
        if self.errors:
            return f"{self.kind}: {self.bad_rows} bad row(s), nothing was written"
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            counts = (
                f"{self.created} to create, {self.updated} to update, "
                f"{self.unchanged} unchanged (dry run, nothing was written)"
            )
            if self.conflicts:
                counts += "; it would raise " + ", ".join(str(c) for c in self.conflicts)
        return f"{self.kind}: {counts}"
