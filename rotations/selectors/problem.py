"""Build the scheduling contract's problem document (spec/scheduling.md) from a plan.

Ids in the document: employees by employee_id, departments and sites by name, slots by
their primary key (as a string).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db.models import Q, QuerySet
from django.dispatch import Signal

from rotations.models import (
    LIVE_STATUSES,
    PINNED_STATUSES,
    Assignment,
    AssignmentStatus,
    Department,
    Employee,
    HostingSlot,
    RotationPlan,
    SlotStatus,
    Unavailability,
)
from rotations.selectors.plans import plan_previous_source, plan_window

# Sent with `plan` and `doc` once a plan's problem document is built: other apps (the
# program) extend it in place, so rotations never imports them.
problem_built = Signal()


def plan_slots(*, plan: RotationPlan) -> list[HostingSlot]:
    """Open slots whose start date (plan zone) lies within the plan's period."""
    start, end = plan_window(plan=plan)
    return list(
        HostingSlot.objects.filter(status=SlotStatus.OPEN, start__gte=start, start__lt=end)
        .select_related("host")
        .order_by("start", "pk")
    )


def _person(employee: Employee) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": employee.employee_id,
        "role": employee.role,
        "department": employee.department.name,
        "site": employee.site.name,
        "tags": list(employee.tags),
        "active": employee.active,
    }
    if employee.hire_date is not None:
        person["hire_date"] = employee.hire_date.isoformat()
    return person


def _pairs(assignments: QuerySet[Assignment], slot_ids: set[int]) -> list[dict[str, str]]:
    """Assignments as contract pairs, leaving out slots the problem does not hold."""
    return [
        {"shadower": a.shadower.employee_id, "slot": str(a.slot_id)}
        for a in assignments.select_related("shadower").order_by("pk")
        if a.slot_id in slot_ids
    ]


def slot_document(slot: HostingSlot, tz: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """A slot as the contract's problem document holds it."""
    return {
        "id": str(slot.pk),
        "host": slot.host.employee_id,
        "start": slot.start.astimezone(tz).isoformat(),
        "end": slot.end.astimezone(tz).isoformat(),
        "capacity": slot.capacity,
        "kind": slot.kind,
        "remote": slot.remote,
        "tags": list(slot.tags),
    }


def plan_problem(*, plan: RotationPlan) -> dict[str, Any]:
    tz = zoneinfo.ZoneInfo(plan.timezone)
    start, end = plan_window(plan=plan)
    slots = plan_slots(plan=plan)
    slot_ids = {slot.pk for slot in slots}
    employees = Employee.objects.select_related("department", "site").order_by("employee_id")

    def when(moment: dt.datetime) -> str:
        return moment.astimezone(tz).isoformat()

    own = Assignment.objects.filter(plan=plan)
    source = plan_previous_source(plan=plan)
    history = (
        Assignment.objects.exclude(plan=plan)
        .filter(status__in=PINNED_STATUSES, slot__start__lt=start)
        .select_related("shadower", "slot__host")
        .order_by("slot__start", "pk")
    )
    doc: dict[str, Any] = {
        "version": 1,
        "horizon": {
            "start": plan.period_start.isoformat(),
            "end": plan.period_end.isoformat(),
            "timezone": plan.timezone,
        },
        "rules": dict(plan.rules),
        "weights": dict(plan.weights),
        "departments": [
            {"id": d.name, "max_away": d.max_away}
            for d in Department.objects.filter(max_away__isnull=False).order_by("name")
        ],
        "people": [_person(e) for e in employees],
        "slots": [slot_document(slot, tz) for slot in slots],
        "unavailability": [
            {"person": u.employee.employee_id, "start": when(u.start), "end": when(u.end)}
            for u in Unavailability.objects.filter(start__lt=end, end__gt=start)
            .select_related("employee")
            .order_by("start", "pk")
        ],
        "history": [
            {
                "shadower": a.shadower.employee_id,
                "host": a.slot.host.employee_id,
                "date": a.slot.start.astimezone(tz).date().isoformat(),
            }
            for a in history
        ],
        # Confirmed (and completed) sessions stay; so do the ones HR pinned by hand.
        "pinned": _pairs(
            own.filter(Q(status__in=PINNED_STATUSES) | Q(pinned=True, status__in=LIVE_STATUSES)),
            slot_ids,
        ),
        # A rep declined this shadower for this slot: never propose it again.
        "forbidden": _pairs(own.filter(status=AssignmentStatus.DECLINED), slot_ids),
        "previous": (
            _pairs(source.assignments.filter(status__in=LIVE_STATUSES), slot_ids)
            if source is not None
            else []
        ),
    }
    problem_built.send(sender=RotationPlan, plan=plan, doc=doc)  # e.g. program's preferences
    return doc
