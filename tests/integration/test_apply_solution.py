"""Writing a solution back: one transaction, pinned pairs kept, nothing half-done."""

from __future__ import annotations

import pytest

from optimizer import Pair, Solution
from rotations.models import Assignment, AssignmentStatus, PlanStatus
from rotations.services.plans import SolutionError, plan_apply_solution, plan_publish
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def _solution(*pairs: tuple[str, int], status: str = "FEASIBLE") -> Solution:
    return Solution(
        status=status,  # type: ignore[arg-type]
        objective=0,
        assignments=tuple(Pair(shadower, str(slot)) for shadower, slot in pairs),
    )


def _state(plan, last="version"):
    return sorted(
        (a.shadower.employee_id, a.slot_id, a.status, getattr(a, last))
        for a in Assignment.objects.filter(plan=plan).select_related("shadower")
    )


def test_it_creates_the_assignments_and_marks_the_plan_solved():
    company = small_company()
    s1, s2 = company.slots[0].pk, company.slots[7].pk
    applied = plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    assert (applied.created, applied.kept, applied.removed) == (2, 0, 0)
    assert _state(company.plan) == [("E1", s1, "proposed", 1), ("E2", s2, "proposed", 1)]
    assert company.plan.status == PlanStatus.SOLVED


def test_a_new_solution_replaces_proposed_assignments_and_keeps_confirmed_ones():
    company = small_company()
    s1, s2, s3 = (company.slots[i].pk for i in (0, 7, 13))
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    Assignment.objects.filter(slot_id=s1).update(status=AssignmentStatus.CONFIRMED)

    applied = plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E3", s3)))

    assert (applied.created, applied.kept, applied.removed) == (1, 1, 1)
    assert _state(company.plan) == [("E1", s1, "confirmed", 1), ("E3", s3, "proposed", 1)]


def test_a_live_replan_of_a_published_plan_cancels_what_it_drops_and_revives_it_later():
    company = small_company()
    s1, s2 = company.slots[0].pk, company.slots[7].pk
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    plan_publish(plan=company.plan)

    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1)), revision=False)
    assert _state(company.plan) == [("E1", s1, "proposed", 1), ("E2", s2, "cancelled", 2)]
    assert company.plan.status == PlanStatus.PUBLISHED

    applied = plan_apply_solution(
        plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)), revision=False
    )
    assert applied.revived == 1
    assert _state(company.plan) == [("E1", s1, "proposed", 1), ("E2", s2, "proposed", 3)]


def _pending(plan):
    return _state(plan, last="pending")


def test_re_solving_a_published_plan_is_a_draft_revision_until_it_is_published():
    company = small_company()
    s1, s2, s3 = (company.slots[i].pk for i in (0, 7, 13))
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    plan_publish(plan=company.plan)
    version = company.plan.version

    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E3", s3)))
    assert _pending(company.plan) == [
        ("E1", s1, "proposed", ""),
        ("E2", s2, "proposed", "drop"),  # people still see it
        ("E3", s3, "proposed", "add"),  # nobody sees it yet
    ]
    assert company.plan.status == PlanStatus.PUBLISHED
    assert company.plan.version == version + 1

    plan_publish(plan=company.plan)
    assert _pending(company.plan) == [
        ("E1", s1, "proposed", ""),
        ("E2", s2, "cancelled", ""),
        ("E3", s3, "proposed", ""),
    ]
    assert company.plan.version == version + 2


def test_a_second_revision_forgets_what_the_first_added_and_nobody_saw():
    company = small_company()
    s1, s2, s3 = (company.slots[i].pk for i in (0, 7, 13))
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1)))
    plan_publish(plan=company.plan)
    plan_apply_solution(plan=company.plan, solution=_solution(("E2", s2)))
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E3", s3)))
    assert _pending(company.plan) == [("E1", s1, "proposed", ""), ("E3", s3, "proposed", "add")]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("confirmed", "drops 1 pinned assignment"),
        ("pinned", "drops 1 pinned assignment"),
        ("declined", "proposes a pair that was declined"),
    ],
)
def test_a_solution_that_breaks_the_plans_commitments_changes_nothing(setup, message):
    company = small_company()
    s1, s2 = company.slots[0].pk, company.slots[7].pk
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    if setup == "pinned":
        Assignment.objects.filter(slot_id=s1).update(pinned=True)
    else:
        Assignment.objects.filter(slot_id=s1).update(status=setup)
    before = _state(company.plan)
    offending = _solution(("E2", s2), ("E3", s2)) if setup != "declined" else _solution(("E1", s1))

    with pytest.raises(SolutionError, match=message):
        plan_apply_solution(plan=company.plan, solution=offending)
    assert _state(company.plan) == before


def test_unknown_ids_and_failed_statuses_are_refused():
    company = small_company()
    with pytest.raises(SolutionError, match="unknown ids: E404, 999999"):
        plan_apply_solution(plan=company.plan, solution=_solution(("E404", 999999)))
    with pytest.raises(SolutionError, match="INFEASIBLE"):
        plan_apply_solution(plan=company.plan, solution=_solution(status="INFEASIBLE"))
    assert _state(company.plan) == []


def test_a_live_replan_leaves_a_waiting_revision_for_hr_to_publish():
    company = small_company()
    s1, s2, s3 = (company.slots[i].pk for i in (0, 7, 13))
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1)))
    plan_publish(plan=company.plan)
    plan_apply_solution(plan=company.plan, solution=_solution(("E1", s1), ("E2", s2)))
    plan_apply_solution(
        plan=company.plan, solution=_solution(("E1", s1), ("E2", s2), ("E3", s3)), revision=False
    )
    assert _pending(company.plan) == [
        ("E1", s1, "proposed", ""),
        ("E2", s2, "proposed", "add"),
        ("E3", s3, "proposed", ""),
    ]
