"""Single sign-on (OpenID Connect), on when OIDC_CLIENT_ID is set (see README, "Signing in").

The provider's verified e-mail is matched to an active employee, whose account is made and
put in their role as for an e-mailed sign-in link; an HR account (no employee) matches by
its own e-mail. Nobody else gets an account from the provider.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from rotations.models import Employee
from web.signin import employee_user_ensure


class EmployeeOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # Google and Entra send email_verified (Entra: when the address is verified).
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = str(claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        employees = list(Employee.objects.filter(email__iexact=email, active=True))
        if len(employees) == 1:
            user = employee_user_ensure(employee=employees[0])
            return User.objects.filter(pk=user.pk, is_active=True)
        if employees:
            return User.objects.none()  # two people share the address: refuse
        return User.objects.filter(email__iexact=email, is_active=True, employee__isnull=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # only people HR imported (or HR's own accounts) sign in
