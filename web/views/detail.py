"""One session, and one hosting slot: the pages that calendar events and e-mails link to.

The shadower, the host and HR see a session; the host and HR see a slot. Anyone else gets
a 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rotations.models import Assignment, AssignmentStatus, HostingSlot
from rotations.roles import employee_for, is_hr
from rotations.services.booking import FEEDBACK_STATUSES
from web.expectations import slot_expectation


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = employee_for(request.user)
    hr = is_hr(request.user)
    assignment = (
        Assignment.objects.select_related(
            "plan", "slot__host__site", "shadower__department", "shadower__site"
        )
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("no such session")
    is_shadower = viewer is not None and assignment.shadower_id == viewer.pk
    is_host = viewer is not None and assignment.slot.host_id == viewer.pk
    published = assignment.plan.published_at is not None
    if not (hr or (published and (is_shadower or is_host))):
        raise Http404("no such session")
    over = assignment.slot.end <= timezone.now()
    context = {
        "assignment": assignment,
        "expectation": slot_expectation(assignment.slot),
        "is_shadower": is_shadower,
        "is_host": is_host,
        "can_answer": is_host and assignment.status == AssignmentStatus.PROPOSED,
        "can_feedback": is_shadower
        and over
        and assignment.status in FEEDBACK_STATUSES
        and not assignment.feedback.filter(author=viewer).exists(),
    }
    return render(request, "web/assignment_detail.html", context)


@login_required
def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = employee_for(request.user)
    slot = HostingSlot.objects.select_related("host__site").filter(pk=pk).first()
    if slot is None:
        raise Http404("no such slot")
    is_host = viewer is not None and slot.host_id == viewer.pk
    if not (is_host or is_hr(request.user)):
        raise Http404("no such slot")
    assignments = (
        slot.assignments.filter(plan__published_at__isnull=False)
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("shadower__department", "shadower__site", "plan")
    )
    context = {"slot": slot, "assignments": assignments, "is_host": is_host}
    return render(request, "web/slot_detail.html", context)
