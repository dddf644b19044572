"""Secret feed URLs: issue, rotate, revoke. Only a token's SHA-256 is stored.

A token is 256 random bits from `secrets`; issuing a new one revokes the old one in the
same transaction, so the old URL answers 404 at once.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from calendars.models import FeedToken
from rotations.models import Employee, RotationPlan

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(**owner: Employee | RotationPlan) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        FeedToken.objects.filter(revoked_at__isnull=True, **owner).update(revoked_at=timezone.now())
        FeedToken.objects.create(token_hash=token_hash(token), **owner)
    return token


def _revoke(**owner: Employee | RotationPlan) -> None:
    FeedToken.objects.filter(revoked_at__isnull=True, **owner).update(revoked_at=timezone.now())


def feed_token_issue(*, employee: Employee) -> str:
    """A new raw token for the employee's feed; the previous one stops working at once."""
    return _issue(employee=employee)


def feed_token_revoke(*, employee: Employee) -> None:
    _revoke(employee=employee)


def feed_token_active(*, employee: Employee) -> bool:
    return FeedToken.objects.filter(employee=employee, revoked_at__isnull=True).exists()


def plan_feed_token_issue(*, plan: RotationPlan) -> str:
    """A new raw token for HR's feed of the whole plan; the previous one stops at once."""
    return _issue(plan=plan)


def plan_feed_token_revoke(*, plan: RotationPlan) -> None:
    _revoke(plan=plan)


def plan_feed_token_active(*, plan: RotationPlan) -> bool:
    return FeedToken.objects.filter(plan=plan, revoked_at__isnull=True).exists()


def feed_token_lookup(token: str) -> FeedToken | None:
    """The active token record for a raw token, or None."""
    return (
        FeedToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("employee", "plan")
        .first()
    )


def feed_urls(*, request: HttpRequest, token: str) -> tuple[str, str]:
    """The feed's https URL (Google: "From URL") and its webcal:// URL (Outlook, Apple)."""
    url = request.build_absolute_uri(reverse("calendars:feed", kwargs={"token": token}))
    rest = url.split("://", 1)[1]
    # A deployment on HTTPS (settings.HTTPS) gives https even if the proxy did not say so.
    scheme = "https" if settings.HTTPS else url.split("://", 1)[0]
    return f"{scheme}://{rest}", f"webcal://{rest}"
