"""docker-compose.yml, read without Docker: every command points at code that exists and every
environment name is one the settings read."""

from __future__ import annotations

import ast
import importlib
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
READERS = {"envstr", "envbool", "envint", "envlist"}


def _settings_names() -> set[str]:
    """Names rotations/settings.py reads through its env helpers (each also as NAME_FILE)."""
    tree = ast.parse((ROOT / "rotations" / "settings.py").read_text())
    names = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in READERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }
    return names | {f"{name}_FILE" for name in names}


def _command(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_the_stack_has_its_five_services_on_the_promised_versions():
    assert set(SERVICES) == {"postgres", "redis", "web", "worker", "beat"}
    assert SERVICES["postgres"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_has_a_healthcheck(service):
    check = SERVICES[service]["healthcheck"]["test"]
    assert check[0] in ("CMD", "CMD-SHELL") and len(check) > 1


def test_data_lives_in_named_volumes():
    declared = set(COMPOSE["volumes"])
    used = {
        volume.split(":")[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
    }
    assert used == declared == {"postgres-data", "redis-data"}


def test_web_migrates_then_serves_the_wsgi_application():
    script = " ".join(_command("web"))
    assert "python manage.py migrate --noinput" in script
    assert script.index("migrate") < script.index("gunicorn")
    target = next(word for word in script.split() if word.endswith(":application"))
    module, attribute = target.split(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert (ROOT / "manage.py").is_file()


def test_web_healthcheck_runs_a_module_that_exists():
    check = SERVICES["web"]["healthcheck"]["test"]
    module = check[check.index("-m") + 1]
    assert callable(importlib.import_module(module).main)


@pytest.mark.parametrize(("service", "role"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_celery_app(service, role):
    command = _command(service)
    assert command[:2] == ["celery", "-A"]
    assert command[3] == role
    assert isinstance(find_app(command[2]), Celery)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_set_only_names_the_settings_read(service):
    environment = SERVICES[service]["environment"]
    assert set(environment) <= _settings_names(), set(environment) - _settings_names()
    for required in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"):
        assert required in environment


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_reach_postgres_and_redis_by_service_name(service):
    environment = SERVICES[service]["environment"]
    postgres = SERVICES["postgres"]["environment"]
    assert environment["DATABASE_URL"].startswith(f"postgres://{postgres['POSTGRES_USER']}:")
    assert environment["DATABASE_URL"].endswith(f"@postgres:5432/{postgres['POSTGRES_DB']}")
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert environment["DEBUG"] == "false"
    assert ":?" in environment["SECRET_KEY"]  # compose refuses to start without one


def test_app_services_wait_for_healthy_backing_services():
    for service in APP_SERVICES:
        depends = SERVICES[service]["depends_on"]
        assert (
            depends["postgres"]["condition"] == depends["redis"]["condition"] == "service_healthy"
        )
    assert SERVICES["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_image_is_built_from_the_dockerfile_here():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert all(SERVICES[s]["build"] == "." for s in APP_SERVICES)
    assert "pip install ." in dockerfile
    assert "collectstatic" in dockerfile


def test_web_is_healthy_when_ready_and_its_access_log_masks_tokens():
    check = SERVICES["web"]["healthcheck"]["test"]
    assert check[-1] == "/readyz/"  # database, cache and job queue, not just the process
    script = " ".join(_command("web"))
    assert "--access-logfile -" in script
    config = script.split("--config ")[1].split()[0]
    assert config == "python:rotations.gunicorn_conf"
    hooks = importlib.import_module(config.removeprefix("python:"))
    assert callable(hooks.on_starting) and callable(hooks.post_fork)
