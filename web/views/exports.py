"""HR: downloads from the pages, every one written by the formula-safe CSV writer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from rotations.exports import csvsafe
from rotations.exports.assignments import plan_assignments_csv
from rotations.models import RotationPlan
from web.access import hr_required
from web.selectors.leftout import plan_left_out

LEFT_OUT_COLUMNS = ("employee_id", "name", "department", "site", "missing", "reasons")


def _csv(name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@hr_required
def plan_assignments_csv_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    response = _csv(f"{slugify(plan.name)}-assignments")
    plan_assignments_csv(plan=plan, out=response)
    return response


@hr_required
def plan_left_out_csv_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RotationPlan, pk=pk)
    response = _csv(f"{slugify(plan.name)}-left-out")
    writer = csvsafe.writer(response)
    writer.writerow(LEFT_OUT_COLUMNS)
    for person in plan_left_out(plan=plan, details=False):
        writer.writerow(
            [
                person.employee_id,
                person.name,
                person.department,
                person.site,
                person.missing,
                " | ".join(person.reasons),
            ]
        )
    return response
