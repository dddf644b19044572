"""Admin pages for every model: HR's back office until the API and pages arrive."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from rotations.models import (
    Assignment,
    Department,
    Employee,
    Feedback,
    HostingSlot,
    RotationPlan,
    Site,
    SolvePart,
    SolveRun,
    Unavailability,
)
from rotations.signals import unavailability_claimed


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ("name", "timezone")
    search_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "max_away")
    search_fields = ("name",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin[Employee]):
    list_display = ("employee_id", "name", "role", "department", "site", "hire_date", "active")
    list_filter = ("role", "active", "site", "department")
    search_fields = ("employee_id", "name", "email")
    autocomplete_fields = ("department", "site")
    raw_id_fields = ("user",)


@admin.register(HostingSlot)
class HostingSlotAdmin(admin.ModelAdmin[HostingSlot]):
    list_display = ("start", "end", "host", "kind", "capacity", "remote", "status")
    list_filter = ("status", "kind", "remote", "host__site")
    search_fields = ("host__name", "host__employee_id")
    date_hierarchy = "start"
    autocomplete_fields = ("host",)
    list_select_related = ("host",)


@admin.register(Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin[Unavailability]):
    list_display = ("employee", "start", "end", "reason")
    search_fields = ("employee__name", "employee__employee_id", "reason")
    date_hierarchy = "start"
    autocomplete_fields = ("employee",)
    list_select_related = ("employee",)

    def save_model(self, request: Any, obj: Unavailability, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A row HR edits here is HR's: a calendar re-upload no longer replaces it.
        unavailability_claimed.send(sender=Unavailability, rows=[obj.pk])


class SolveRunInline(admin.TabularInline[SolveRun, RotationPlan]):
    model = SolveRun
    fields = ("status", "solver_status", "objective", "bound", "gap", "started_at", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(RotationPlan)
class RotationPlanAdmin(admin.ModelAdmin[RotationPlan]):
    list_display = ("name", "period_start", "period_end", "timezone", "status")
    list_filter = ("status",)
    search_fields = ("name",)
    inlines = (SolveRunInline,)


class SolvePartInline(admin.TabularInline[SolvePart, SolveRun]):
    """A run solved in parts: how each part went (their problem documents stay out)."""

    model = SolvePart
    fields = (
        "number",
        "name",
        "status",
        "attempts",
        "time_limit_s",
        "elapsed_s",
        "objective",
        "bound",
        "heartbeat_at",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(SolveRun)
class SolveRunAdmin(admin.ModelAdmin[SolveRun]):
    list_display = (
        "plan",
        "kind",
        "status",
        "solver_status",
        "objective",
        "bound",
        "gap",
        "attempts",
        "created_at",
    )
    list_filter = ("status", "kind", "solver_status")
    search_fields = ("plan__name",)
    readonly_fields = ("created_at",)
    list_select_related = ("plan",)
    exclude = ("problem",)  # a large plan's whole problem: megabytes in a text box
    inlines = (SolvePartInline,)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("plan", "shadower", "slot", "status", "pinned", "version")
    list_filter = ("status", "pinned", "plan")
    search_fields = ("shadower__name", "shadower__employee_id", "slot__host__name")
    autocomplete_fields = ("shadower", "slot")
    list_select_related = ("plan", "shadower", "slot__host")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("assignment", "author", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("author__name", "learned", "change")
    raw_id_fields = ("assignment", "author")
