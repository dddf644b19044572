"""gunicorn's settings (`gunicorn --config python:rotations.gunicorn_conf ...`).

Its access log prints every request line, feed tokens in paths included: the hooks mask
them (rotations.logfilters) in the master and in every worker.
"""

from __future__ import annotations

from typing import Any

from rotations.logfilters import filter_loggers, install

_LOGGERS = ("gunicorn.access", "gunicorn.error")


def on_starting(server: Any) -> None:
    install()
    filter_loggers(*_LOGGERS)


def post_fork(server: Any, worker: Any) -> None:
    install()
    filter_loggers(*_LOGGERS)
