"""A host declines: the shadower is re-planned, nothing else moves unless it must."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from optimizer import Problem
from rotations.models import LIVE_STATUSES, Assignment, AssignmentStatus, RunKind, RunStatus
from rotations.selectors.problem import problem_built
from rotations.selectors.replan import replan_problem
from rotations.services.assignments import assignment_decline
from rotations.services.errors import ConflictError, StaleVersionError
from rotations.services.jobs import solve_start
from rotations.services.plans import plan_publish
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def _live(plan) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(plan=plan, status__in=LIVE_STATUSES).values_list(
            "shadower_id", "slot_id"
        )
    )


@pytest.fixture
def published():
    company = small_company()
    solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    plan_publish(plan=company.plan)
    return company


def test_a_decline_re_plans_only_the_shadower_who_lost_a_session(
    published, django_capture_on_commit_callbacks
):
    plan = published.plan
    confirmed = plan.assignments.order_by("pk")[0]
    confirmed.status = AssignmentStatus.CONFIRMED
    confirmed.save()
    declined = plan.assignments.exclude(shadower=confirmed.shadower).order_by("pk")[0]
    others = _live(plan) - {(declined.shadower_id, declined.slot_id)}

    with django_capture_on_commit_callbacks(execute=True):
        run = assignment_decline(
            assignment=declined,
            by=declined.slot.host,
            reason="on a customer site all day",
            expected_version=declined.version,
        )

    assert run is not None
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.kind == RunKind.REPLAN
    assert declined.slot.host.name in run.reason
    declined.refresh_from_db()
    assert declined.status == AssignmentStatus.DECLINED
    assert declined.decline_reason == "on a customer site all day"
    assert declined.version == 2
    after = _live(plan)
    # Everyone else keeps their sessions; the shadower gets a new one, in another slot.
    assert others <= after
    new = after - others
    assert len(new) == 1
    ((shadower, slot),) = new
    assert shadower == declined.shadower_id and slot != declined.slot_id
    assert run.changed == 1
    confirmed.refresh_from_db()
    assert confirmed.status == AssignmentStatus.CONFIRMED


def test_a_decline_checks_the_version_and_the_status(published):
    assignment = published.plan.assignments.order_by("pk")[0]
    with pytest.raises(StaleVersionError) as stale:
        assignment_decline(assignment=assignment, by=None, reason="", expected_version=7)
    assert stale.value.field == "version"
    assignment.status = AssignmentStatus.CANCELLED
    assignment.save()
    with pytest.raises(ConflictError) as conflict:
        assignment_decline(assignment=assignment, by=None, reason="")
    assert conflict.value.field == "status"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CANCELLED
    assert assignment.version == 1


def test_a_replan_freezes_sessions_too_close_to_confirm(published):
    plan = published.plan
    first = min(published.slots, key=lambda s: s.start)
    cutoff = first.start + dt.timedelta(hours=1)
    held = plan.assignments.filter(slot=first).count()

    problem = replan_problem(plan=plan, cutoff=cutoff)

    assert isinstance(problem, Problem)  # typed: no string surgery on a document
    slot = next(s for s in problem.slots if s.id == str(first.pk))
    assert slot.capacity == held
    frozen_pairs = {
        (a.shadower.employee_id, str(a.slot_id)) for a in plan.assignments.filter(slot=first)
    }
    assert frozen_pairs <= {(p.shadower, p.slot) for p in problem.pinned}
    assert {(p.shadower, p.slot) for p in problem.previous} == {
        (a.shadower.employee_id, str(a.slot_id)) for a in plan.assignments.all()
    }
    later = next(s for s in problem.slots if s.id == str(published.slots[-1].pk))
    assert later.capacity == published.slots[-1].capacity


def test_a_replan_keeps_what_other_apps_add_to_the_problem(published):
    plan = published.plan
    shadower = published.plan.assignments.first().shadower.employee_id

    def needs_three(sender: object, *, doc: dict[str, Any], **_: object) -> None:
        for person in doc["people"]:
            if person["id"] == shadower:
                person["sessions_required"] = 3

    problem_built.connect(needs_three, dispatch_uid="test.needs_three")
    try:
        problem = replan_problem(plan=plan)
    finally:
        problem_built.disconnect(dispatch_uid="test.needs_three")

    assert next(p for p in problem.people if p.id == shadower).sessions_required == 3
    assert problem.previous
