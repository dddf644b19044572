"""HR: upload a CSV file; a bad file is reported row by row in the page, nothing written."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rotations.importers import slots, staff, unavailability
from rotations.importers.csvfile import read_csv
from rotations.importers.errors import CsvFileError, ImportReport, RowError
from rotations.services.imports import slots_import, staff_import, unavailability_import
from web.access import hr_required
from web.forms import ImportForm

_COLUMNS = {
    "staff": (staff.COLUMNS, staff.OPTIONAL),
    "slots": (slots.COLUMNS, slots.OPTIONAL),
    "unavailability": (unavailability.COLUMNS, unavailability.OPTIONAL),
}


def _run(form: ImportForm) -> ImportReport:
    kind = form.cleaned_data["kind"]
    required, optional = _COLUMNS[kind]
    try:
        table = read_csv(form.cleaned_data["file"].read(), required=required, optional=optional)
    except CsvFileError as exc:
        return ImportReport(kind=kind, errors=list(exc.errors))
    if table.errors:
        return ImportReport(kind=kind, errors=sorted(table.errors))
    if kind == "staff":
        return staff_import(table=table)
    if kind == "unavailability":
        return unavailability_import(table=table)
    plan = form.cleaned_data["plan"]
    period = (plan.period_start, plan.period_end) if plan else None
    return slots_import(table=table, period=period)


@hr_required
def import_upload(request: HttpRequest) -> HttpResponse:
    report: ImportReport | None = None
    errors: list[RowError] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = _run(form)
            if report.ok:
                messages.success(request, f"{form.cleaned_data['file'].name}: {report.summary()}")
                return redirect("web:import_upload")
            errors = report.errors
    else:
        form = ImportForm()
    context = {"form": form, "report": report, "errors": errors}
    return render(request, "web/import.html", context, status=400 if errors else 200)
