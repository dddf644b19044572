"""The parts of a run solved in parts: each one a problem of its own, solved by its own job."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rotations.models.plans import SolveRun


class PartStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class SolvePartManager(models.Manager["SolvePart"]):
    """Parts without their documents (read by their own job only): watchers poll the rows."""

    def get_queryset(self) -> models.QuerySet[SolvePart]:
        return super().get_queryset().defer("problem", "solution")


class SolvePart(models.Model):
    """One part of a partitioned run: its problem (a contract document), its job's state and,
    once solved, its plan. The run's master step merges the parts' plans."""

    run = models.ForeignKey(SolveRun, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField(help_text="1, 2, ... in the order of the split.")
    name = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=PartStatus.choices, default=PartStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Deliveries of its job so far (a crashed worker's job comes back)."
    )
    time_limit_s = models.FloatField(help_text="Its share of the run's solver time.")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    elapsed_s = models.FloatField(null=True, blank=True)
    objective = models.BigIntegerField(null=True, blank=True)
    bound = models.BigIntegerField(null=True, blank=True)
    problem = models.JSONField(help_text="The part's problem document.")
    solution = models.JSONField(null=True, blank=True, help_text="The part's solution.")

    objects = SolvePartManager()

    class Meta:
        ordering = ("run", "number")
        constraints = (
            models.UniqueConstraint(fields=["run", "number"], name="part_number_unique_per_run"),
            models.CheckConstraint(
                condition=Q(status__in=PartStatus.values), name="part_status_is_known"
            ),
        )

    def __str__(self) -> str:
        return f"run {self.run_id} part {self.number} {self.name} ({self.status})"
