"""The shared shape of the import_* commands: read a CSV, run a service, report."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError

from rotations.importers.csvfile import CsvTable, read_csv
from rotations.importers.errors import CsvFileError, ImportReport


class CsvImportCommand(BaseCommand):
    """Subclasses set the columns and implement `run`; a bad file exits with status 1."""

    required_columns: Sequence[str] = ()
    optional_columns: Sequence[str] = ()

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file (UTF-8; , or ; separated)")

    def run(self, table: CsvTable, options: dict[str, Any]) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            table = read_csv(data, required=self.required_columns, optional=self.optional_columns)
        except CsvFileError as exc:
            self._fail(path, exc.errors, "the file cannot be imported; nothing was written")
        report = self.run(table, options)
        if not report.ok:
            self._fail(path, report.errors, report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _fail(self, path: Path, errors: Sequence[object], summary: str) -> NoReturn:
        for error in errors:
            self.stderr.write(f"{path}: {error}")
        raise CommandError(summary)


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f'"{text}" is not a date like 2027-01-04') from None
