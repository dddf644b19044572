"""Plain Django views: the health checks and the answer to an unexpected error.

/healthz/ says the process serves requests (liveness: nothing else is asked, so a database
outage does not get the web process restarted); /readyz/ says whether it can do its work:
database, cache and job queue each answer, or 503 names the ones that do not.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

DATABASE_DOWN = "the database is unreachable at the moment; try again in a minute"


def healthz(request: HttpRequest) -> HttpResponse:
    """200 while the process serves requests."""
    return HttpResponse("ok", content_type="text/plain")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("readyz", "1", timeout=10)
    if cache.get("readyz") != "1":
        raise RuntimeError("the cache did not keep a value")


def _broker() -> None:
    from rotations.celery import app

    if app.conf.task_always_eager:
        return  # no broker: jobs run in-process
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the job queue answer; else 503 naming the ones
    that do not (the exceptions go to the log)."""
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception:
            logger.warning("readyz: %s is down", name, exc_info=True)
            checks[name] = "down"
            if name == "database":
                with_connection_reset()
        else:
            checks[name] = "ok"
        logger.debug("readyz: %s in %.3f s", name, time.monotonic() - started)
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


def with_connection_reset() -> None:
    """Drop a dead database connection, so the next request opens a fresh one."""
    try:
        connection.close()
    except Exception:
        logger.debug("closing a dead connection failed", exc_info=True)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: words, never exception text. The database out of reach is a 503 (try
    again later); under /api/ the answer has the API's JSON error shape."""
    exc = sys.exc_info()[1]
    unavailable = isinstance(exc, OperationalError | InterfaceError)
    message = DATABASE_DOWN if unavailable else "something went wrong on our side; it is logged"
    status = 503 if unavailable else 500
    if unavailable:
        with_connection_reset()
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": None, "message": message}]}, status=status)
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Unavailable</title>"
        f"<h1>{'Unavailable' if unavailable else 'Server error'}</h1><p>{message.capitalize()}.</p>"
    )
    response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = "60"
    return response
