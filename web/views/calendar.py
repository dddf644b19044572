"""Employees: subscribe to their own calendar feed, or reset the link (the old one dies).

Only a hash of the token is stored, so the links are shown once, in the answer to the
button that makes them; the page says so.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from calendars.tokens import feed_token_active, feed_token_issue, feed_urls
from web.access import employee_required, viewer_employee


@employee_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    employee = viewer_employee(request)
    urls: tuple[str, str] | None = None
    if request.method == "POST":
        urls = feed_urls(request=request, token=feed_token_issue(employee=employee))
    context = {
        "employee": employee,
        "active": urls is not None or feed_token_active(employee=employee),
        "https_url": urls[0] if urls else None,
        "webcal_url": urls[1] if urls else None,
    }
    return render(request, "web/calendar.html", context)
