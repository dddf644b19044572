"""Secrets out of logs: feed tokens (/cal/<token>.ics) and one-click tokens (/a/<token>/)
are credentials in URLs, and request paths reach logs from many places (gunicorn's access
log, django.request's "Not Found: PATH", django.security.csrf's "Forbidden ...: PATH").

`install()` masks them in every log record this process creates, whatever logger or handler
writes it; `SecretsFilter` does the same as a filter, for handlers set up elsewhere (the
settings' LOGGING, gunicorn's own loggers, Celery's).
"""

from __future__ import annotations

import logging
import re
from typing import Any

MASK = "***"
# A path segment after /cal/ or /a/, and token-like query parameters.
_SECRETS = re.compile(
    r"(?P<keep>/cal/|/a/|[?&;](?:token|key|code)=)(?P<secret>[^/\s?#&;\"'<>]+)",
    re.IGNORECASE,
)


def mask(text: str) -> str:
    """`text` with every token in a feed or one-click path replaced by ***."""
    return _SECRETS.sub(lambda m: m.group("keep") + MASK, text)


def _masked(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: leave it to the handler's own error path
        return record
    masked = mask(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = mask(record.exc_text)
    return record


class SecretsFilter(logging.Filter):
    """Mask secrets in a record's message (and traceback); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        _masked(record)
        return True


_installed = False


def install() -> None:
    """Mask secrets in every record created in this process (idempotent)."""
    global _installed
    if _installed:
        return
    factory = logging.getLogRecordFactory()

    def masking_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _masked(factory(*args, **kwargs))

    logging.setLogRecordFactory(masking_factory)
    _installed = True


def filter_logger(logger: logging.Logger) -> None:
    """Add SecretsFilter to `logger` and its handlers (gunicorn's, Celery's)."""
    for target in (logger, *logger.handlers):
        if not any(isinstance(f, SecretsFilter) for f in target.filters):
            target.addFilter(SecretsFilter())


def filter_loggers(*names: str) -> None:
    for name in names:
        filter_logger(logging.getLogger(name))
