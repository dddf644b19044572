"""Sites, departments, employees and their time away: HR's reference data."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.filters import EmployeeFilter, UnavailabilityFilter
from api.schema import CONFLICT
from api.serializers import (
    DepartmentSerializer,
    EmployeeSerializer,
    SiteSerializer,
    UnavailabilitySerializer,
)
from api.views.base import HRModelViewSet
from rotations.models import Department, Employee, Site, Unavailability
from rotations.services.employees import employee_deactivate, employee_delete, employee_update

# Deleting a site or department that people belong to is refused (409).
_in_use = extend_schema_view(destroy=extend_schema(responses={204: None, **CONFLICT}))


@_in_use
class SiteViewSet(HRModelViewSet[Site]):
    queryset = Site.objects.all()
    serializer_class = SiteSerializer


@_in_use
class DepartmentViewSet(HRModelViewSet[Department]):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer


@extend_schema_view(destroy=extend_schema(responses={204: None, **CONFLICT}))
class EmployeeViewSet(HRModelViewSet[Employee]):
    """Deleting someone in sessions is a 409; deactivating (PATCH active false, or POST
    deactivate) cancels their upcoming sessions and tells the people."""

    queryset = Employee.objects.all()
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilter

    def perform_update(self, serializer: BaseSerializer[Employee]) -> None:
        instance = cast(Employee, serializer.instance)  # an update always has one
        serializer.instance = employee_update(
            employee=instance, changes=dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: Employee) -> None:
        employee_delete(employee=instance)

    @extend_schema(request=None, responses={200: EmployeeSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        employee = employee_deactivate(employee=self.get_object())
        return Response(self.get_serializer(employee).data)


class UnavailabilityViewSet(HRModelViewSet[Unavailability]):
    queryset = Unavailability.objects.all()
    serializer_class = UnavailabilitySerializer
    filterset_class = UnavailabilityFilter
