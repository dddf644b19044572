"""The scheduling domain's models (one module per idea)."""

from __future__ import annotations

from rotations.models.assignments import (
    LIVE_STATUSES,
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Feedback,
)
from rotations.models.org import Department, Employee, Role, Site
from rotations.models.plans import PlanStatus, RotationPlan, RunStatus, SolveRun, default_rules
from rotations.models.slots import HostingSlot, SlotKind, SlotStatus, Unavailability

__all__ = [
    "LIVE_STATUSES",
    "PINNED_STATUSES",
    "Assignment",
    "AssignmentStatus",
    "Department",
    "Employee",
    "Feedback",
    "HostingSlot",
    "PlanStatus",
    "Role",
    "RotationPlan",
    "RunStatus",
    "Site",
    "SlotKind",
    "SlotStatus",
    "SolveRun",
    "Unavailability",
    "default_rules",
]
