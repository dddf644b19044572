"""Reps: the sessions they host, with Confirm, Decline (with a reason) and Confirm all."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rotations.models import AssignmentStatus
from rotations.services.booking import assignment_confirm
from rotations.services.errors import ServiceError
from web.access import hosted_assignment_get, rep_required, viewer_employee
from web.actions import assignment_act
from web.forms import ConfirmForm, DeclineForm
from web.selectors.sessions import host_sessions


@rep_required
def hosting(request: HttpRequest) -> HttpResponse:
    host = viewer_employee(request)
    mine = host_sessions(host=host, now=timezone.now())
    waiting = [a for a in mine.upcoming if a.status == AssignmentStatus.PROPOSED]
    items = ",".join(f"{a.pk}:{a.version}" for a in waiting)
    context = {
        "host": host,
        "upcoming": mine.upcoming,
        "past": mine.past,
        "waiting": waiting,
        "items": items,
    }
    return render(request, "web/hosting.html", context)


@rep_required
@require_POST
def hosting_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = hosted_assignment_get(request=request, pk=pk)
    form = ConfirmForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        done = assignment_act(
            assignment=assignment,
            action="confirm",
            by=viewer_employee(request),
            expected_version=version,
        )
    except ServiceError as exc:
        messages.error(request, f"Not confirmed: {exc.message}")
    else:
        messages.success(request, done)
    return redirect("web:hosting")


@rep_required
@require_POST
def hosting_decline(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = hosted_assignment_get(request=request, pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not declined: say why you cannot host this session.")
        return redirect("web:hosting")
    try:
        done = assignment_act(
            assignment=assignment,
            action="decline",
            by=viewer_employee(request),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ServiceError as exc:
        messages.error(request, f"Not declined: {exc.message}")
    else:
        messages.success(request, done)
    return redirect("web:hosting")


@rep_required
@require_POST
def hosting_confirm_all(request: HttpRequest) -> HttpResponse:
    """Confirm every proposed session the page showed (each at the version it showed)."""
    host = viewer_employee(request)
    shown: dict[int, int] = {}
    for item in request.POST.get("items", "").split(","):
        pk, _, version = item.partition(":")
        if pk.isdigit() and version.isdigit():
            shown[int(pk)] = int(version)
    upcoming = host_sessions(host=host, now=timezone.now()).upcoming
    done, refused = [], []
    for assignment in upcoming:
        if assignment.pk not in shown or assignment.status != AssignmentStatus.PROPOSED:
            continue
        try:
            assignment_confirm(
                assignment=assignment, by=host, expected_version=shown[assignment.pk]
            )
        except ServiceError as exc:
            refused.append(f"{assignment.shadower.name}: {exc.message}")
        else:
            done.append(assignment.shadower.name)
    if done:
        messages.success(request, f"Confirmed {len(done)}: {', '.join(done)}.")
    if refused:
        messages.error(request, f"Not confirmed: {'; '.join(refused)}")
    if not done and not refused:
        messages.info(request, "Nothing left to confirm.")
    return redirect("web:hosting")
