"""OpenAPI: every operation documents each status code it can answer.

The error answers are added here by rule, so no view can forget one: 401/403/406/429 for
every operation, 404 where the path names an object or a list is paged, 400/415 where a body
or filters are read. Views add the codes of their own (409, 412, 413, 428) with
`extend_schema(responses=...)`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.serializers import ErrorSerializer

ALWAYS = ("401", "403", "406", "429")
WITH_BODY = ("400", "415")


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the version being edited, e.g. "3" (from GET).',
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='Optional: refuse (412) unless the object is still at this ETag, e.g. "3".',
)
VERSIONED = {
    "412": error("If-Match names an older version: read the object again."),
    "428": error("If-Match is missing."),
}
CONFLICT = {"409": error("The current state forbids it (full slot, wrong status, in use).")}

_DESCRIPTIONS = {
    "400": "Invalid input; each error names its field.",
    "401": "Not signed in (session) and no valid token.",
    "403": "Signed in, but the role does not allow this.",
    "404": "No such object, or not one of yours; or no such page.",
    "406": "The Accept header asks for something other than JSON.",
    "415": "The body is not in a supported media type.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = list(ALWAYS)
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += WITH_BODY
        if self._is_list_view():
            codes.append("400")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    error(_DESCRIPTIONS[code]), code, direction=direction
                )
        return dict(sorted(responses.items()))
