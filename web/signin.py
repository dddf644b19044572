"""Sign-in by e-mail link: anyone whose e-mail HR imported gets in, with no account set up.

The link carries a django-sesame token: signed, short-lived (`SIGNIN_LINK_MAX_AGE_S`) and
one-time (it hashes the account's last login, which signing in changes). The account is
made on the first request and linked to the employee, in the group of their role (reps
`rep`, backroom staff `employee`). Requests are limited per address and per client
(`SIGNIN_LINK_RATE`), and the answer never says whether the address is known.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from sesame.utils import get_token

from rotations.models import Employee, Role
from rotations.roles import EMPLOYEE_GROUP, REP_GROUP

logger = logging.getLogger(__name__)


def _group_of(employee: Employee) -> str:
    return REP_GROUP if employee.role == Role.REP else EMPLOYEE_GROUP


def employee_user_ensure(*, employee: Employee) -> User:
    """The employee's account, made (without a usable password) and put in their role."""
    with transaction.atomic():
        locked = Employee.objects.select_for_update().get(pk=employee.pk)
        user = locked.user
        if user is None:
            username = locked.employee_id.lower()
            if User.objects.filter(username=username).exists():
                username = f"{username}-{secrets.token_hex(3)}"
            user = User.objects.create_user(username=username, email=locked.email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            locked.user = user
            locked.save(update_fields=["user"])
        user.groups.add(Group.objects.get_or_create(name=_group_of(locked))[0])
    return user


def _users_for(email: str) -> list[User]:
    """Accounts the address signs in to: active employees' (made as needed) and HR's own."""
    address = email.strip()
    users: dict[int, User] = {}
    for employee in Employee.objects.filter(email__iexact=address, active=True):
        user = employee_user_ensure(employee=employee)
        users[user.pk] = user
    others = User.objects.filter(Q(email__iexact=address), is_active=True).exclude(
        pk__in=list(users)
    )
    users.update({u.pk: u for u in others if not hasattr(u, "employee")})  # HR, no employee
    return [u for u in users.values() if u.is_active]


def _allowed(key: str, limit: int, window: int) -> bool:
    """A fixed-window counter in the shared cache (Redis in production)."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def signin_link_allowed(*, email: str, client_ip: str) -> bool:
    limit, window = settings.SIGNIN_LINK_RATE
    by_address = _allowed(f"signin-link:email:{email.strip().lower()}", limit, window)
    by_client = _allowed(f"signin-link:ip:{client_ip}", limit * 4, window)
    return by_address and by_client


def signin_link_url(*, user: User, next_path: str = "") -> str:
    path = reverse("web:signin_link", kwargs={"token": get_token(user)})
    if next_path:
        path += f"?next={next_path}"
    return f"{settings.WEB_BASE_URL}{path}"


def signin_links_send(*, email: str, next_path: str = "") -> int:
    """E-mail a sign-in link to each account of `email`; returns how many were sent."""
    sent = 0
    for user in _users_for(email):
        text = render_to_string(
            "web/email/signin_link.txt",
            {
                "user": user,
                "name": getattr(getattr(user, "employee", None), "name", "") or user.username,
                "url": signin_link_url(user=user, next_path=next_path),
                "minutes": int(settings.SESAME_MAX_AGE) // 60,
            },
        )
        subject, _, body = text.strip().partition("\n")
        EmailMessage(
            subject=subject.strip(),
            body=body.strip() + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.strip()],
        ).send()
        sent += 1
    return sent
