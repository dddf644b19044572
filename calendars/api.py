"""REST endpoints of the calendars app (routed by api_urls.py under /api/v1/).

HR rotates or revokes the feed of any employee and the plan feeds; anyone uploads their own
busy times, HR anyone's. A person's own feed link is `/api/v1/me/calendar/` (api app).
Errors use the API's shape: a ServiceError names its field, the API's handler answers 4xx.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsHR
from api.uploads import UploadView
from calendars.busy import busy_import
from calendars.models import BusyImport
from calendars.tokens import (
    feed_token_active,
    feed_token_issue,
    feed_token_revoke,
    feed_urls,
    plan_feed_token_active,
    plan_feed_token_issue,
    plan_feed_token_revoke,
)
from rotations.models import Employee, RotationPlan
from rotations.roles import employee_required
from rotations.services.errors import ServiceError

DEFAULT_DAYS = 182


class FeedLinkSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField()
    url = serializers.URLField(allow_null=True, help_text="https URL (Google); only when issued.")
    webcal = serializers.CharField(allow_null=True, help_text="webcal:// (Outlook, Apple).")


class BusyUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="An .ics export of the person's calendar.")
    start = serializers.DateField(required=False, help_text="Default: today.")
    until = serializers.DateField(
        required=False, help_text="Last day read (default: the end of the last current plan)."
    )


class BusyResultSerializer(serializers.Serializer[Any]):
    employee = serializers.IntegerField()
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    events = serializers.IntegerField(help_text="Busy occurrences read in the period.")
    intervals = serializers.ListField(child=serializers.DictField())


def _hr() -> list[BasePermission]:
    return [IsAuthenticated(), IsHR()]


class _FeedTokenView(APIView):
    """GET: whether a feed link is active; POST: a new link (the old one stops at once, the
    new one is shown only now); DELETE: revoke it."""

    def get_permissions(self) -> list[BasePermission]:
        return _hr()

    def _active(self, pk: int) -> bool:
        raise NotImplementedError

    def _issue(self, pk: int) -> str:
        raise NotImplementedError

    def _revoke(self, pk: int) -> None:
        raise NotImplementedError

    @extend_schema(responses={200: FeedLinkSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response({"active": self._active(pk), "url": None, "webcal": None})

    @extend_schema(request=None, responses={201: FeedLinkSerializer})
    def post(self, request: Request, pk: int) -> Response:
        url, webcal = feed_urls(request=request, token=self._issue(pk))
        body = {"active": True, "url": url, "webcal": webcal}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        self._revoke(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmployeeFeedTokenView(_FeedTokenView):
    """HR: an employee's calendar feed link."""

    def _active(self, pk: int) -> bool:
        return feed_token_active(employee=get_object_or_404(Employee, pk=pk))

    def _issue(self, pk: int) -> str:
        return feed_token_issue(employee=get_object_or_404(Employee, pk=pk))

    def _revoke(self, pk: int) -> None:
        feed_token_revoke(employee=get_object_or_404(Employee, pk=pk))


class PlanFeedTokenView(_FeedTokenView):
    """HR: the feed of every session of a plan."""

    def _active(self, pk: int) -> bool:
        return plan_feed_token_active(plan=get_object_or_404(RotationPlan, pk=pk))

    def _issue(self, pk: int) -> str:
        return plan_feed_token_issue(plan=get_object_or_404(RotationPlan, pk=pk))

    def _revoke(self, pk: int) -> None:
        plan_feed_token_revoke(plan=get_object_or_404(RotationPlan, pk=pk))


def _period(employee: Employee, data: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """Whole days in the employee's zone; by default from today to the end of current plans."""
    zone = zoneinfo.ZoneInfo(employee.site.timezone)
    today = dt.datetime.now(zone).date()
    start = data.get("start") or today
    until = data.get("until")
    if until is None:
        ends = RotationPlan.objects.filter(period_end__gte=start).values_list(
            "period_end", flat=True
        )
        until = max(ends, default=start + dt.timedelta(days=DEFAULT_DAYS))
    if until < start:
        raise ServiceError("the last day comes before the first", field="until")
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=zone),
        dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=zone),
    )


class _BusyView(UploadView):
    def upload(self, request: Request, employee: Employee) -> Response:
        form = BusyUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        start, end = _period(employee, form.validated_data)
        record = busy_import(
            employee=employee,
            ics_bytes=form.validated_data["file"].read(),
            period_start=start,
            period_end=end,
            by=request.user if request.user.is_authenticated else None,
        )
        return Response(_result(record), status=status.HTTP_201_CREATED)


def _result(record: BusyImport) -> dict[str, Any]:
    return {
        "employee": record.employee_id,
        "period_start": record.period_start,
        "period_end": record.period_end,
        "events": record.events,
        "intervals": [
            {"start": u.start, "end": u.end} for u in record.unavailability.order_by("start")
        ],
    }


class MyBusyView(_BusyView):
    """Upload one's own calendar export (.ics): its busy times become time away."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request={"multipart/form-data": BusyUploadSerializer},
        responses={201: BusyResultSerializer},
    )
    def post(self, request: Request) -> Response:
        return self.upload(request, employee_required(request.user))


class EmployeeBusyView(_BusyView):
    """HR: upload an employee's calendar export (.ics)."""

    def get_permissions(self) -> list[BasePermission]:
        return _hr()

    @extend_schema(
        request={"multipart/form-data": BusyUploadSerializer},
        responses={201: BusyResultSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.upload(request, get_object_or_404(Employee, pk=pk))
