"""Honest health: /healthz/ (alive), /readyz/ (database, cache, job queue), and answers in
words when a part is out of reach: the cache (throttling fails open), the job queue (a solve
start is 503) and the database (503 in the API's JSON shape, a plain page elsewhere).

Out of reach is real here: the settings point at a port nothing listens on (port 1)."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from rotations.celery import app
from rotations.models import RunStatus, SolveRun
from tests.api.conftest import World, error_fields
from tests.workers import point_app_at

NOWHERE = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def queue_down():
    before = point_app_at(app, {"broker_url": NOWHERE, "task_always_eager": False})
    yield
    point_app_at(app, before)


@contextmanager
def database_down():
    """This process's connection points at a port where no database listens."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


def test_healthz_says_the_process_is_alive_without_asking_anything_else(client):
    with database_down():
        response = client.get("/healthz/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_is_200_when_every_part_answers(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json()["down"] == []


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_is_down(client, cache_down):
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]


@pytest.mark.django_db
def test_readyz_names_the_job_queue_when_it_is_down(client, queue_down):
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.django_db(transaction=True)
def test_readyz_names_the_database_when_it_is_down(client):
    with database_down():
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_api_reads_answer_with_the_cache_down_and_the_outage_is_logged(
    world: World, cache_down, caplog
):
    caplog.set_level(logging.WARNING, logger="api.throttles")
    for role in ("hr", "employee", "anonymous"):
        response = world.client(role).get("/api/v1/plans/")
        assert response.status_code in (200, 401, 403), response.content
        assert response.status_code != 500
    assert world.client("hr").get("/api/v1/plans/").status_code == 200
    assert "throttling is off: the cache is out of reach" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_solve_start_with_the_queue_down_is_503_in_words_and_the_run_waits(
    world: World, queue_down
):
    response = world.client("hr").post(f"/api/v1/plans/{world.plan.pk}/solve/", {})
    assert response.status_code == 503, response.content
    assert error_fields(response) == [None]
    message = response.json()["errors"][0]["message"]
    assert message == "the job queue is unreachable; the solve will start when it is back"
    assert SolveRun.objects.get(plan=world.plan).status == RunStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_503_in_its_json_shape_when_the_database_is_down(world: World):
    client = world.client("hr")
    with database_down():
        response = client.get("/api/v1/plans/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "the database is unreachable at the moment; try again in a minute",
            }
        ]
    }
    assert "Operational" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_answers_503_in_words_when_the_database_is_down(world: World):
    client = Client(raise_request_exception=False)
    hr = world.users["hr"]
    assert hr is not None
    client.force_login(hr)
    with database_down():
        response = client.get("/")
    assert response.status_code == 503
    text = response.content.decode()
    assert "The database is unreachable at the moment" in text
    assert "Error" not in text
