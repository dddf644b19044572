"""HR: downloads from the pages, every one written by the formula-safe CSV writer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from rotations.exports import csvsafe
from rotations.exports.assignments import plan_assignments_csv
from rotations.models import RotationPlan
from web.access import hr_required
from web.filters import FeedbackFilterForm
from web.selectors.feedback import feedback_entries
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


FEEDBACK_COLUMNS = (
    "session_start",
    "plan",
    "shadower_employee_id",
    "shadower_name",
    "department",
    "host_employee_id",
    "host_name",
    "rating",
    "learned",
    "change",
)


@hr_required
def feedback_csv_view(request: HttpRequest) -> HttpResponse:
    """The feedback page's comments, with its filters, as CSV."""
    form = FeedbackFilterForm(request.GET or None)
    entries = feedback_entries(filters=form.filters() if form.is_bound else None)
    response = _csv("feedback")
    writer = csvsafe.writer(response)
    writer.writerow(FEEDBACK_COLUMNS)
    for entry in entries.iterator(chunk_size=500):
        a = entry.assignment
        writer.writerow(
            [
                a.slot.start.isoformat(),
                a.plan.name,
                a.shadower.employee_id,
                a.shadower.name,
                a.shadower.department.name,
                a.slot.host.employee_id,
                a.slot.host.name,
                entry.rating,
                entry.learned,
                entry.change,
            ]
        )
    return response
