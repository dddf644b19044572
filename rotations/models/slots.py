"""When people can meet: hosting slots offered by reps, and time people are away."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from rotations.models.org import Employee, Role


class SlotKind(models.TextChoices):
    RIDE_ALONG = "ride_along", "Ride-along"
    CUSTOMER_VISIT = "customer_visit", "Customer visit"
    SALES_CALLS = "sales_calls", "Sales calls"
    LUNCH_AND_LEARN = "lunch_and_learn", "Lunch and learn"


class SlotStatus(models.TextChoices):
    OPEN = "open", "Open"
    CANCELLED = "cancelled", "Cancelled"


class HostingSlot(models.Model):
    """One session a rep offers; only open slots go into a plan."""

    host = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="hosting_slots",
        limit_choices_to={"role": Role.REP},
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=32, default=SlotKind.RIDE_ALONG)
    remote = models.BooleanField(default=False)
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=SlotStatus.choices, default=SlotStatus.OPEN)

    class Meta:
        ordering = ("start", "host_id")
        constraints = (
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_at_least_one"),
            models.CheckConstraint(
                condition=Q(status__in=SlotStatus.values), name="slot_status_is_known"
            ),
            models.CheckConstraint(condition=~Q(kind=""), name="slot_kind_not_blank"),
            # Re-importing a file updates the slot a host starts at that moment.
            models.UniqueConstraint(fields=["host", "start"], name="slot_unique_host_start"),
        )
        indexes = (models.Index(fields=["status", "start"]),)

    def __str__(self) -> str:
        return f"{self.kind} by {self.host.name} at {self.start:%Y-%m-%d %H:%M %Z}"


class Unavailability(models.Model):
    """Time an employee cannot shadow or host (PTO, training, travel)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="unavailability")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("start",)
        verbose_name_plural = "unavailability"
        constraints = (
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="unavailability_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["employee", "start", "end"], name="unavailability_unique_interval"
            ),
        )

    def __str__(self) -> str:
        return f"{self.employee.name} away {self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"
