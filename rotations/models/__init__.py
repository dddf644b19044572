"""The scheduling domain's models (one module per idea)."""

from __future__ import annotations

from rotations.models.assignments import (
    LIVE_STATUSES,
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Feedback,
    Pending,
    Reminder,
    ReminderKind,
)
from rotations.models.org import Department, Employee, Role, Site
from rotations.models.parts import PartStatus, SolvePart
from rotations.models.plans import (
    ACTIVE_RUN_STATUSES,
    PlanStatus,
    RotationPlan,
    RunKind,
    RunPartition,
    RunStatus,
    SolveRun,
    default_rules,
)
from rotations.models.slots import HostingSlot, SlotKind, SlotStatus, Unavailability

__all__ = [
    "ACTIVE_RUN_STATUSES",
    "LIVE_STATUSES",
    "PINNED_STATUSES",
    "Assignment",
    "AssignmentStatus",
    "Department",
    "Employee",
    "Feedback",
    "HostingSlot",
    "PartStatus",
    "Pending",
    "PlanStatus",
    "Reminder",
    "ReminderKind",
    "Role",
    "RotationPlan",
    "RunKind",
    "RunPartition",
    "RunStatus",
    "Site",
    "SlotKind",
    "SlotStatus",
    "SolvePart",
    "SolveRun",
    "Unavailability",
    "default_rules",
]
