"""Who may call what; what they may see is cut by `api.scopes` (a stranger's object: 404)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from rotations.roles import is_employee, is_hr, is_rep


class IsHR(BasePermission):
    message = "only HR may do this"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_hr(request.user)


class IsRep(BasePermission):
    message = "only a rep may do this"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_rep(request.user)


class IsEmployee(BasePermission):
    message = "only an employee may do this"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_employee(request.user)


class ReadOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS
