"""The assignments of a plan as CSV: one writer for `export_plan`, the pages and the API."""

from __future__ import annotations

import zoneinfo

from rotations.exports import csvsafe
from rotations.exports.csvsafe import Writable
from rotations.models import Assignment, RotationPlan

CSV_COLUMNS = (
    "shadower_employee_id",
    "shadower_name",
    "department",
    "host_employee_id",
    "host_name",
    "site",
    "start",
    "end",
    "kind",
    "remote",
    "status",
    "pinned",
)


def plan_assignments_csv(*, plan: RotationPlan, out: Writable) -> int:
    """Write every assignment of the plan, whatever its status, times in the plan's zone.

    Returns the number of assignments written.
    """
    tz = zoneinfo.ZoneInfo(plan.timezone)
    writer = csvsafe.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = (
        Assignment.objects.filter(plan=plan)
        .select_related("shadower__department", "slot__host__site")
        .order_by("slot__start", "shadower__employee_id")
    )
    count = 0
    for a in rows:
        writer.writerow(
            [
                a.shadower.employee_id,
                a.shadower.name,
                a.shadower.department.name,
                a.slot.host.employee_id,
                a.slot.host.name,
                a.slot.host.site.name,
                a.slot.start.astimezone(tz).isoformat(),
                a.slot.end.astimezone(tz).isoformat(),
                a.slot.kind,
                "true" if a.slot.remote else "false",
                a.status,
                "true" if a.pinned else "false",
            ]
        )
        count += 1
    return count
