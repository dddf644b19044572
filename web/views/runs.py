"""HR: start a solve, watch its progress (JSON polled by the page), cancel it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rotations.models import RotationPlan, SolveRun
from rotations.services.errors import ServiceError
from rotations.services.jobs import solve_cancel, solve_start
from web.access import hr_required
from web.forms import SolveForm
from web.runs import run_state


@hr_required
@require_POST
def plan_solve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    form = SolveForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
        return redirect("web:plan_detail", pk=plan.pk)
    try:
        _run, created = solve_start(
            plan=plan, time_limit_s=float(form.cleaned_data["time_limit_s"])
        )
    except (ServiceError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        if not created:
            messages.info(request, "This plan is already being solved; here is that run.")
    return redirect("web:plan_detail", pk=plan.pk)


@hr_required
@never_cache
@require_GET
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(SolveRun, pk=pk)
    return JsonResponse(run_state(run))


@hr_required
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SolveRun, pk=pk)
    try:
        solve_cancel(run=run)
    except (ServiceError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.info(request, "Cancelling the solve; the plan keeps its previous assignments.")
    if request.headers.get("Accept", "").startswith("application/json"):
        run.refresh_from_db()
        return JsonResponse(run_state(run))
    return redirect("web:plan_detail", pk=run.plan_id)
