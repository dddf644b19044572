"""URL routes of the web app: HR, reps and employees (see README, "Pages")."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from web.views import (
    calendar,
    detail,
    editor,
    home,
    hosting,
    imports,
    links,
    plans,
    reports,
    runs,
    sessions,
)

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # HR
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", editor.plan_new, name="plan_new"),
    path("plans/<int:pk>/edit/", editor.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/duplicate/", editor.plan_duplicate_view, name="plan_duplicate"),
    path("plans/<int:pk>/repair/", editor.plan_repair_view, name="plan_repair"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/grid/", plans.plan_grid_view, name="plan_grid"),
    path("plans/<int:pk>/charts/", plans.plan_charts_view, name="plan_charts"),
    path("plans/<int:pk>/left-out/", plans.plan_left_out_view, name="plan_left_out"),
    path("plans/<int:pk>/publish/", plans.plan_publish_view, name="plan_publish"),
    path("plans/<int:pk>/solve/", runs.plan_solve, name="plan_solve"),
    path("runs/<int:pk>/status/", runs.run_status, name="run_status"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("imports/", imports.import_upload, name="import_upload"),
    path("participation/", reports.participation_view, name="participation"),
    path("feedback/", reports.feedback_summary, name="feedback_summary"),
    # Reps
    path("hosting/", hosting.hosting, name="hosting"),
    path("hosting/<int:pk>/confirm/", hosting.hosting_confirm, name="hosting_confirm"),
    path("hosting/<int:pk>/decline/", hosting.hosting_decline, name="hosting_decline"),
    path("slots/<int:pk>/", detail.slot_detail, name="slot_detail"),
    path("a/<str:token>/", links.action_link, name="action_link"),
    # Employees
    path("sessions/", sessions.sessions, name="sessions"),
    path("assignments/<int:pk>/", detail.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/feedback/", sessions.feedback, name="feedback"),
    path("calendar/", calendar.calendar, name="calendar"),
]
