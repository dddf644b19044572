"""URL routes of the web app: HR, reps and employees (see README, "Pages")."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, reverse_lazy

from web.views import (
    calendar,
    detail,
    editor,
    exports,
    home,
    hosting,
    imports,
    links,
    plans,
    reports,
    runs,
    sessions,
    signin,
)

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            redirect_authenticated_user=True,
            extra_context={
                "sso": settings.OIDC_PROVIDER_NAME if settings.OIDC_RP_CLIENT_ID else ""
            },
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/link/", signin.signin_request, name="signin_request"),
    path("login/link/<str:token>/", signin.signin_link, name="signin_link"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="web/password_reset_form.html",
            email_template_name="web/email/password_reset.txt",
            subject_template_name="web/email/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # HR
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", editor.plan_new, name="plan_new"),
    path("plans/<int:pk>/edit/", editor.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/duplicate/", editor.plan_duplicate_view, name="plan_duplicate"),
    path("plans/<int:pk>/repair/", editor.plan_repair_view, name="plan_repair"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/grid/", reports.plan_grid_view, name="plan_grid"),
    path("plans/<int:pk>/charts/", reports.plan_charts_view, name="plan_charts"),
    path("plans/<int:pk>/left-out/", reports.plan_left_out_view, name="plan_left_out"),
    path("plans/<int:pk>/assignments.csv", exports.plan_assignments_csv_view, name="plan_csv"),
    path("plans/<int:pk>/left-out.csv", exports.plan_left_out_csv_view, name="plan_left_out_csv"),
    path("plans/<int:pk>/calendar/", calendar.plan_calendar, name="plan_calendar"),
    path("plans/<int:pk>/left-out/place/", reports.plan_place_view, name="plan_place"),
    path(
        "plans/<int:pk>/people/<int:person>/",
        reports.person_timeline_view,
        name="person_timeline",
    ),
    path("people/<int:person>/", reports.person_view, name="person"),
    path("plans/<int:pk>/publish/", plans.plan_publish_view, name="plan_publish"),
    path("plans/<int:pk>/solve/", runs.plan_solve, name="plan_solve"),
    path("runs/<int:pk>/status/", runs.run_status, name="run_status"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("imports/", imports.import_upload, name="import_upload"),
    path("participation/", reports.participation_view, name="participation"),
    path("feedback/", reports.feedback_summary, name="feedback_summary"),
    path("feedback.csv", exports.feedback_csv_view, name="feedback_csv"),
    # Reps
    path("hosting/", hosting.hosting, name="hosting"),
    path("hosting/confirm-all/", hosting.hosting_confirm_all, name="hosting_confirm_all"),
    path("hosting/<int:pk>/confirm/", hosting.hosting_confirm, name="hosting_confirm"),
    path("hosting/<int:pk>/decline/", hosting.hosting_decline, name="hosting_decline"),
    path("slots/<int:pk>/", detail.slot_detail, name="slot_detail"),
    path("a/all/<str:token>/", links.confirm_all_link, name="confirm_all_link"),
    path("a/<str:token>/", links.action_link, name="action_link"),
    # Employees
    path("sessions/", sessions.sessions, name="sessions"),
    path("assignments/<int:pk>/", detail.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/feedback/", sessions.feedback, name="feedback"),
    path("calendar/", calendar.calendar, name="calendar"),
]
