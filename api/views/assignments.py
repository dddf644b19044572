"""Assignments and feedback.

HR books (a confirmed seat), pins (If-Match) and reads every assignment; the host confirms
or declines the ones on their slots; the shadower reads theirs and gives feedback.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.etags import if_match_version, required_version, with_etag
from api.filters import AssignmentFilter, FeedbackFilter
from api.permissions import IsEmployee, IsHR, IsRep
from api.schema import CONFLICT, IF_MATCH, IF_MATCH_OPTIONAL, VERSIONED
from api.scopes import assignments_visible_to, feedback_visible_to
from api.serializers import (
    AssignmentEditSerializer,
    AssignmentSerializer,
    DeclineSerializer,
    FeedbackSerializer,
)
from api.views.base import NO_DELETE, hr_only
from api.views.plans import run_url
from rotations.models import Assignment, Feedback
from rotations.roles import employee_for, employee_required
from rotations.selectors.visibility import assignments_published
from rotations.services.assignments import assignment_decline
from rotations.services.booking import assignment_book, assignment_confirm, feedback_submit
from rotations.services.edits import assignment_update
from rotations.services.errors import NotAllowedError


class DeclinedSerializer(AssignmentSerializer):
    replan = serializers.URLField(
        read_only=True, allow_null=True, help_text="The re-plan run started by the decline."
    )

    class Meta(AssignmentSerializer.Meta):
        fields = (*AssignmentSerializer.Meta.fields, "replan")
        read_only_fields = fields


@extend_schema_view(
    retrieve=extend_schema(description="The assignment; its version is the ETag header."),
    create=extend_schema(
        description="Book a shadower on a slot directly (a confirmed seat). 409 when the slot "
        "is full or cancelled, or when the booking would break a hard rule of the scheduling "
        "contract in the plan (time away, double booking, requirement cap, weekly limit, "
        "spacing, host load, distinct hosts, department coverage, a declined pair, the plan's "
        "period, capacity): the message names the rule and the facts.",
        responses={201: AssignmentSerializer, **CONFLICT},
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH],
        request=AssignmentEditSerializer,
        responses={200: AssignmentSerializer, **VERSIONED},
    ),
)
class AssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Assignment],
):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet[Assignment]:
        return assignments_visible_to(user=self.request.user)

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated(), (IsHR | IsRep | IsEmployee)()]
        if self.action in ("confirm", "decline"):
            return [IsAuthenticated(), IsRep()]
        return hr_only()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = self.get_object()
        return with_etag(Response(self.get_serializer(assignment).data), assignment.version)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = assignment_book(
            plan=data["plan"], slot=data["slot"], shadower=data["shadower"]
        )
        response = Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED)
        return with_etag(response, assignment.version)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = self.get_object()
        edit = AssignmentEditSerializer(data=request.data)
        edit.is_valid(raise_exception=True)
        version = required_version(request)
        assignment = assignment_update(
            assignment=assignment,
            expected_version=version,
            pinned=edit.validated_data.get("pinned"),
        )
        return with_etag(Response(self.get_serializer(assignment).data), assignment.version)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH_OPTIONAL],
        responses={200: AssignmentSerializer, "412": VERSIONED["412"], **CONFLICT},
        description="The host accepts the proposed shadower (409 when the slot is full).",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        version = if_match_version(request, required=False)
        assignment = assignment_confirm(
            assignment=assignment, by=employee_required(request.user), expected_version=version
        )
        return with_etag(Response(self.get_serializer(assignment).data), assignment.version)

    @extend_schema(
        request=DeclineSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses={200: DeclinedSerializer, "412": VERSIONED["412"], **CONFLICT},
        description="The host declines, with a reason; a re-plan starts (its run in `replan`).",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = if_match_version(request, required=False)
        me = employee_required(request.user)
        if assignment.slot.host_id != me.pk:
            raise NotAllowedError("only the host declines a shadower")
        run = assignment_decline(
            assignment=assignment,
            by=me,
            reason=body.validated_data["reason"],
            expected_version=version,
        )
        assignment.refresh_from_db()
        data = {
            **self.get_serializer(assignment).data,
            "replan": run_url(request, run) if run is not None else None,
        }
        return with_etag(Response(data), assignment.version)


@extend_schema_view(
    create=extend_schema(
        description="The shadower's feedback on a confirmed or completed session.",
        responses={201: FeedbackSerializer, **CONFLICT},
    )
)
class FeedbackViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Feedback],
):
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter

    def get_queryset(self) -> QuerySet[Feedback]:
        return feedback_visible_to(user=self.request.user)

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated(), (IsHR | IsEmployee)()]
        return [IsAuthenticated(), IsEmployee()]

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer: Any = super().get_serializer(*args, **kwargs)
        # Only one's own sessions can be named: another person's is "does not exist".
        field = getattr(serializer, "fields", {}).get("assignment")
        if field is not None and hasattr(field, "queryset"):
            mine = employee_for(self.request.user)
            field.queryset = (
                assignments_published(Assignment.objects.filter(shadower=mine))
                if mine
                else Assignment.objects.none()
            )
        return serializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        feedback = feedback_submit(
            assignment=data["assignment"],
            author=employee_required(request.user),
            rating=data["rating"],
            learned=data.get("learned", ""),
            change=data.get("change", ""),
        )
        return Response(self.get_serializer(feedback).data, status=status.HTTP_201_CREATED)
