"""Show times in the viewer's own site zone, on the pages of this app only (the API and the
calendar feeds keep their own conventions)."""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rotations.roles import employee_for


class ViewerTimezoneMiddleware:
    """Activate the signed-in employee's site zone; others keep the default (plan pages pick
    the plan's zone themselves for HR people without an employee record)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        match = request.resolver_match
        if match is None or match.app_name != "web":
            return
        employee = employee_for(request.user)
        if employee is None:
            return
        # An unknown zone keeps the default rather than showing an error page.
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(employee.site.timezone))
