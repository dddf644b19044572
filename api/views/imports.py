"""CSV imports over HTTP: the same services and all-or-nothing report as the commands.

The size is checked from Content-Length before anything reads the body (413), so a huge
upload costs nothing; Django's DATA_UPLOAD_MAX_MEMORY_SIZE is the backstop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
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
from rotations.importers import slots, staff, unavailability
from rotations.importers.csvfile import CsvTable, read_csv
from rotations.importers.errors import CsvFileError, ImportReport, RowError
from rotations.models import RotationPlan
from rotations.services.imports import slots_import, staff_import, unavailability_import


def _report_body(report: ImportReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "ok": report.ok,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message} for e in report.errors
        ],
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
    required: Sequence[str] = ()
    optional: Sequence[str] = ()

    def get_permissions(self) -> list[Any]:
        return hr_only()

    def run(self, table: CsvTable, data: dict[str, Any]) -> ImportReport:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        upload = self.upload_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        content = upload.validated_data["file"].read()
        if b"\x00" in content:
            line = content[: content.index(b"\x00")].count(b"\n") + 1
            nul = RowError(line, "", "contains a NUL byte; save the file as UTF-8 CSV")
            return _failed(ImportReport(kind=self.kind, errors=[nul]))
        try:
            table = read_csv(content, required=self.required, optional=self.optional)
        except CsvFileError as exc:
            return _failed(ImportReport(kind=self.kind, errors=list(exc.errors)))
        report = self.run(table, upload.validated_data)
        if not report.ok:
            return _failed(report)
        return Response(_report_body(report))


def _documented(kind: str, upload: type[serializers.Serializer[Any]]) -> Callable[[Any], Any]:
    return extend_schema(
        request={"multipart/form-data": upload},
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                description="Bad rows: nothing was written; every bad row is listed "
                "(line, column, reason) in `errors` and in `report`."
            ),
            413: error("The upload is larger than API_UPLOAD_MAX_BYTES."),
        },
        description=f"Import {kind} from a CSV file (field `file`), all or nothing.",
    )


class StaffImportView(_ImportView):
    kind = "staff"
    required, optional = staff.COLUMNS, staff.OPTIONAL

    @_documented("staff", ImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)

    def run(self, table: CsvTable, data: dict[str, Any]) -> ImportReport:
        return staff_import(table=table)


class SlotImportView(_ImportView):
    kind = "slots"
    upload_serializer = SlotImportUploadSerializer
    required, optional = slots.COLUMNS, slots.OPTIONAL

    @_documented("hosting slots", SlotImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)

    def run(self, table: CsvTable, data: dict[str, Any]) -> ImportReport:
        period: tuple[dt.date, dt.date] | None = None
        if data.get("plan") is not None:
            plan = RotationPlan.objects.filter(pk=data["plan"]).first()
            if plan is None:
                raise serializers.ValidationError({"plan": ["no such plan"]})
            period = (plan.period_start, plan.period_end)
        return slots_import(table=table, period=period)


class UnavailabilityImportView(_ImportView):
    kind = "unavailability"
    required, optional = unavailability.COLUMNS, unavailability.OPTIONAL

    @_documented("time away", ImportUploadSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)

    def run(self, table: CsvTable, data: dict[str, Any]) -> ImportReport:
        return unavailability_import(table=table)
