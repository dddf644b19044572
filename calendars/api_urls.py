"""API routes of the calendars app; api/urls.py includes them under /api/v1/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from calendars.api import EmployeeBusyView, EmployeeFeedTokenView, MyBusyView, PlanFeedTokenView

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/busy-calendar/", MyBusyView.as_view(), name="me-busy-calendar"),
    path(
        "employees/<int:pk>/calendar-token/",
        EmployeeFeedTokenView.as_view(),
        name="employee-calendar-token",
    ),
    path(
        "employees/<int:pk>/busy-calendar/",
        EmployeeBusyView.as_view(),
        name="employee-busy-calendar",
    ),
    path("plans/<int:pk>/calendar-token/", PlanFeedTokenView.as_view(), name="plan-calendar-token"),
]
