"""Optimistic locking in one place: lock a row, check the version the caller read, bump it.

Plans and assignments carry `version`, bumped on every change; the API sends it as the ETag
and wants it back in If-Match, the pages in a hidden field, so two people editing the same
object cannot overwrite each other (a lost update): the second gets StaleVersionError (412).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import F
from django.utils import timezone

from rotations.models import Assignment, RotationPlan
from rotations.services.errors import StaleVersionError

Versioned = TypeVar("Versioned", RotationPlan, Assignment)


def version_lock(
    model: type[Versioned], *, pk: int, expected_version: int | None = None
) -> Versioned:
    """The row, locked until the transaction ends; StaleVersionError when the caller read
    another version (None: the caller read none, e.g. a task acting for the system)."""
    obj = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersionError(
            f"it is at version {obj.version}, not {expected_version}; read it again",
            field="version",
        )
    return obj


def version_bump(obj: RotationPlan | Assignment, **changes: Any) -> None:
    """Write `changes` and the next version in one UPDATE; `obj` is refreshed."""
    type(obj)._default_manager.filter(pk=obj.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    obj.refresh_from_db()
