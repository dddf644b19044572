"""Versions as ETags: GET sends `ETag: "3"`; edits must send it back in If-Match."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import PreconditionFailed, PreconditionRequired


def etag_for(version: int) -> str:
    return f'"{version}"'


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag_for(version)
    return response


def if_match_version(request: Request, *, required: bool) -> int | None:
    """The version If-Match names; 428 when it is required and missing, 412 when unusable."""
    raw = request.headers.get("If-Match")
    if raw is None:
        if required:
            raise PreconditionRequired()
        return None
    value = raw.strip().removeprefix("W/")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise PreconditionFailed({"If-Match": [f"{raw!r} is not an ETag of this object"]})
    return int(value)


def required_version(request: Request) -> int:
    """If-Match of an edit: 428 when missing, 412 when it names no version."""
    version = if_match_version(request, required=True)
    if version is None:  # if_match_version raised already; this satisfies the type
        raise PreconditionRequired()
    return version
