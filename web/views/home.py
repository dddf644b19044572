"""Sign-in and the landing page, which sends each role to its own start page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rotations.roles import is_employee, is_hr, is_rep


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_hr(request.user):
        return redirect("web:plan_list")
    if is_rep(request.user):
        return redirect("web:hosting")
    if is_employee(request.user):
        return redirect("web:sessions")
    return render(request, "web/no_role.html", status=403)
