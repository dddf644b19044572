"""URL routes of the api app: /api/v1/..., the OpenAPI schema and its Swagger UI."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.errors import not_found
from api.views.assignments import AssignmentViewSet, FeedbackViewSet
from api.views.imports import (
    SlotImportView,
    StaffImportView,
    UnavailabilityImportView,
    WishesImportView,
)
from api.views.me import CalendarLinkView, MeView
from api.views.plans import PlanViewSet, RunViewSet
from api.views.reference import (
    DepartmentViewSet,
    EmployeeViewSet,
    SiteViewSet,
    UnavailabilityViewSet,
)
from api.views.slots import SlotViewSet
from program import api as program_api

app_name = "api"

router = SimpleRouter()
router.register("sites", SiteViewSet, basename="site")
router.register("departments", DepartmentViewSet, basename="department")
router.register("employees", EmployeeViewSet, basename="employee")
router.register("slots", SlotViewSet, basename="slot")
router.register("unavailability", UnavailabilityViewSet, basename="unavailability")
router.register("plans", PlanViewSet, basename="plan")
router.register("runs", RunViewSet, basename="run")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("wishes", program_api.WishViewSet, basename="wish")
router.register("ideas", program_api.IdeaViewSet, basename="idea")

v1: list[URLPattern | URLResolver] = [
    path("imports/staff/", StaffImportView.as_view(), name="import-staff"),
    path("imports/slots/", SlotImportView.as_view(), name="import-slots"),
    path(
        "imports/unavailability/", UnavailabilityImportView.as_view(), name="import-unavailability"
    ),
    path("imports/wishes/", WishesImportView.as_view(), name="import-wishes"),
    path("me/", MeView.as_view(), name="me"),
    path("me/calendar/", CalendarLinkView.as_view(), name="me-calendar"),
    path("program/policy/", program_api.PolicyView.as_view(), name="program-policy"),
    path("program/due/", program_api.DueView.as_view(), name="program-due"),
    path("program/history/", program_api.StandingsView.as_view(), name="program-history"),
    path("program/ledger/", program_api.LedgerView.as_view(), name="program-ledger"),
    path("program/plan-next/", program_api.PlanNextView.as_view(), name="program-plan-next"),
    path("", include("calendars.api_urls")),  # feed links of others and plans, busy uploads
    *router.urls,
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: the docs page runs no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Last: any other /api/ path (e.g. /api/v1/plans/0.5/) is a JSON 404, not an HTML page.
    re_path(r"^.*$", not_found, name="not-found"),
]
