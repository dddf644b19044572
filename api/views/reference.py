"""Sites, departments, employees and their time away: HR's reference data."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

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


class EmployeeViewSet(HRModelViewSet[Employee]):
    queryset = Employee.objects.all()
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilter


class UnavailabilityViewSet(HRModelViewSet[Unavailability]):
    queryset = Unavailability.objects.all()
    serializer_class = UnavailabilitySerializer
    filterset_class = UnavailabilityFilter
