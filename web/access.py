"""Who may open which page: role checks for views, and "get for user" lookups that give a
stranger's object as a 404."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from rotations.models import Assignment, Employee, HostingSlot, RotationPlan
from rotations.roles import employee_for, is_employee, is_hr, is_rep
from rotations.selectors.visibility import (
    assignments_published,
    assignments_visible_to,
    slots_visible_to,
)

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("your account does not have this role")
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorator


hr_required = _role_required(is_hr)
rep_required = _role_required(is_rep)
employee_required = _role_required(lambda user: is_employee(user) or is_rep(user))


def viewer_employee(request: HttpRequest) -> Employee:
    """The signed-in person's Employee record; 404 when the account has none."""
    employee = employee_for(request.user)
    if employee is None:
        raise Http404("this account is not linked to an employee")
    return employee


def hosted_assignment_get(*, request: HttpRequest, pk: int) -> Assignment:
    """A published session on one of the viewer's own slots, else 404."""
    host = viewer_employee(request)
    try:
        return assignments_published(
            Assignment.objects.select_related(
                "plan", "slot", "slot__host", "shadower", "shadower__department", "shadower__site"
            )
        ).get(pk=pk, slot__host=host)
    except Assignment.DoesNotExist:
        raise Http404("no such session") from None


def own_assignment_get(*, request: HttpRequest, pk: int) -> Assignment:
    """One of the viewer's own published sessions as a shadower, else 404."""
    shadower = viewer_employee(request)
    try:
        return assignments_published(
            Assignment.objects.select_related("plan", "slot", "slot__host", "slot__host__site")
        ).get(pk=pk, shadower=shadower)
    except Assignment.DoesNotExist:
        raise Http404("no such session") from None


def assignment_for_viewer(*, request: HttpRequest, pk: int) -> Assignment:
    """A session the viewer may open (see `assignments_visible_to`), else 404."""
    visible = assignments_visible_to(user=request.user).select_related(
        "slot__host__site", "shadower__department", "shadower__site"
    )
    assignment = visible.filter(pk=pk).first()
    if assignment is None:
        raise Http404("no such session")
    return assignment


def slot_for_viewer(*, request: HttpRequest, pk: int) -> HostingSlot:
    """A slot the viewer may open (its host, or HR), else 404."""
    slot = slots_visible_to(user=request.user).select_related("host__site").filter(pk=pk).first()
    if slot is None:
        raise Http404("no such slot")
    return slot


def plan_zone_activate(*, request: HttpRequest, plan: RotationPlan) -> None:
    """HR people without an employee record read a plan's times in the plan's zone."""
    if employee_for(request.user) is None:
        timezone.activate(zoneinfo.ZoneInfo(plan.timezone))
