"""Shared view pieces: the HR-only CRUD base and the role permission sets."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from rest_framework import viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from api.permissions import IsHR

M = TypeVar("M", bound=Model)

# No PUT: partial updates (PATCH) only, so an edit never blanks a field it did not name.
METHODS = ["get", "post", "patch", "delete", "head", "options"]
NO_DELETE = [m for m in METHODS if m != "delete"]


def hr_only() -> list[BasePermission]:
    return [IsAuthenticated(), IsHR()]


class HRModelViewSet(viewsets.ModelViewSet[M]):
    """Reference data only HR reads and writes."""

    http_method_names = METHODS

    def get_permissions(self) -> list[Any]:
        return hr_only()
