"""Employees: their sessions, what to expect, feedback afterwards, calendar subscription."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rotations.services.booking import FEEDBACK_STATUSES, feedback_submit
from rotations.services.errors import ServiceError
from web.access import employee_required, own_assignment_get, viewer_employee
from web.expectations import slot_expectation
from web.forms import FeedbackForm
from web.selectors.sessions import shadower_sessions


@employee_required
def sessions(request: HttpRequest) -> HttpResponse:
    employee = viewer_employee(request)
    now = timezone.now()
    mine = shadower_sessions(employee=employee, now=now)
    context = {
        "employee": employee,
        "upcoming": [(a, slot_expectation(a.slot)) for a in mine.upcoming],
        "past": mine.past,
        "feedback_statuses": FEEDBACK_STATUSES,
        "now": now,
    }
    return render(request, "web/sessions.html", context)


@employee_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = own_assignment_get(request=request, pk=pk)
    employee = viewer_employee(request)
    if assignment.slot.end > timezone.now():
        messages.error(request, "Feedback opens once the session is over.")
        return redirect("web:sessions")
    if assignment.feedback.filter(author=employee).exists():
        messages.info(request, "You already gave feedback on this session. Thank you!")
        return redirect("web:sessions")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(
                assignment=assignment,
                author=employee,
                rating=form.cleaned_data["rating"],
                learned=form.cleaned_data["learned"],
                change=form.cleaned_data["change"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("web:sessions")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/feedback_form.html", {"assignment": assignment, "form": form}, status=status
    )
