"""The Celery app. With no CELERY_BROKER_URL, tasks run in-process (see settings)."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

from rotations.logfilters import filter_logger, install

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotations.settings")

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
