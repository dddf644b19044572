"""Plans and the solver runs that fill them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from optimizer import ProblemError, parse_problem


def default_rules() -> dict[str, Any]:
    """The contract's example rules: two sessions, a week apart, each with a different host."""
    return {
        "sessions_per_shadower": 2,
        "max_sessions_per_week": 1,
        "min_days_between_sessions": 7,
        "max_hosted_per_host_week": 3,
        "distinct_hosts": True,
        "new_hire_days": 90,
    }


def default_timezone() -> str:
    return str(settings.ROTATIONS_DEFAULT_TIMEZONE)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SOLVING = "solving", "Solving"
    SOLVED = "solved", "Solved"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class RotationPlan(models.Model):
    """A period of rotations: rules and weights of the scheduling contract, and their result."""

    name = models.CharField(max_length=100, unique=True)
    period_start = models.DateField()
    period_end = models.DateField(help_text="Last day of the plan (inclusive).")
    timezone = models.CharField(max_length=64, default=default_timezone)
    rules = models.JSONField(default=default_rules, blank=True)
    weights = models.JSONField(default=dict, blank=True, help_text="Empty: contract defaults.")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit; the API's ETag (If-Match)."
    )

    class Meta:
        ordering = ("-period_start", "name")
        constraints = (
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_not_reversed"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_is_known"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
        )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Forms (the admin) refuse rules, weights or a zone the optimizer would refuse."""
        if self.period_start is None or self.period_end is None:
            return
        doc = {
            "version": 1,
            "horizon": {
                "start": self.period_start.isoformat(),
                "end": self.period_end.isoformat(),
                "timezone": self.timezone,
            },
            "rules": self.rules,
            "weights": self.weights,
        }
        try:
            parse_problem(doc)
        except ProblemError as exc:
            raise ValidationError(exc.messages) from None


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# A run in one of these holds its plan: at most one per plan (a partial unique index).
ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunKind(models.TextChoices):
    SOLVE = "solve", "Solve"
    REPLAN = "replan", "Re-plan"


class RunPartition(models.TextChoices):
    """Whether a run solves its plan in parts (`optimizer.partition`)."""

    AUTO = "auto", "When the plan is large"
    ALWAYS = "always", "Always"
    NEVER = "never", "Never"


class SolveRunManager(models.Manager["SolveRun"]):
    """Runs without their `problem` (a large plan's whole problem, read by the master step
    only): jobs lock and poll the row every second."""

    def get_queryset(self) -> models.QuerySet[SolveRun]:
        return super().get_queryset().defer("problem")


class SolveRun(models.Model):
    """One call of the optimizer for a plan: what it was asked, how it went, what it said."""

    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    kind = models.CharField(
        max_length=16,
        choices=RunKind.choices,
        default=RunKind.SOLVE,
        help_text="replan: the plan's own assignments are the `previous` plan to keep.",
    )
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was started.")
    cancel_requested = models.BooleanField(
        default=False, help_text="Someone asked it to stop; the job stops within seconds."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Deliveries of its job so far (a crashed worker's job comes back)."
    )
    elapsed_s = models.FloatField(null=True, blank=True, help_text="Solver time so far.")
    changed = models.PositiveIntegerField(
        null=True, blank=True, help_text="Assignments added or dropped by this run."
    )
    time_limit_s = models.FloatField(default=20.0)
    workers = models.PositiveSmallIntegerField(default=2)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Running: its job's last sign of life (every second or so). Queued: when it "
        "was last handed to the queue. The reaper re-queues a run silent for too long.",
    )
    solver_status = models.CharField(max_length=16, blank=True, help_text="OPTIMAL, FEASIBLE, ...")
    objective = models.BigIntegerField(null=True, blank=True)
    bound = models.BigIntegerField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True, help_text="(bound - objective) / bound")
    progress = models.JSONField(
        default=list, blank=True, help_text="[objective, bound, elapsed_s] per improvement."
    )
    error = models.TextField(blank=True)
    stats = models.JSONField(default=dict, blank=True)
    unmet = models.JSONField(default=list, blank=True, help_text="The solution's `unmet`.")
    solution = models.JSONField(null=True, blank=True, help_text="The contract solution.")
    partition = models.CharField(
        max_length=8, choices=RunPartition.choices, default=RunPartition.AUTO
    )
    problem = models.JSONField(
        null=True,
        blank=True,
        help_text="Solved in parts: the whole problem the parts were split from (the master "
        "step merges their plans against it).",
    )
    master_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="Solved in parts: when its last part finished."
    )

    objects = SolveRunManager()

    class Meta:
        ordering = ("-created_at", "-id")
        get_latest_by = "created_at"
        constraints = (
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="run_status_is_known"
            ),
            models.CheckConstraint(condition=Q(time_limit_s__gt=0), name="run_time_limit_positive"),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="run_finishes_after_start",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=ACTIVE_RUN_STATUSES),
                name="run_one_active_per_plan",
                violation_error_message="This plan is already being solved.",
            ),
            models.CheckConstraint(condition=Q(kind__in=RunKind.values), name="run_kind_is_known"),
            models.CheckConstraint(
                condition=Q(partition__in=RunPartition.values), name="run_partition_is_known"
            ),
        )

    def __str__(self) -> str:
        return f"{self.plan.name} run {self.pk} ({self.status})"

    @property
    def wall_s(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
