"""The Celery app. With no CELERY_BROKER_URL, tasks run in-process (see settings)."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger
from kombu.transport import redis as kombu_redis

from rotations.logfilters import filter_logger, install

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotations.settings")

logger = logging.getLogger(__name__)

_restore_unacked = kombu_redis.QoS.restore_unacked


def _restore_unacked_or_leave(self: Any, client: Any = None) -> Any:
    """kombu 5.7's Redis channel, closed after its connection dropped, restores its unacked
    messages through a connection it no longer has (AttributeError on `conninfo`); the
    worker calls that an unrecoverable error and stops consuming for good (seen here on a
    Redis restart; celery#10205). Leave them: Redis keeps them in its unacked set, and they
    come back after the visibility timeout, as a dead worker's do."""
    try:
        return _restore_unacked(self, client)
    except AttributeError:
        logger.warning("broker connection gone: unacked messages come back after the timeout")
        self._delivered.clear()
        return None


kombu_redis.QoS.restore_unacked = _restore_unacked_or_leave  # type: ignore[method-assign]

app = Celery("rotations")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _mask_secrets(logger: Any = None, **kwargs: Any) -> None:
    """Celery sets up its own handlers: tokens in what they write are masked too."""
    install()
    if isinstance(logger, logging.Logger):
        filter_logger(logger)
