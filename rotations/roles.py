"""Who may do what: roles are Django groups, and a user is an employee through Employee.user.

`hr` may do everything; `rep` sees their own hosting slots and the assignments to them;
`employee` sees their own assignments, feedback and calendar link. Superusers count as HR.
"""

from __future__ import annotations

from typing import Any

from rotations.models import Employee
from rotations.services.errors import NotAllowedError

HR_GROUP = "hr"
REP_GROUP = "rep"
EMPLOYEE_GROUP = "employee"
ROLE_GROUPS = (HR_GROUP, REP_GROUP, EMPLOYEE_GROUP)


def _in_group(user: Any, name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.groups.filter(name=name).exists())


def is_hr(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or _in_group(
        user, HR_GROUP
    )


def is_rep(user: Any) -> bool:
    return _in_group(user, REP_GROUP)


def is_employee(user: Any) -> bool:
    return _in_group(user, EMPLOYEE_GROUP)


def employee_for(user: Any) -> Employee | None:
    """The Employee record of a signed-in user, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Employee.objects.filter(user_id=user.pk).select_related("site", "department").first()


def employee_required(user: Any) -> Employee:
    """The signed-in user's Employee record; NotAllowedError when the account has none."""
    employee = employee_for(user)
    if employee is None:
        raise NotAllowedError("your account is not linked to an employee")
    return employee
