"""REST API of the program (/api/v1/program/...), with the pages' roles: HR reads the due
list and ledger, edits the policy, drafts the next plan and triages ideas; a backroom
employee keeps their own wishes and adds ideas to their own past sessions; a rep reads
the ideas their sessions produced. A stranger's wish or idea is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsHR
from api.views.base import NO_DELETE
from program.history import due_list, policy_get, program_standings
from program.ledger import host_ledger
from program.models import Idea, IdeaArea, IdeaStatus, Wish, WishTarget
from program.services import (
    idea_submit,
    idea_triage,
    plan_next_period,
    policy_update,
    wish_add,
    wish_remove,
)
from rotations.models import Assignment, Department
from rotations.roles import employee_for, employee_required, is_hr, is_rep


class PolicySerializer(serializers.Serializer[Any]):
    sessions = serializers.IntegerField(min_value=0, max_value=52)
    months = serializers.IntegerField(min_value=1, max_value=60)
    new_hire_days = serializers.IntegerField(min_value=0, max_value=365)


class DueSerializer(serializers.Serializer[Any]):
    employee_id = serializers.CharField(source="employee.employee_id")
    name = serializers.CharField(source="employee.name")
    department = serializers.CharField(source="employee.department.name")
    site = serializers.CharField(source="employee.site.name")
    sessions = serializers.SerializerMethodField()
    last = serializers.DateField(allow_null=True)
    new_hire = serializers.BooleanField()
    overdue = serializers.BooleanField()

    def get_sessions(self, row: Any) -> int:
        return len(row.sessions)


class SessionSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    host = serializers.CharField()
    kind = serializers.CharField()
    plan = serializers.CharField()


class StandingSerializer(DueSerializer):
    due = serializers.BooleanField()
    due_on = serializers.SerializerMethodField()
    history = SessionSerializer(source="sessions", many=True)

    def get_due_on(self, row: Any) -> str | None:
        return None if row.due_on in (None, dt.date.min) else row.due_on.isoformat()


class LedgerSerializer(serializers.Serializer[Any]):
    employee_id = serializers.CharField(source="rep.employee_id")
    name = serializers.CharField(source="rep.name")
    sessions = serializers.IntegerField()
    shadowers = serializers.IntegerField()
    last = serializers.DateTimeField(allow_null=True)


class WishSerializer(serializers.ModelSerializer[Wish]):
    employee = serializers.CharField(source="employee.employee_id", read_only=True)
    target = serializers.ChoiceField(choices=WishTarget.choices)
    value = serializers.CharField(write_only=True, max_length=64)
    host = serializers.CharField(source="host.employee_id", read_only=True, allow_null=True)
    weight = serializers.IntegerField(min_value=-3, max_value=3)

    class Meta:
        model = Wish
        fields = ("id", "employee", "target", "kind", "tag", "host", "value", "weight")
        read_only_fields = ("kind", "tag")


class IdeaSerializer(serializers.ModelSerializer[Idea]):
    assignment = serializers.PrimaryKeyRelatedField(queryset=Assignment.objects.all())
    author = serializers.CharField(source="author.employee_id", read_only=True, allow_null=True)
    area = serializers.ChoiceField(choices=IdeaArea.choices)
    owner = serializers.SlugRelatedField(
        slug_field="name", queryset=Department.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=IdeaStatus.choices, required=False)

    class Meta:
        model = Idea
        fields = ("id", "assignment", "author", "text", "area", "status", "owner", "outcome")
        read_only_fields = ("outcome",)


class PolicyView(APIView):
    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated(), IsHR()]

    @extend_schema(responses={200: PolicySerializer})
    def get(self, request: Request) -> Response:
        return Response(PolicySerializer(policy_get()).data)

    @extend_schema(request=PolicySerializer, responses={200: PolicySerializer})
    def put(self, request: Request) -> Response:
        body = PolicySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        policy = policy_update(**body.validated_data, by=request.user)
        return Response(PolicySerializer(policy).data)


class DueView(APIView):
    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated(), IsHR()]

    @extend_schema(responses={200: DueSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = due_list(on=timezone.localdate())
        return Response(DueSerializer(rows, many=True).data)


class StandingsView(APIView):
    """Every active backroom employee's sessions in all plans and where they stand."""

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated(), IsHR()]

    @extend_schema(responses={200: StandingSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = program_standings(on=timezone.localdate())
        return Response(StandingSerializer(rows, many=True).data)


class LedgerView(APIView):
    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated(), IsHR()]

    @extend_schema(responses={200: LedgerSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(LedgerSerializer(host_ledger(now=timezone.now()), many=True).data)


class PlanNextView(APIView):
    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated(), IsHR()]

    @extend_schema(request=None, responses={201: None})
    def post(self, request: Request) -> Response:
        plan = plan_next_period()
        participants = sorted(plan.scope.participants.values_list("employee_id", flat=True))
        body = {"plan": plan.pk, "name": plan.name, "participants": participants}
        return Response(body, status=status.HTTP_201_CREATED)


class WishViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Wish],
):
    """HR reads everyone's wishes; an employee reads, adds and removes their own."""

    serializer_class = WishSerializer
    permission_classes = (IsAuthenticated,)

    def get_queryset(self) -> QuerySet[Wish]:
        wishes = Wish.objects.select_related("employee", "host")
        if is_hr(self.request.user):
            return wishes
        me = employee_for(self.request.user)
        return wishes.filter(employee=me) if me is not None else wishes.none()

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = wish_add(
            employee=employee_required(self.request.user),
            target=data["target"],
            value=data["value"],
            weight=data["weight"],
        )

    def perform_destroy(self, instance: Wish) -> None:
        wish_remove(wish=instance, by=None if is_hr(self.request.user) else instance.employee)


class IdeaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Idea],
):
    """HR: every idea, and triage (PATCH status, owner, outcome). Employees: their own
    ideas, and new ones on their past sessions. Reps: ideas from sessions they hosted."""

    serializer_class = IdeaSerializer
    permission_classes = (IsAuthenticated,)
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet[Idea]:
        ideas = Idea.objects.select_related("author", "owner")
        user = self.request.user
        if is_hr(user):
            return ideas
        me = employee_for(user)
        if me is None:
            return ideas.none()
        if is_rep(user):
            return ideas.filter(assignment__slot__host=me)
        return ideas.filter(author=me)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        me = employee_required(self.request.user)
        assignment = data["assignment"]
        if assignment.shadower_id != me.pk:  # someone else's session: as if it did not exist
            raise serializers.ValidationError({"assignment": "no such session of yours"})
        serializer.instance = idea_submit(
            assignment=assignment, author=me, text=data["text"], area=data["area"]
        )

    def perform_update(self, serializer: Any) -> None:
        if not is_hr(self.request.user):
            raise PermissionDenied("only HR triages ideas")
        data = serializer.validated_data
        serializer.instance = idea_triage(
            idea=serializer.instance,
            status=data.get("status"),
            owner=data.get("owner"),
            outcome=self.request.data.get("outcome"),
        )
