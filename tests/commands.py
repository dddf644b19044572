"""Run a management command and keep what it printed, even when it fails."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.management import CommandError, call_command


@dataclass(frozen=True)
class Ran:
    out: str
    err: str
    error: CommandError | None

    @property
    def failure(self) -> str:
        return str(self.error) if self.error else ""


def run_command(name: str, *args: object, **options: object) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *[str(a) for a in args], stdout=out, stderr=err, **options)
    except CommandError as exc:
        return Ran(out.getvalue(), err.getvalue(), exc)
    return Ran(out.getvalue(), err.getvalue(), None)
