"""Who shadows whom: assignments and the feedback they earn."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rotations.models.org import Employee
from rotations.models.plans import RotationPlan
from rotations.models.slots import HostingSlot


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"


# Assignments that stand in the plan (the others are kept as a record only).
LIVE_STATUSES = (
    AssignmentStatus.PROPOSED,
    AssignmentStatus.CONFIRMED,
    AssignmentStatus.COMPLETED,
)


class Pending(models.TextChoices):
    """A re-solve of a published plan is a draft revision until HR publishes it: the rows it
    adds or drops are marked, and people keep seeing the published set meanwhile."""

    NONE = "", "Published"
    ADD = "add", "Added by the draft revision"
    DROP = "drop", "Dropped by the draft revision"


# Assignments a new solution must keep.
PINNED_STATUSES = (AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)


class Assignment(models.Model):
    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="assignments")
    shadower = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="shadowing")
    slot = models.ForeignKey(HostingSlot, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.PROPOSED
    )
    pinned = models.BooleanField(default=False, help_text="Kept by every later solve.")
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change.")
    pending = models.CharField(
        max_length=8,
        choices=Pending.choices,
        default=Pending.NONE,
        blank=True,
        help_text="Part of a draft revision not yet published (see Pending).",
    )
    decline_reason = models.TextField(blank=True, help_text="What the host said on declining.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("slot__start", "shadower__name")
        constraints = (
            models.UniqueConstraint(
                fields=["plan", "shadower", "slot"], name="assignment_unique_plan_shadower_slot"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values), name="assignment_status_is_known"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="assignment_version_positive"),
            models.CheckConstraint(
                condition=Q(pending__in=Pending.values), name="assignment_pending_is_known"
            ),
        )

    def __str__(self) -> str:
        return f"{self.shadower.name} with {self.slot.host.name} ({self.status})"


class ReminderKind(models.TextChoices):
    SESSION = "session", "Session reminder"
    FOLLOW_UP = "follow_up", "Feedback follow-up"
    UNCONFIRMED = "unconfirmed", "Unconfirmed reminder to the host"


class Reminder(models.Model):
    """An e-mail sent about an assignment: each kind goes out once, however often beat ticks."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-sent_at",)
        constraints = (
            models.UniqueConstraint(fields=["assignment", "kind"], name="reminder_once_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_is_known"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} for assignment {self.assignment_id}"


class Feedback(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="feedback_given"
    )
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    learned = models.TextField("what I learned", blank=True)
    change = models.TextField("what we should change", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name_plural = "feedback"
        constraints = (
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["assignment", "author"], name="feedback_one_per_author"
            ),
        )

    def __str__(self) -> str:
        return f"{self.rating}/5 on {self.assignment}"
