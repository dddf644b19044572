"""One error shape for every 4xx and 503: {"errors": [{"field": "end", "message": "..."}]}.

`field` names the request field at fault (null when the request as a whole is); nested
fields are dotted (`rules.sessions_per_shadower`), list items indexed (`tags.0`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rotations.services.errors import (
    ConflictError,
    NotAllowedError,
    ServiceError,
    StaleVersionError,
    UnavailableError,
)
from rotations.views import DATABASE_DOWN, with_connection_reset

logger = logging.getLogger(__name__)


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "send the If-Match header with the ETag of the version you edit"
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "the object changed since you read it; read it again"
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "the request conflicts with the current state"
    default_code = "conflict"


class Unavailable(exceptions.APIException):
    """A part the request needs is out of reach for now; the message says what happens."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "the service is unavailable at the moment; try again in a minute"
    default_code = "unavailable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the upload is too large"
    default_code = "too_large"


def _flatten(detail: Any, prefix: str | None = None) -> list[dict[str, str | None]]:
    if isinstance(detail, dict):
        found: list[dict[str, str | None]] = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            if prefix and name:
                name = f"{prefix}.{name}"
            elif prefix:
                name = prefix
            found += _flatten(value, name)
        return found
    if isinstance(detail, list):
        found = []
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                found += _flatten(item, f"{prefix}.{index}" if prefix else str(index))
            else:
                found += _flatten(item, prefix)
        return found
    return [{"field": prefix, "message": str(detail)}]


def _service_error(exc: ServiceError) -> exceptions.APIException:
    """Map a domain refusal to its HTTP answer, keeping the field it names."""
    detail = {exc.field: [exc.message]} if exc.field else exc.message
    if isinstance(exc, ConflictError):
        return Conflict(detail)
    if isinstance(exc, UnavailableError):
        return Unavailable(detail)
    if isinstance(exc, StaleVersionError):
        return PreconditionFailed(detail)
    if isinstance(exc, NotAllowedError):
        return exceptions.PermissionDenied(exc.message)
    return exceptions.ValidationError(detail)


def errors_body(detail: Any) -> dict[str, list[dict[str, str | None]]]:
    return {"errors": _flatten(detail)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        exc = _service_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("not found (or not yours)")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict("it is still in use (people, slots or plans refer to it)")
    elif isinstance(exc, IntegrityError):
        # The database's constraints are the backstop of the serializers' checks.
        exc = Conflict("it conflicts with data already stored")
    elif isinstance(exc, OperationalError | InterfaceError):
        # Out of reach (stopped, restarting): the details go to the log, words to the client.
        logger.error("database error answering the API", exc_info=exc)
        with_connection_reset()
        exc = Unavailable(DATABASE_DOWN)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = errors_body(response.data)
        if isinstance(exc, Unavailable):
            response["Retry-After"] = "60"
    return response


@csrf_exempt  # a POST to nowhere is a 404, not a CSRF failure
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The answer for a path under /api/ that names nothing: JSON like every other error."""
    return JsonResponse(errors_body("not found (or not yours)"), status=404)
