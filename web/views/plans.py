"""HR: plans, their grid, charts, who is left out, solving and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rotations.models import LIVE_STATUSES, RotationPlan
from rotations.selectors.conflicts import plan_conflicts
from rotations.selectors.plans import plan_last_good_run, plan_runs_after
from rotations.selectors.review import plan_answers, plan_review
from rotations.selectors.summary import plan_summary
from rotations.services.errors import ServiceError, StaleVersionError
from rotations.services.plans import plan_publish
from web.access import hr_required, plan_zone_activate
from web.forms import PublishForm, SolveForm
from web.runs import run_active, run_state
from web.selectors.leftout import reason_text


def _plan(request: HttpRequest, pk: int) -> RotationPlan:
    plan = get_object_or_404(RotationPlan, pk=pk)
    plan_zone_activate(request=request, plan=plan)
    return plan


@hr_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = RotationPlan.objects.annotate(
        sessions=Count("assignments", filter=Q(assignments__status__in=LIVE_STATUSES))
    ).order_by("-period_start", "name")
    return render(request, "web/plan_list.html", {"plans": plans})


@hr_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    active = run_active(plan=plan)
    latest = plan_last_good_run(plan=plan)  # the run whose plan is in place
    summary = plan_summary(plan=plan)
    review = plan_review(plan=plan)
    context = {
        "review": review,
        "conflicts": plan_conflicts(plan=plan),
        "answers": plan_answers(plan=plan),
        "later_runs": plan_runs_after(plan=plan, run=latest),
        "plan": plan,
        "summary": summary,
        "shortfall": [(s, reason_text(s.reason)) for s in summary.shortfall],
        "active": active,
        "active_state": run_state(active) if active else None,
        "latest": latest,
        "latest_state": run_state(latest) if latest else None,
        "solve_form": SolveForm(),
        "can_publish": review.publishable,
    }
    return render(request, "web/plan_detail.html", context)


@hr_required
@require_POST
def plan_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not published: reload the plan and review it again.")
        return redirect("web:plan_detail", pk=plan.pk)
    try:
        plan_publish(
            plan=plan,
            expected_version=form.cleaned_data["version"],
            confirm=form.cleaned_data["confirm"],
        )
    except StaleVersionError:
        messages.error(
            request, "Not published: the plan changed since you read it; review it again."
        )
    except ServiceError as exc:
        if exc.field == "confirm":
            messages.error(request, "Not published: read the warnings and tick the box to go on.")
        else:
            messages.error(request, f"Not published: {exc.message}")
    else:
        messages.success(request, f'Plan "{plan.name}" is published: reps and staff see it now.')
    return redirect("web:plan_detail", pk=plan.pk)
