"""Helpers for tests that write CSV files inline."""

from __future__ import annotations

import textwrap

from rotations.importers.csvfile import CsvTable, read_csv


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def table(text: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> CsvTable:
    """A CsvTable from an indented literal."""
    return read_csv(dedent(text), required=required, optional=optional)
