"""Serializers: shapes and field checks only; writes with rules go through services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    AwareDateTimeField,
    BoundedDateField,
    JsonObjectField,
    TimeZoneField,
    tags_field,
)
from api.strict import (
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
)
from rotations.models import (
    Assignment,
    Department,
    Employee,
    Feedback,
    HostingSlot,
    Role,
    RotationPlan,
    Site,
    SolveRun,
    Unavailability,
    default_rules,
)
from rotations.models.plans import default_timezone
from rotations.services.booking import slot_taken

SMALLINT_MAX = 32_767
INT_MAX = 2_147_483_647


def _end_after_start(attrs: dict[str, Any], instance: Model | None) -> None:
    start = attrs.get("start", getattr(instance, "start", None))
    end = attrs.get("end", getattr(instance, "end", None))
    if start is not None and end is not None and end <= start:
        raise serializers.ValidationError({"end": ["must be after start"]})


class SiteSerializer(StrictModelSerializer):
    timezone = TimeZoneField()

    class Meta:
        model = Site
        fields = ("id", "name", "timezone")


class DepartmentSerializer(StrictModelSerializer):
    max_away = StrictIntegerField(min_value=1, max_value=INT_MAX, allow_null=True, required=False)

    class Meta:
        model = Department
        fields = ("id", "name", "max_away")


class EmployeeSerializer(StrictModelSerializer):
    tags = tags_field()
    hire_date = BoundedDateField(allow_null=True, required=False)

    class Meta:
        model = Employee
        fields = (
            "id",
            "employee_id",
            "name",
            "email",
            "role",
            "department",
            "site",
            "hire_date",
            "tags",
            "active",
            "user",
        )
        read_only_fields = ("user",)


class SlotSerializer(StrictModelSerializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    capacity = StrictIntegerField(min_value=1, max_value=SMALLINT_MAX, required=False)
    tags = tags_field()
    taken = serializers.SerializerMethodField(help_text="Seats taken (confirmed, completed).")
    host = StrictPrimaryKeyRelatedField(
        queryset=Employee.objects.filter(role=Role.REP, active=True),
        help_text="An active rep.",
    )

    class Meta:
        model = HostingSlot
        fields = (
            "id",
            "host",
            "start",
            "end",
            "capacity",
            "kind",
            "remote",
            "tags",
            "status",
            "taken",
        )

    @extend_schema_field(serializers.IntegerField())
    def get_taken(self, slot: HostingSlot) -> int:
        taken = getattr(slot, "taken", None)
        return int(taken) if taken is not None else slot_taken(slot=slot)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _end_after_start(attrs, self.instance)
        return attrs


class UnavailabilitySerializer(StrictModelSerializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()

    class Meta:
        model = Unavailability
        fields = ("id", "employee", "start", "end", "reason")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _end_after_start(attrs, self.instance)
        return attrs


class PlanSerializer(StrictModelSerializer):
    period_start = BoundedDateField()
    period_end = BoundedDateField()
    timezone = TimeZoneField(required=False)
    rules = JsonObjectField(required=False)
    weights = JsonObjectField(required=False)

    class Meta:
        model = RotationPlan
        fields = (
            "id",
            "name",
            "period_start",
            "period_end",
            "timezone",
            "rules",
            "weights",
            "status",
            "version",
            "created_at",
            "updated_at",
            "published_at",
        )
        read_only_fields = ("status", "version", "created_at", "updated_at", "published_at")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"period_end": ["must not be before period_start"]})
        if self.instance is None:
            _check_contract(attrs)
        return attrs


def _check_contract(attrs: dict[str, Any]) -> None:
    """A new plan's rules and weights must be ones the optimizer accepts."""
    fields: dict[str, Any] = {
        "period_start": attrs.get("period_start"),
        "period_end": attrs.get("period_end"),
        "timezone": attrs.get("timezone") or default_timezone(),
        "rules": attrs.get("rules", default_rules()),
        "weights": attrs.get("weights", {}),
    }
    plan = RotationPlan(**fields)
    try:
        plan.clean()
    except DjangoValidationError as exc:
        raise serializers.ValidationError({"rules": exc.messages}) from None


class RunSerializer(StrictModelSerializer):
    parts = serializers.JSONField(
        source="stats.parts",
        read_only=True,
        allow_null=True,
        help_text="Solved in parts: while they run, how many there are, done and running "
        '(`{"total": 12, "done": 3, "running": 2}`), then what the master step reports; '
        "null for a run not in parts.",
    )

    class Meta:
        model = SolveRun
        fields: tuple[str, ...] = (
            "id",
            "plan",
            "kind",
            "status",
            "reason",
            "time_limit_s",
            "workers",
            "created_at",
            "started_at",
            "finished_at",
            "solver_status",
            "objective",
            "bound",
            "gap",
            "progress",
            "elapsed_s",
            "changed",
            "cancel_requested",
            "error",
            "parts",
        )
        read_only_fields: tuple[str, ...] = fields


class SolveStartedSerializer(RunSerializer):
    url = serializers.URLField(read_only=True, help_text="The run: poll it for progress.")
    created = serializers.BooleanField(read_only=True, help_text="False: a run was active.")

    class Meta(RunSerializer.Meta):
        fields = (*RunSerializer.Meta.fields, "url", "created")
        read_only_fields = fields


class SolveRequestSerializer(serializers.Serializer[Any]):
    time_limit_s = StrictFloatField(min_value=1, max_value=600, required=False, default=20)
    workers = StrictIntegerField(min_value=1, max_value=8, required=False, default=2)


class PublishRequestSerializer(serializers.Serializer[Any]):
    confirm = StrictBooleanField(
        required=False,
        default=False,
        help_text="Publish despite the review's warnings (GET review/ lists them); without "
        "it a plan whose review has warnings is refused with 400 naming `confirm`.",
    )


class AssignmentSerializer(StrictModelSerializer):
    class Meta:
        model = Assignment
        fields: tuple[str, ...] = (
            "id",
            "plan",
            "shadower",
            "slot",
            "status",
            "pinned",
            "version",
            "decline_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields: tuple[str, ...] = (
            "status",
            "version",
            "decline_reason",
            "created_at",
            "updated_at",
        )
        # A second booking of the same pair is a conflict (409) the service reports.
        validators: list[Any] = []  # noqa: RUF012


class AssignmentEditSerializer(serializers.Serializer[Any]):
    pinned = StrictBooleanField(required=False)


class DeclineSerializer(serializers.Serializer[Any]):
    reason = StrictCharField(max_length=1000, help_text="Why the host declines.")


class FeedbackSerializer(StrictModelSerializer):
    rating = StrictIntegerField(min_value=1, max_value=5)

    class Meta:
        model = Feedback
        fields = ("id", "assignment", "author", "rating", "learned", "change", "created_at")
        read_only_fields = ("author", "created_at")
        extra_kwargs = {  # noqa: RUF012
            "learned": {"max_length": 5000},
            "change": {"max_length": 5000},
        }


class ImportRowErrorSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField()
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    ok = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportRowErrorSerializer(many=True)  # type: ignore[assignment]
    summary = serializers.CharField()


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="UTF-8 CSV, with a header row.")


class SlotImportUploadSerializer(ImportUploadSerializer):
    plan = serializers.IntegerField(
        required=False, min_value=1, help_text="Recurring rows expand over this plan's period."
    )


class ErrorItemSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(allow_null=True, help_text="The request field at fault.")
    message = serializers.CharField()
    line = serializers.IntegerField(required=False, help_text="CSV imports: the file's line.")


class ErrorSerializer(serializers.Serializer[Any]):
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]


class ShortfallSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    shadowers = serializers.IntegerField()
    sessions = serializers.IntegerField()


class HostLoadSerializer(serializers.Serializer[Any]):
    employee_id = serializers.CharField()
    name = serializers.CharField()
    site = serializers.CharField()
    sessions = serializers.IntegerField()


class DepartmentCoverageSerializer(serializers.Serializer[Any]):
    department = serializers.CharField()
    max_away = serializers.IntegerField(allow_null=True)
    shadowers = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    placed = serializers.IntegerField()
    share = serializers.FloatField()


class RunFactsSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    solver_status = serializers.CharField(allow_blank=True)
    objective = serializers.IntegerField(allow_null=True)
    bound = serializers.IntegerField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    wall_s = serializers.FloatField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class PlanSummarySerializer(serializers.Serializer[Any]):
    """The figures of the demo's summary (rotations.selectors.summary)."""

    plan = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    timezone = serializers.CharField()
    status = serializers.CharField()
    shadowers = serializers.IntegerField()
    sessions_required = serializers.IntegerField()
    sessions_placed = serializers.IntegerField()
    coverage = serializers.FloatField(help_text="sessions_placed / sessions_required (0..1).")
    shadowers_complete = serializers.IntegerField()
    shortfall = ShortfallSerializer(many=True)
    busiest_hosts = HostLoadSerializer(many=True)
    departments = DepartmentCoverageSerializer(many=True)
    last_run = RunFactsSerializer(allow_null=True)


class SessionRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    shadower = serializers.CharField(help_text="The shadower's employee_id.")
    host = serializers.CharField(help_text="The host's employee_id.")
    slot = serializers.IntegerField()
    start = serializers.DateTimeField()


class ConflictSerializer(serializers.Serializer[Any]):
    session = SessionRefSerializer()
    rule = serializers.CharField(help_text="The contract rule it breaks, e.g. availability.")
    message = serializers.CharField(help_text="The optimizer checker's words.")


class PersonChangeSerializer(serializers.Serializer[Any]):
    shadower = serializers.CharField()
    added = SessionRefSerializer(many=True)
    cancelled = SessionRefSerializer(many=True)


class ReviewSerializer(serializers.Serializer[Any]):
    publishable = serializers.BooleanField()
    totals = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Sessions seen now (placed_now) and after publishing (placed_next); "
        "added, moved, cancelled.",
    )
    people = PersonChangeSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    conflicts = ConflictSerializer(many=True)
