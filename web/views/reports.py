"""HR review pages: a plan's grid, charts and left-out list, a person's timeline,
participation by department and site, and feedback.

The big read-only pages are gzipped (a demo grid is ~70 KB of HTML). BREACH needs a secret
and attacker-chosen text in one compressed body: these pages hold no secret but the CSRF
token of their forms, which Django masks with a new random salt in every response, and
Django's GZip adds up to 100 random bytes to each body (its "Heal the BREACH" padding). The
calendar page, which shows a feed token once, is never compressed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from rotations.models import Employee, RotationPlan
from rotations.services.booking import assignment_book
from rotations.services.errors import ServiceError
from web.access import hr_required, plan_zone_activate
from web.filters import FeedbackFilterForm, GridFilterForm, PlaceForm, page_number
from web.selectors.charts import plan_charts
from web.selectors.feedback import feedback_by_department, feedback_entries
from web.selectors.grid import GRID_STATUSES, plan_grid
from web.selectors.leftout import plan_left_out
from web.selectors.participation import participation
from web.selectors.timeline import person_default_plan, person_timeline
from web.svg import PALETTE, coverage_chart, host_load_chart, host_week_heatmap


def _plan(request: HttpRequest, pk: int) -> RotationPlan:
    plan = get_object_or_404(RotationPlan, pk=pk)
    plan_zone_activate(request=request, plan=plan)
    return plan


@hr_required
@gzip_page
def plan_grid_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = GridFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else None
    grid = plan_grid(plan=plan, filters=filters, page=page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan,
        "grid": grid,
        "form": form,
        "query": query.urlencode(),
        "statuses": GRID_STATUSES,
    }
    return render(request, "web/plan_grid.html", context)


@hr_required
@gzip_page
def plan_charts_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    charts = plan_charts(plan=plan)
    coverage = coverage_chart(charts.weeks, charts.coverage)
    context = {
        "plan": plan,
        "charts": charts,
        "host_chart": host_load_chart(charts.host_load, limit=charts.host_week_limit),
        "host_heatmap": host_week_heatmap(
            charts.weeks, charts.host_load, limit=charts.host_week_limit
        ),
        "coverage_chart": coverage,
        "coverage_rows": list(zip(charts.coverage, coverage.lines, strict=True)),
        "palette": PALETTE,
    }
    return render(request, "web/plan_charts.html", context)


@hr_required
@gzip_page
def plan_left_out_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    context = {"plan": plan, "left_out": plan_left_out(plan=plan)}
    return render(request, "web/plan_left_out.html", context)


@hr_required
@require_POST
def plan_place_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Place a left-out person on a chosen slot by hand, through the booking service's checks
    (the API's); the rule it would break is named, and nothing changes."""
    plan = get_object_or_404(RotationPlan, pk=pk)
    form = PlaceForm(request.POST)
    back = redirect(f"{reverse('web:plan_left_out', args=[plan.pk])}#placed")
    if not form.is_valid():
        messages.error(request, "Not placed: choose a slot for the person.")
        return back
    person = form.cleaned_data["shadower"]
    slot = form.cleaned_data["slot"]
    try:
        assignment_book(plan=plan, slot=slot, shadower=person)
    except ServiceError as exc:
        messages.error(request, f"{person.name} was not placed: {exc.message}.")
    else:
        plan_zone_activate(request=request, plan=plan)
        start = timezone.localtime(slot.start)
        messages.success(
            request,
            f"{person.name} is placed with {slot.host.name} on "
            f"{start:%a} {start.day} {start:%b %H:%M} (confirmed).",
        )
    return back


@hr_required
@gzip_page
def person_timeline_view(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    plan = _plan(request, pk)
    employee = get_object_or_404(Employee.objects.select_related("department", "site"), pk=person)
    context = {"plan": plan, "timeline": person_timeline(person=employee, plan=plan)}
    return render(request, "web/person_timeline.html", context)


@hr_required
def person_view(request: HttpRequest, person: int) -> HttpResponse:
    """A name outside a plan's pages: the person's timeline in their latest plan."""
    employee = get_object_or_404(Employee, pk=person)
    plan = person_default_plan(person=employee)
    if plan is None:
        return render(request, "web/person_timeline.html", {"timeline": None, "person": employee})
    return redirect("web:person_timeline", pk=plan.pk, person=employee.pk)


@hr_required
@gzip_page
def participation_view(request: HttpRequest) -> HttpResponse:
    report = participation(now=timezone.now())
    return render(request, "web/participation.html", {"report": report})


FEEDBACK_PER_PAGE = 25


@hr_required
@gzip_page
def feedback_summary(request: HttpRequest) -> HttpResponse:
    form = FeedbackFilterForm(request.GET or None)
    entries = feedback_entries(filters=form.filters() if form.is_bound else None)
    page = Paginator(entries, FEEDBACK_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "departments": feedback_by_department(comments_per_department=0, entries=entries),
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "web/feedback_summary.html", context)
