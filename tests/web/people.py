"""Signed-in people for page tests: a Django user in a role group, linked to an employee."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from rotations.models import Employee
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP, REP_GROUP

PASSWORD = "correct horse battery staple"


def user_make(*, username: str, groups: tuple[str, ...], employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def hr_make(username: str = "hr") -> User:
    return user_make(username=username, groups=(HR_GROUP,))


def rep_make(employee: Employee, username: str | None = None) -> User:
    return user_make(
        username=username or employee.employee_id.lower(), groups=(REP_GROUP,), employee=employee
    )


def employee_make(employee: Employee, username: str | None = None) -> User:
    return user_make(
        username=username or employee.employee_id.lower(),
        groups=(EMPLOYEE_GROUP,),
        employee=employee,
    )
