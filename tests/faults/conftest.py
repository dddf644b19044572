"""Fault tests share one private stack (PostgreSQL and Redis of their own) per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.stack import Stack, missing_tools


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    missing = missing_tools()
    if missing:
        pytest.fail(f"fault tests need PostgreSQL's server binaries and redis-server: {missing}")
    private = Stack()
    try:
        yield private
    finally:
        private.close()


@pytest.fixture
def fresh(stack: Stack) -> Iterator[tuple[Stack, str]]:
    """A database of its own (from the migrated template); its processes ended after."""
    db = stack.new_database()
    try:
        yield stack, db
    finally:
        stack.stop_processes()
