"""People: deactivate (they leave) or delete, without losing the sessions they are in."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rotations.models import Employee, HostingSlot, SlotStatus
from rotations.services.sessions import sessions_cancel, sessions_refuse_delete


def _theirs(employee: Employee) -> Q:
    return Q(shadower=employee) | Q(slot__host=employee)


def employee_update(*, employee: Employee, changes: dict[str, Any]) -> Employee:
    """Change a person; making them inactive is `employee_deactivate`."""
    with transaction.atomic():
        locked = Employee.objects.select_for_update().get(pk=employee.pk)
        leaving = changes.get("active") is False and locked.active
        Employee.objects.filter(pk=locked.pk).update(**changes)
        if leaving:
            _deactivate(locked)
    employee.refresh_from_db()
    return employee


def employee_deactivate(*, employee: Employee) -> Employee:
    """The supported way for someone to leave: their upcoming sessions (as shadower and as
    host) and upcoming open slots are cancelled, the people told; later solves skip them."""
    return employee_update(employee=employee, changes={"active": False})


def _deactivate(employee: Employee) -> None:
    sessions_cancel(where=_theirs(employee))
    HostingSlot.objects.filter(
        host=employee, status=SlotStatus.OPEN, start__gt=timezone.now()
    ).update(status=SlotStatus.CANCELLED)


def employee_delete(*, employee: Employee) -> None:
    """Delete a person in no session; ConflictError listing the sessions otherwise."""
    with transaction.atomic():
        locked = Employee.objects.select_for_update().get(pk=employee.pk)
        sessions_refuse_delete(where=_theirs(locked), what="this person")
        locked.delete()
