"""CSV imports over HTTP: a thin caller of the import services, as the page and commands are.

The size is checked from Content-Length before anything reads the body (413), so a huge
upload costs nothing; Django's DATA_UPLOAD_MAX_MEMORY_SIZE is the backstop. `?dry_run=1`
reports what the import would do and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.schema import error
from api.serializers import (
    ImportReportSerializer,
    ImportUploadSerializer,
    SlotImportUploadSerializer,
)
from api.uploads import UploadView
from api.views.base import hr_only
from rotations.importers.errors import ImportReport
from rotations.models import RotationPlan
from rotations.services.imports import import_run

_TRUE = {"1", "true", "yes"}


class ImportChangeSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Which record: employee_id, host and start, ...")
    fields = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ImportConflictsSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(help_text="The plan's id.")
    name = serializers.CharField(help_text="The plan's name.")
    new = serializers.IntegerField(help_text="Conflicts the import would add to those it has.")


class ImportResultSerializer(ImportReportSerializer):
    dry_run = serializers.BooleanField(help_text="True: nothing was written.")
    columns = serializers.ListField(
        child=serializers.CharField(),
        help_text="The file's columns that were applied; an optional column the file lacks "
        "leaves stored values alone.",
    )
    changes = ImportChangeSerializer(many=True, help_text="Updated records (at most 1,000).")
    error_count = serializers.IntegerField(help_text="Every error (at most 1,000 are listed).")
    conflicts = ImportConflictsSerializer(
        many=True,
        help_text="Dry run: the solved and published plans the import would raise conflicts "
        "in (sessions the new data no longer allows), beyond the ones they have. Empty "
        "otherwise.",
    )


def _report_body(report: ImportReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "ok": report.ok,
        "dry_run": report.dry_run,
        "columns": list(report.columns),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "changes": [{"key": c.key, "fields": list(c.fields)} for c in report.changes],
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message} for e in report.errors
        ],
        "error_count": report.error_count,
        "conflicts": [{"plan": c.plan_id, "name": c.plan, "new": c.new} for c in report.conflicts],
        "summary": report.summary(),
    }


def _failed(report: ImportReport) -> Response:
    """400 in the API's error shape, each row error naming its column and line."""
    errors = [{"field": e.column or None, "line": e.line, "message": str(e)} for e in report.errors]
    return Response(
        {"errors": errors, "report": _report_body(report)}, status=status.HTTP_400_BAD_REQUEST
    )


class _ImportView(UploadView):
    upload_serializer: type[serializers.Serializer[Any]] = ImportUploadSerializer
    kind = ""

    def get_permissions(self) -> list[Any]:
        return hr_only()

    def period(self, data: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
        return None

    def post(self, request: Request) -> Response:
        upload = self.upload_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        report = import_run(
            kind=self.kind,
            data=upload.validated_data["file"].read(),
            period=self.period(upload.validated_data),
            dry_run=request.query_params.get("dry_run", "").lower() in _TRUE,
        )
        if not report.ok:
            return _failed(report)
        return Response(_report_body(report))


def _documented(kind: str, upload: type[serializers.Serializer[Any]]) -> Callable[[Any], Any]:
    return extend_schema(
        request={"multipart/form-data": upload},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                description="1: report what the import would do, write nothing.",
            )
        ],
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(
                description="Bad rows: nothing was written; every bad row is listed "
                "(line, column, reason; at most 1,000) in `errors` and in `report`."
            ),
            413: error("The upload is larger than API_UPLOAD_MAX_BYTES."),
        },
        description=f"Import {kind} from a CSV file (field `file`), all or nothing.",
    )


class StaffImportView(_ImportView):
    kind = "staff"

    @_documented("staff", ImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)


class SlotImportView(_ImportView):
    kind = "slots"
    upload_serializer = SlotImportUploadSerializer

    @_documented("hosting slots", SlotImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)

    def period(self, data: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
        if data.get("plan") is None:
            return None
        plan = RotationPlan.objects.filter(pk=data["plan"]).first()
        if plan is None:
            raise serializers.ValidationError({"plan": ["no such plan"]})
        return (plan.period_start, plan.period_end)


class UnavailabilityImportView(_ImportView):
    kind = "unavailability"

    @_documented("time away", ImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)


class WishesImportView(_ImportView):
    """Shadowers' wishes (contract v1.1 preferences): `employee_id,target,value,weight`,
    the program's registered import kind, as the page and `import_wishes` run it."""

    kind = "wishes"

    @_documented("shadowers' wishes (employee_id, target, value, weight)", ImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)
