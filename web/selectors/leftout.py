"""Who the last successful solve left short of sessions, and why, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from rotations.models import Employee, RotationPlan
from rotations.selectors.plans import plan_last_good_run

# The solver's reason codes (optimizer.types.REASON_CODES) as HR reads them.
REASON_TEXT = {
    "no_eligible_slot": "No slot fits them at all: nobody hosts at their site or remotely "
    "during the plan.",
    "unavailable": "They or the host are away when the slots that fit them take place.",
    "capacity": "The slots that fit them are already full.",
    "department_coverage": "Too many people from their department would be away at once.",
    "weekly_limit": "They already have as many sessions as allowed in that week.",
    "spacing": "Their other session is too close in time.",
    "host_load": "The host already hosts as many sessions as allowed that week.",
    "distinct_hosts": "They already meet that host in another session.",
}
NO_REASON = (
    "No single rule explains it: too few slots fit them, or the solver ran out of time "
    "before taking a free slot."
)


@dataclass(frozen=True)
class LeftOut:
    employee_id: str
    name: str
    department: str
    site: str
    missing: int
    reasons: list[str]  # plain words, in the solver's order


def reason_text(code: str) -> str:
    return REASON_TEXT.get(code, f"Rule “{code}”.")


def plan_left_out(*, plan: RotationPlan) -> list[LeftOut]:
    run = plan_last_good_run(plan=plan)
    if run is None:
        return []
    entries = [e for e in run.unmet if isinstance(e, dict)]
    people = Employee.objects.select_related("department", "site").in_bulk(
        [str(e.get("shadower")) for e in entries], field_name="employee_id"
    )
    left = []
    for entry in entries:
        employee_id = str(entry.get("shadower"))
        person = people.get(employee_id)
        codes = [str(c) for c in entry.get("reasons") or []]
        left.append(
            LeftOut(
                employee_id=employee_id,
                name=person.name if person else employee_id,
                department=person.department.name if person else "",
                site=person.site.name if person else "",
                missing=int(entry.get("missing", 0)),
                reasons=[reason_text(c) for c in codes] or [NO_REASON],
            )
        )
    return sorted(left, key=lambda x: (x.department, x.name))
