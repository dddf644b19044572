"""Settings from the environment, checked in fresh processes (as a deployment starts them)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# What the test process itself set (rotations.settings_test) must not leak into the child.
OURS = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "CELERY_BROKER_URL",
    "ALLOWED_HOSTS",
    "HTTPS",
    "SECRET_KEY_FILE",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    clean |= {"DJANGO_SETTINGS_MODULE": "rotations.settings", **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = _run("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "rotations.example.com",
    "DATABASE_URL": "postgres://rotations:pw@db.example.com:5432/rotations",
}


def test_production_settings_pass_the_deploy_check_with_warnings_as_failures():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_does_fail_when_https_is_turned_off():
    result = _run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, HTTPS="false"
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = _run("manage.py", "check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file-" + "k" * 40 + "\n")
    assert (
        _setting("SECRET_KEY", DEBUG="false", SECRET_KEY_FILE=str(secret))
        == "from-a-file-" + "k" * 40
    )


def test_the_database_defaults_to_a_sqlite_file_in_the_project():
    assert _setting("DATABASES['default']['ENGINE']", DEBUG="true") == "django.db.backends.sqlite3"
    assert _setting("DATABASES['default']['NAME']", DEBUG="true") == str(ROOT / "db.sqlite3")


def test_database_url_selects_postgresql():
    assert _setting("DATABASES['default']['HOST']", **PRODUCTION) == "db.example.com"


def test_without_a_broker_tasks_run_in_process():
    assert _setting("CELERY_TASK_ALWAYS_EAGER", DEBUG="true") == "True"
    with_broker = _setting(
        "CELERY_TASK_ALWAYS_EAGER", DEBUG="true", CELERY_BROKER_URL="redis://127.0.0.1:6379/0"
    )
    assert with_broker == "False"


def test_email_defaults_to_the_console_and_follows_email_url():
    assert (
        _setting("EMAIL_BACKEND", DEBUG="true") == "django.core.mail.backends.console.EmailBackend"
    )
    smtp = _setting("EMAIL_HOST", DEBUG="true", EMAIL_URL="smtp+tls://u:p@mail.example.com:587")
    assert smtp == "mail.example.com"


def test_the_default_plan_zone_is_read_and_checked():
    assert (
        _setting(
            "ROTATIONS_DEFAULT_TIMEZONE", DEBUG="true", DEFAULT_PLAN_TIMEZONE="Europe/Amsterdam"
        )
        == "Europe/Amsterdam"
    )
    result = _run("manage.py", "check", DEBUG="true", DEFAULT_PLAN_TIMEZONE="Mars/Olympus")
    assert result.returncode != 0
    assert "DEFAULT_PLAN_TIMEZONE 'Mars/Olympus' is not an IANA time zone" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("CONN_MAX_AGE", "soon")])
def test_malformed_values_are_refused_by_name(name, value):
    result = _run("manage.py", "check", **{"DEBUG": "true", name: value})
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr
