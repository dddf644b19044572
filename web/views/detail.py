"""One session, and one hosting slot: the pages that calendar events and e-mails link to.

The shadower, the host and HR see a session; the host and HR see a slot. Anyone else gets
a 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rotations.models import AssignmentStatus
from rotations.roles import employee_for
from rotations.selectors.visibility import assignments_visible_to
from rotations.services.booking import FEEDBACK_STATUSES
from web.access import assignment_for_viewer, slot_for_viewer
from web.expectations import slot_expectation


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = employee_for(request.user)
    assignment = assignment_for_viewer(request=request, pk=pk)
    is_shadower = viewer is not None and assignment.shadower_id == viewer.pk
    is_host = viewer is not None and assignment.slot.host_id == viewer.pk
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
    slot = slot_for_viewer(request=request, pk=pk)
    is_host = viewer is not None and slot.host_id == viewer.pk
    assignments = (
        assignments_visible_to(user=request.user)
        .filter(slot=slot)
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("shadower__department", "shadower__site", "plan")
    )
    context = {"slot": slot, "assignments": assignments, "is_host": is_host}
    return render(request, "web/slot_detail.html", context)
