"""The shared shape of the import_* commands: check the size, run the import service, report."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError

from rotations.importers.errors import ImportReport
from rotations.services.imports import Period, import_max_bytes, import_run, too_large_message


class CsvImportCommand(BaseCommand):
    """Subclasses set `kind` (and may give a period); a bad file exits with status 1."""

    kind = ""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file (UTF-8; , ; or tab separated)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what the import would create and update, and write nothing",
        )

    def period(self, options: dict[str, Any]) -> Period | None:
        return None

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            size = path.stat().st_size
            # Checked before reading: a 50 MB file is refused without being loaded.
            if size > import_max_bytes():
                raise CommandError(f"{path}: {too_large_message(size)}")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        report = import_run(
            kind=self.kind, data=data, period=self.period(options), dry_run=options["dry_run"]
        )
        if not report.ok:
            self._fail(path, report)
        self.stdout.write(self.style.SUCCESS(report.summary()))
        self.stdout.write(f"columns applied: {', '.join(report.columns)}")
        for conflicts in report.conflicts:
            self.stdout.write(self.style.WARNING(f"  would raise {conflicts}"))
        for change in report.changes:
            self.stdout.write(f"  updated {change}")
        if report.unlisted_changes:
            self.stdout.write(f"  ... and {report.unlisted_changes} more updated")

    def _fail(self, path: Path, report: ImportReport) -> NoReturn:
        for error in report.errors:
            self.stderr.write(f"{path}: {error}")
        if report.unlisted_errors:
            self.stderr.write(f"{path}: ... and {report.unlisted_errors} more errors")
        raise CommandError(report.summary())


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f'"{text}" is not a date like 2027-01-04') from None
