"""Response headers every answer gets right: a Content-Security-Policy, and 304s without a
body's Content-Type or Content-Length.

First in MIDDLEWARE, so it sees responses last, after CommonMiddleware has added its
Content-Length.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ResponseHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 304:
            # A 304 has no body to describe (RFC 9110 8.6, 15.4.5).
            for header in ("Content-Type", "Content-Length"):
                if header in response:
                    del response[header]
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = _policy(request.path)
        return response


def _policy(path: str) -> str:
    """The strict policy, or a looser one for the few pages that need it (Swagger UI and the
    admin set inline styles; neither runs inline scripts)."""
    for prefix, policy in settings.CONTENT_SECURITY_POLICY_PATHS.items():
        if path.startswith(prefix):
            return str(policy)
    return str(settings.CONTENT_SECURITY_POLICY)
