"""The models and their migrations agree, so the constraints tested elsewhere exist in a
database built by `migrate`."""

from __future__ import annotations

import pytest

from tests.commands import run_command

pytestmark = pytest.mark.django_db


def test_no_model_change_lacks_a_migration():
    ran = run_command("makemigrations", "--check", "--dry-run")
    assert ran.error is None and "No changes detected" in ran.out, ran.out
