"""Errors that services raise and that the API and pages turn into answers.

Each names the field it is about (or None), so a client can point at it.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A request the domain refuses; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """The state of the data forbids it (slot full, assignment no longer proposed): HTTP 409."""


class StaleVersionError(ServiceError):
    """The caller edited an older version than the one stored: HTTP 412."""


class NotAllowedError(ServiceError):
    """The person may not do this to this object: HTTP 403 (or 404 when they may not see it)."""


class UnavailableError(ServiceError):
    """A part the request needs (the job queue, say) is out of reach for now: HTTP 503. The
    message says, in plain words, what happens next."""
