"""HR's plan editor: create a plan, edit its rules, weights and the departments' max_away,
duplicate it for the next period, and repair its conflicts. Every write is a plan service;
the optimizer parser's message is shown next to the field it is about."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rotations.models import Department, RotationPlan, default_rules
from rotations.services.departments import departments_max_away_set
from rotations.services.edits import plan_update
from rotations.services.errors import ServiceError, StaleVersionError
from rotations.services.plans import plan_create, plan_duplicate
from rotations.services.repair import plan_repair
from web.access import hr_required
from web.forms import PlanForm

_FORM_FIELDS = ("name", "period_start", "period_end", "timezone", "rules", "weights")


def _show(form: PlanForm, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _max_away(request: HttpRequest) -> tuple[dict[int, int | None], list[str]]:
    values: dict[int, int | None] = {}
    errors = []
    for department in Department.objects.all():
        raw = request.POST.get(f"max_away_{department.pk}", "").strip()
        try:
            values[department.pk] = int(raw) if raw else None
        except ValueError:
            errors.append(f"{department.name}: max away must be a whole number")
    return values, errors


@hr_required
def plan_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"rules": default_rules(), "weights": {}}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plan_create(
                name=data["name"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                timezone_name=data["timezone"],
                rules=data["rules"],
                weights=data["weights"],
            )
        except ServiceError as exc:
            _show(form, exc)
        else:
            messages.success(request, f'Plan "{plan.name}" is created: solve it when ready.')
            return redirect("web:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/plan_edit.html", {"form": form, "plan": None}, status=status)


@hr_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    initial = {name: getattr(plan, name) for name in _FORM_FIELDS}
    form = PlanForm(request.POST or None, initial=initial)
    departments = list(Department.objects.order_by("name"))
    if request.method == "POST" and form.is_valid():
        values, errors = _max_away(request)
        for error in errors:
            form.add_error(None, error)
        version = int(request.POST.get("version") or 0) or None
        if not errors:
            try:
                departments_max_away_set(values=values)
                plan_update(plan=plan, expected_version=version, changes=form.cleaned_data)
            except StaleVersionError:
                form.add_error(None, "The plan changed since you opened it; reload and edit.")
            except ServiceError as exc:
                _show(form, exc)
            else:
                messages.success(request, f'Plan "{plan.name}" is saved.')
                return redirect("web:plan_detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "departments": departments}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/plan_edit.html", context, status=status)


@hr_required
@require_POST
def plan_duplicate_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    try:
        copy = plan_duplicate(plan=plan)
    except ServiceError as exc:
        messages.error(request, f"Not duplicated: {exc.message}")
        return redirect("web:plan_detail", pk=plan.pk)
    messages.success(request, f'Plan "{copy.name}" is created for the next period.')
    return redirect("web:plan_edit", pk=copy.pk)


@hr_required
@require_POST
def plan_repair_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    try:
        plan_repair(plan=plan, expected_version=int(request.POST.get("version") or 0) or None)
    except ServiceError as exc:
        messages.error(request, f"Not repaired: {exc.message}")
    else:
        messages.info(request, "Repairing: the sessions in conflict are cancelled and re-planned.")
    return redirect("web:plan_detail", pk=plan.pk)
