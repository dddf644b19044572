"""What the web app remembers: the digests sent to hosts (their one-click "confirm all")."""

from __future__ import annotations

from django.db import models

from rotations.models import Employee, RotationPlan


class HostDigest(models.Model):
    """One e-mail to a host listing their sessions of a plan, with one-click links.

    `sessions` is a hash of what the host hosts (slot, time, shadower); `items` the
    proposed assignments the e-mail offered, as [id, version, slot state]: its "confirm
    all" link confirms those still unchanged. A new digest goes out when `sessions` changes
    or a proposed assignment is not among the last digest's items (its old link is dead).
    """

    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    sessions = models.CharField(max_length=64)
    items = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-sent_at", "-pk")
        indexes = (
            models.Index(fields=["plan", "host", "-sent_at"], name="hostdigest_plan_host_sent"),
        )

    def __str__(self) -> str:
        return f"digest to {self.host} for {self.plan} ({self.sent_at:%Y-%m-%d %H:%M})"
