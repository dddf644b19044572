"""Departments: how many of their members may be away shadowing at once."""

from __future__ import annotations

from django.db import transaction

from rotations.models import Department
from rotations.services.errors import ServiceError


def departments_max_away_set(*, values: dict[int, int | None]) -> None:
    """Set `max_away` by department id (None: no limit); at least 1 when set."""
    for pk, value in values.items():
        if value is not None and value < 1:
            raise ServiceError("must be at least 1, or empty for no limit", field=f"max_away_{pk}")
    with transaction.atomic():
        for pk, value in values.items():
            Department.objects.filter(pk=pk).update(max_away=value)
