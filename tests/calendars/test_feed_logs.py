"""No feed or one-click token reaches a log: every line the configured log handlers (and
gunicorn's access log) write while feeds are fetched, refused and missed is grepped for it.
And a feed's 304 carries no Content-Type or Content-Length."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from calendars.tokens import feed_token_issue, feed_token_revoke
from rotations.logfilters import mask
from tests.calendars.conftest import feed_path, get_feed
from tests.workers import ROOT, _database_url


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ('"GET /cal/AbC-123_x.ics HTTP/1.1" 200', '"GET /cal/*** HTTP/1.1" 200'),
        ("Not Found: /cal/AbC.ics/", "Not Found: /cal/***/"),
        (
            "Forbidden (CSRF cookie not set.): /cal/AbC.ICS",
            "Forbidden (CSRF cookie not set.): /cal/***",
        ),
        ("GET https://x.example/a/tok.en-1/ 302", "GET https://x.example/a/***/ 302"),
        ("/login/?next=/&token=s3cr3t", "/login/?next=/&token=***"),
        ("GET /api/v1/plans/ 200", "GET /api/v1/plans/ 200"),
    ],
)
def test_the_mask_hides_tokens_in_paths_and_keeps_the_rest(line, masked):
    assert mask(line) == masked


@pytest.fixture
def handler_output() -> Iterator[io.StringIO]:
    """What every stream handler of the configured loggers writes, captured."""
    out = io.StringIO()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    handlers = {
        handler
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
    }
    swapped = [(handler, handler.stream) for handler in handlers]
    for handler in handlers:
        handler.setStream(out)
    levels = {name: logging.getLogger(name).level for name in ("", "django")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    assert swapped, "no stream handler configured"
    try:
        yield out
    finally:
        for handler, stream in swapped:
            handler.setStream(stream)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def test_no_log_line_of_any_feed_request_holds_the_token(published, handler_output, caplog):
    token = feed_token_issue(employee=published.shadower("E1"))
    revoked = feed_token_issue(employee=published.shadower("E2"))
    feed_token_revoke(employee=published.shadower("E2"))
    client = Client(enforce_csrf_checks=True)  # as browsers and scripts meet it
    caplog.set_level(logging.DEBUG)

    ok = get_feed(client, token)
    assert ok.status_code == 200
    assert get_feed(client, token, **{"If-None-Match": ok["ETag"]}).status_code == 304
    assert client.head(feed_path(token)).status_code == 200
    assert get_feed(client, revoked).status_code == 404
    for method in ("post", "put", "delete", "patch", "options"):
        response = getattr(client, method)(feed_path(token))
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
    assert client.generic("PROPFIND", feed_path(token)).status_code == 405
    for near_miss in (
        f"/cal/{token}.ics/",
        f"/cal/{token}.ICS",
        f"/cal/{token}",
        f"/cal/x/{token}",
    ):
        assert client.get(near_miss).status_code == 404, near_miss
        assert client.post(near_miss).status_code == 405, near_miss
    # One-click links carry their token the same way; an unknown one still logs nothing of it.
    client.get(f"/a/{token}/")
    client.post(f"/a/{token}/")
    # The control: any other 404 is logged with its path, and the capture sees it.
    assert client.get("/nowhere-control-path/").status_code == 404

    written = handler_output.getvalue()
    assert "nowhere-control-path" in written
    captured = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    for secret in (token, revoked):
        assert secret not in written
        assert secret not in captured


def test_a_304_has_no_content_type_or_content_length(published, client):
    token = feed_token_issue(employee=published.shadower("E1"))
    first = get_feed(client, token)
    again = get_feed(client, token, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert "Content-Type" not in again
    assert "Content-Length" not in again
    assert again["ETag"] == first["ETag"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_masks_the_token(published, tmp_path: Path):
    token = feed_token_issue(employee=published.shadower("E1"))
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotations.settings_test",
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "rotations.wsgi:application",
                "--config",
                "python:rotations.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://localhost:{port}"  # a name the test settings allow
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.2)
        with urllib.request.urlopen(f"{base}{feed_path(token)}", timeout=10) as answer:  # noqa: S310
            assert answer.status == 200
        for path, method in ((feed_path(token), "POST"), (f"/cal/{token}.ics/", "GET")):
            request = urllib.request.Request(f"{base}{path}", method=method)  # noqa: S310
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=10)  # noqa: S310
        time.sleep(0.5)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    written = log.read_text()
    assert "GET /cal/***" in written  # the access log is on, with the path masked
    assert token not in written
