"""The signed-in person: who they are, and their calendar feed link."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import EmployeeSerializer
from calendars.tokens import feed_token_active, feed_token_issue, feed_token_revoke, feed_urls
from rotations.roles import ROLE_GROUPS, employee_for, employee_required, is_hr


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    employee = EmployeeSerializer(allow_null=True)


class CalendarLinkSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField()
    url = serializers.URLField(allow_null=True, help_text="Only when just issued.")
    webcal = serializers.CharField(allow_null=True, help_text="Only when just issued.")


class MeView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user: Any = request.user
        roles = [g for g in ROLE_GROUPS if user.groups.filter(name=g).exists()]
        if is_hr(user) and "hr" not in roles:
            roles.insert(0, "hr")
        me = employee_for(user)
        body = {
            "username": user.get_username(),
            "roles": roles,
            "employee": EmployeeSerializer(me).data if me else None,
        }
        return Response(body)


class CalendarLinkView(APIView):
    """One's own calendar feed: whether a link is active; issue a new one (the old one stops
    at once; the raw link is shown only now); revoke it."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: CalendarLinkSerializer})
    def get(self, request: Request) -> Response:
        me = employee_required(request.user)
        return Response({"active": feed_token_active(employee=me), "url": None, "webcal": None})

    @extend_schema(request=None, responses={201: CalendarLinkSerializer})
    def post(self, request: Request) -> Response:
        me = employee_required(request.user)
        url, webcal = feed_urls(request=request, token=feed_token_issue(employee=me))
        return Response(
            {"active": True, "url": url, "webcal": webcal}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        feed_token_revoke(employee=employee_required(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
