"""HR: participation by department and site, and feedback by department."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from web.access import hr_required
from web.selectors.feedback import feedback_by_department
from web.selectors.participation import participation


@hr_required
def participation_view(request: HttpRequest) -> HttpResponse:
    report = participation(now=timezone.now())
    return render(request, "web/participation.html", {"report": report})


@hr_required
def feedback_summary(request: HttpRequest) -> HttpResponse:
    return render(request, "web/feedback_summary.html", {"departments": feedback_by_department()})
