"""A strict Content-Security-Policy on every answer; the pages need nothing looser: no
template runs an inline script, an inline style or an event-handler attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>|<style\b|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/healthz/", "/api/v1/", "/nowhere/"])
def test_every_answer_carries_the_strict_policy(client: Client, path: str):
    assert policy(client.get(path)) >= STRICT


def test_no_template_has_inline_script_style_or_handler():
    templates = [
        path
        for app in ("web", "rotations", "calendars", "api")
        for path in (ROOT / app).glob("templates/**/*.html")
    ]
    assert templates
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_the_api_docs_load_their_script_from_a_file_under_their_own_policy(client: Client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    rules = policy(response)
    assert "script-src 'self'" in rules
    assert "style-src 'self' 'unsafe-inline'" in rules  # Swagger UI styles its elements
    script = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html)
    assert script is not None
    assert client.get(script.group(1).replace("&amp;", "&")).status_code == 200
