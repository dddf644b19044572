"""Calendar state: feed tokens, what each calendar event last looked like, busy-time imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rotations.models import Employee, HostingSlot, RotationPlan, Unavailability


class FeedToken(models.Model):
    """A secret feed URL of one employee, or of one plan (HR's plan feed).

    Only the SHA-256 of the token is stored; the raw token is shown once, when issued.
    `etag` and `last_modified` remember the last answer, so Last-Modified never goes back.
    """

    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    plan = models.ForeignKey(
        RotationPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=80, blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    # The key of what the feed said in its last answer (calendars.validators): a request
    # with the same key is answered from `etag` and `last_modified` alone.
    state = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = (
            models.CheckConstraint(
                condition=Q(employee__isnull=True) ^ Q(plan__isnull=True),
                name="feedtoken_for_employee_or_plan",
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(revoked_at__isnull=True, employee__isnull=False),
                name="feedtoken_one_active_per_employee",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(revoked_at__isnull=True, plan__isnull=False),
                name="feedtoken_one_active_per_plan",
            ),
        )

    def __str__(self) -> str:
        owner = self.employee or self.plan
        state = "revoked" if self.revoked_at else "active"
        return f"feed token of {owner} ({state})"


class CalendarEvent(models.Model):
    """What a calendar event last looked like, and what invitations said about it.

    Keyed by its UID, which is derived from (plan, slot, shadower) and not from the
    assignment row: a re-plan may delete and re-create the row of the same session.
    `shadower` is empty for the host's event of a slot.
    """

    uid = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(HostingSlot, on_delete=models.CASCADE, related_name="+")
    shadower = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, help_text="Hash of time and place.")
    changed_at = models.DateTimeField(help_text="Last change of time or place.")
    # What the last invitation e-mail said: None (none sent), "REQUEST" or "CANCEL".
    sent_method = models.CharField(max_length=8, blank=True)
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    # Who the last REQUEST listed (a hash): a host whose shadowers change gets an update.
    sent_attendees = models.CharField(max_length=64, blank=True)
    # DTSTAMP of the last message: the next one is later, so clients take it as newer.
    sent_at = models.DateTimeField(null=True, blank=True)
    # Failed sends since the last success (a bad address, the mail server down): retried.
    failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("plan_id", "slot_id", "shadower_id")

    def __str__(self) -> str:
        return f"{self.uid} seq {self.sequence}"


class BusyImport(models.Model):
    """One upload of an employee's calendar; re-uploading replaces its unavailability."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="busy_import")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    events = models.PositiveIntegerField(help_text="Busy occurrences read from the file.")
    unavailability = models.ManyToManyField(Unavailability, related_name="+", blank=True)

    def __str__(self) -> str:
        return f"busy import of {self.employee}"
