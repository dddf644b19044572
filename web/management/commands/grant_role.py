"""manage.py grant_role USERNAME hr|rep|employee [--employee EMPLOYEE_ID]"""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rotations.models import Employee
from rotations.roles import ROLE_GROUPS


class Command(BaseCommand):
    help = (
        "Give a sign-in account a role for the pages (the hr, rep or employee group), creating "
        "the account with a random password when it does not exist, and link it to an employee."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLE_GROUPS)
        parser.add_argument("--employee", help="the employee_id this account belongs to")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        employee = None
        if options["employee"]:
            employee = Employee.objects.filter(employee_id=options["employee"]).first()
            if employee is None:
                raise CommandError(f'no employee with employee_id "{options["employee"]}"')
        user, created = User.objects.get_or_create(username=options["username"])
        password = ""
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.email = employee.email if employee else ""
            user.save()
        user.groups.add(Group.objects.get_or_create(name=options["role"])[0])
        if employee is not None:
            Employee.objects.filter(user=user).exclude(pk=employee.pk).update(user=None)
            employee.user = user
            employee.save(update_fields=["user"])
        linked = f", linked to {employee}" if employee else ""
        self.stdout.write(f"{user.username}: role {options['role']}{linked}")
        if password:
            self.stdout.write(f"new account; password (shown once): {password}")
