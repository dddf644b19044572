"""Views that take a file: refused with 413 before anything reads an oversized body."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.views import APIView

from api.errors import PayloadTooLarge


class UploadView(APIView):
    """A multipart upload (field `file`) of at most settings.API_UPLOAD_MAX_BYTES."""

    parser_classes = (MultiPartParser,)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication: CSRF checks of session requests would read the body.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = int(settings.API_UPLOAD_MAX_BYTES)
        if length > limit:
            raise PayloadTooLarge({"file": [f"is {length} bytes; the limit is {limit}"]})
        super().initial(request, *args, **kwargs)
