"""List filters: plan, status, person, date range (dates are the object's start, in UTC)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from rotations.models import (
    Assignment,
    AssignmentStatus,
    Employee,
    Feedback,
    HostingSlot,
    PlanStatus,
    RotationPlan,
    RunStatus,
    SlotStatus,
    SolveRun,
    Unavailability,
)


class _Ids(filters.NumberFilter):  # type: ignore[misc]
    """An object id; out-of-range numbers match nothing rather than fail."""

    def filter(self, qs: QuerySet[Any], value: object) -> QuerySet[Any]:
        if value is not None and not 1 <= int(value) <= 2**62:  # type: ignore[call-overload]
            return qs.none()
        return super().filter(qs, value)  # type: ignore[no-any-return]


class StrictFilterSet(filters.FilterSet):  # type: ignore[misc]
    """A filter named with an empty value is an error (django-filter would ignore it)."""

    def is_valid(self) -> bool:
        valid = bool(super().is_valid())
        for name in self.filters:
            if name in self.data and not str(self.data.get(name)).strip():
                self.form.add_error(name, "must not be empty; leave the filter out instead")
                valid = False
        return valid


def _person(qs: QuerySet[Assignment], name: str, value: object) -> QuerySet[Assignment]:
    if not 1 <= int(value) <= 2**62:  # type: ignore[call-overload]
        return qs.none()
    return qs.filter(Q(shadower_id=value) | Q(slot__host_id=value))


class EmployeeFilter(StrictFilterSet):
    site = _Ids(field_name="site_id")
    department = _Ids(field_name="department_id")

    class Meta:
        model = Employee
        fields = ("role",)


class SlotFilter(StrictFilterSet):
    host = _Ids(field_name="host_id", help_text="The host's employee id (pk).")
    status = filters.ChoiceFilter(choices=SlotStatus.choices)
    date_from = filters.DateFilter(field_name="start", lookup_expr="date__gte")
    date_to = filters.DateFilter(field_name="start", lookup_expr="date__lte")

    class Meta:
        model = HostingSlot
        fields = ("host", "status")


class UnavailabilityFilter(StrictFilterSet):
    employee = _Ids(field_name="employee_id")
    date_from = filters.DateFilter(field_name="end", lookup_expr="date__gte")
    date_to = filters.DateFilter(field_name="start", lookup_expr="date__lte")

    class Meta:
        model = Unavailability
        fields = ("employee",)


class PlanFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=PlanStatus.choices)

    class Meta:
        model = RotationPlan
        fields = ("status",)


class RunFilter(StrictFilterSet):
    plan = _Ids(field_name="plan_id")
    status = filters.ChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = SolveRun
        fields = ("plan", "status")


class AssignmentFilter(StrictFilterSet):
    plan = _Ids(field_name="plan_id")
    slot = _Ids(field_name="slot_id")
    status = filters.ChoiceFilter(choices=AssignmentStatus.choices)
    person = _Ids(method=_person, help_text="Employee id (pk): as shadower or as host.")
    date_from = filters.DateFilter(field_name="slot__start", lookup_expr="date__gte")
    date_to = filters.DateFilter(field_name="slot__start", lookup_expr="date__lte")

    class Meta:
        model = Assignment
        fields = ("plan", "slot", "status")


class FeedbackFilter(StrictFilterSet):
    assignment = _Ids(field_name="assignment_id")
    plan = _Ids(field_name="assignment__plan_id")

    class Meta:
        model = Feedback
        fields = ("assignment",)
