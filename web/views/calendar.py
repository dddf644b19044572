"""Subscribe links: an employee's own calendar feed, and HR's feed of a whole plan.

Only a hash of a token is stored, so a new link can be shown only once. Post/Redirect/Get:
the POST issues the token and keeps its links in the session for exactly one GET, which shows
and forgets them; reloading the page neither shows them again nor issues another token.
Resetting asks for confirmation first (the old link stops working at once).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from calendars.tokens import (
    feed_token_active,
    feed_token_issue,
    feed_urls,
    plan_feed_token_active,
    plan_feed_token_issue,
)
from rotations.models import RotationPlan
from web.access import employee_required, hr_required, viewer_employee

FLASH_KEY = "calendar_links"


def _flash_put(request: HttpRequest, where: str, token: str) -> None:
    https_url, webcal_url = feed_urls(request=request, token=token)
    request.session[FLASH_KEY] = {"where": where, "https": https_url, "webcal": webcal_url}


def _flash_take(request: HttpRequest, where: str) -> dict[str, str] | None:
    """The links issued by the last POST to this page, once: the session forgets them."""
    links = request.session.get(FLASH_KEY)
    if not links or links.get("where") != where:
        return None
    del request.session[FLASH_KEY]
    return dict(links)


def _context(request: HttpRequest, where: str, active: bool) -> dict[str, object]:
    links = _flash_take(request, where)
    return {
        "active": active,
        "https_url": links["https"] if links else None,
        "webcal_url": links["webcal"] if links else None,
        # "Reset link" first asks: the confirming form is what resets.
        "confirm_reset": request.GET.get("reset") == "confirm" and active,
    }


@employee_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    employee = viewer_employee(request)
    where = f"employee:{employee.pk}"
    if request.method == "POST":
        _flash_put(request, where, feed_token_issue(employee=employee))
        return redirect(f"{reverse('web:calendar')}#feed-links")
    context = _context(request, where, feed_token_active(employee=employee))
    return render(request, "web/calendar.html", {"employee": employee, **context})


@hr_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """HR's subscribe link to every session of a plan."""
    plan = get_object_or_404(RotationPlan, pk=pk)
    where = f"plan:{plan.pk}"
    if request.method == "POST":
        _flash_put(request, where, plan_feed_token_issue(plan=plan))
        return redirect(f"{reverse('web:plan_calendar', args=[plan.pk])}#feed-links")
    context = _context(request, where, plan_feed_token_active(plan=plan))
    return render(request, "web/plan_calendar.html", {"plan": plan, **context})
