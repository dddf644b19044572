"""Browsers use the session (with CSRF on unsafe requests); scripts use a token."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import World


def test_a_signed_in_browser_reads_with_its_session(world: World):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.users["hr"])  # type: ignore[arg-type]
    assert browser.get("/api/v1/plans/").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(world: World):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.users["hr"])  # type: ignore[arg-type]
    response = browser.post("/api/v1/sites/", {"name": "Phoenix", "timezone": "America/Phoenix"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]


def test_the_token_command_makes_a_working_token(world: World):
    out = StringIO()
    call_command("drf_create_token", "hr", stdout=out)
    key = Token.objects.get(user=world.users["hr"]).key
    assert key in out.getvalue()
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get("/api/v1/plans/").status_code == 200
    script.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert script.get("/api/v1/plans/").status_code == 401
