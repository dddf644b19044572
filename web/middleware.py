"""Show times in the viewer's own site zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rotations.roles import employee_for


class ViewerTimezoneMiddleware:
    """Activate the signed-in employee's site zone; others keep the default (plan pages pick
    the plan's zone themselves for HR people without an employee record)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        employee = employee_for(request.user) if hasattr(request, "user") else None
        if employee is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(employee.site.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
