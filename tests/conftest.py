"""Shared fixtures. Integration tests run on PostgreSQL (rotations.settings_test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.csvtools import dedent
from tests.workers import celery_worker_process  # noqa: F401  (a real Celery worker)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a CSV file (text is dedented and UTF-8 encoded; bytes are written as they are)."""

    def write(content: str | bytes, name: str = "input.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(dedent(content).encode("utf-8") if isinstance(content, str) else content)
        return path

    return write
