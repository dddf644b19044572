"""The selector that turns a plan into the contract's problem document."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer import parse_problem
from rotations.models import AssignmentStatus, PlanStatus
from rotations.selectors.problem import plan_problem
from rotations.services.plans import plan_publish
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
    UnavailabilityFactory,
    local,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return RotationPlanFactory.create(
        name="Winter", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
    )


def test_the_document_passes_the_optimizers_parser(plan):
    cad = DepartmentFactory.create(name="CAD", max_away=2)
    ana = EmployeeFactory.create(
        employee_id="E1", department=cad, tags=["hvac"], hire_date=dt.date(2026, 11, 2)
    )
    slot = HostingSlotFactory.create(start=local(2027, 1, 5, 9), tags=["hvac"], remote=True)
    UnavailabilityFactory.create(
        employee=ana, start=local(2027, 1, 11, 0), end=local(2027, 1, 16, 0)
    )

    doc = plan_problem(plan=plan)
    problem = parse_problem(doc)

    assert problem.horizon.start == dt.date(2027, 1, 4)
    assert problem.horizon.timezone == "America/Detroit"
    assert problem.rules.sessions_per_shadower == 2
    assert [(d.id, d.max_away) for d in problem.departments] == [("CAD", 2)]
    person = next(p for p in problem.people if p.id == "E1")
    assert (person.role, person.department, person.site, person.tags) == (
        "backroom",
        "CAD",
        "Detroit",
        frozenset({"hvac"}),
    )
    assert person.hire_date == dt.date(2026, 11, 2)
    (problem_slot,) = problem.slots
    assert problem_slot.id == str(slot.pk)
    assert problem_slot.host == slot.host.employee_id
    assert problem_slot.start == local(2027, 1, 5, 9)
    assert doc["slots"][0]["start"] == "2027-01-05T09:00:00-05:00"
    assert problem_slot.remote is True
    assert [u.person for u in problem.unavailability] == ["E1"]


def test_slots_belong_to_the_plan_by_their_start_date_in_the_plan_zone(plan):
    inside_first = HostingSlotFactory.create(start=local(2027, 1, 4, 0))
    inside_last = HostingSlotFactory.create(start=local(2027, 1, 31, 23, 30))
    HostingSlotFactory.create(start=local(2027, 1, 3, 23, 59))
    HostingSlotFactory.create(start=local(2027, 2, 1, 0))
    HostingSlotFactory.create(start=local(2027, 1, 12), status="cancelled")
    ids = {s["id"] for s in plan_problem(plan=plan)["slots"]}
    assert ids == {str(inside_first.pk), str(inside_last.pk)}


def test_unavailability_outside_the_plan_is_left_out(plan):
    UnavailabilityFactory.create(start=local(2026, 12, 1, 0), end=local(2027, 1, 4, 0))
    kept = UnavailabilityFactory.create(start=local(2027, 1, 31, 20), end=local(2027, 2, 3))
    doc = plan_problem(plan=plan)
    assert [u["person"] for u in doc["unavailability"]] == [kept.employee.employee_id]


def test_confirmed_and_hand_pinned_assignments_are_pinned_and_declined_ones_forbidden(plan):
    confirmed = AssignmentFactory.create(plan=plan, status=AssignmentStatus.CONFIRMED)
    by_hand = AssignmentFactory.create(plan=plan, pinned=True)
    declined = AssignmentFactory.create(plan=plan, status=AssignmentStatus.DECLINED)
    AssignmentFactory.create(plan=plan)  # merely proposed: free to move
    doc = plan_problem(plan=plan)

    def pair(a):
        return {"shadower": a.shadower.employee_id, "slot": str(a.slot_id)}

    assert doc["pinned"] == [pair(confirmed), pair(by_hand)]
    assert doc["forbidden"] == [pair(declined)]
    parse_problem(doc)


def test_previous_is_the_last_published_overlapping_plan(plan):
    older = RotationPlanFactory.create(
        period_start=dt.date(2026, 12, 1), period_end=dt.date(2027, 1, 10)
    )
    newer = RotationPlanFactory.create(
        period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 1, 20)
    )
    apart = RotationPlanFactory.create(
        period_start=dt.date(2027, 3, 1), period_end=dt.date(2027, 3, 20)
    )
    slot = HostingSlotFactory.create(start=local(2027, 1, 6))
    for other in (older, newer, apart):
        other.status = PlanStatus.SOLVED
        other.save()
        AssignmentFactory.create(plan=other, slot=slot)
        plan_publish(plan=other)
    newest_overlap = newer.assignments.get()
    AssignmentFactory.create(plan=newer, slot=slot, status=AssignmentStatus.DECLINED)

    doc = plan_problem(plan=plan)
    assert doc["previous"] == [
        {"shadower": newest_overlap.shadower.employee_id, "slot": str(slot.pk)}
    ]


def test_re_solving_a_published_plan_keeps_close_to_its_own_assignments(plan):
    mine = AssignmentFactory.create(
        plan=plan, slot=HostingSlotFactory.create(start=local(2027, 1, 6))
    )
    plan.status = PlanStatus.SOLVED
    plan.save()
    plan_publish(plan=plan)
    plan.status = PlanStatus.SOLVING  # as during a solve
    doc = plan_problem(plan=plan)
    assert doc["previous"] == [{"shadower": mine.shadower.employee_id, "slot": str(mine.slot_id)}]


def test_history_comes_from_completed_sessions_of_earlier_plans(plan):
    earlier = RotationPlanFactory.create(
        period_start=dt.date(2026, 10, 5), period_end=dt.date(2026, 12, 20)
    )
    rep = RepFactory.create(employee_id="R7")
    ana = EmployeeFactory.create(employee_id="E1")
    AssignmentFactory.create(
        plan=earlier,
        shadower=ana,
        slot=HostingSlotFactory.create(host=rep, start=local(2026, 11, 3)),
        status=AssignmentStatus.COMPLETED,
    )
    AssignmentFactory.create(  # cancelled: it did not happen
        plan=earlier,
        shadower=ana,
        slot=HostingSlotFactory.create(host=rep, start=local(2026, 11, 10)),
        status=AssignmentStatus.CANCELLED,
    )
    doc = plan_problem(plan=plan)
    assert doc["history"] == [{"shadower": "E1", "host": "R7", "date": "2026-11-03"}]
    parse_problem(doc)


def test_people_of_every_site_and_inactive_people_are_described(plan):
    EmployeeFactory.create(
        employee_id="E1", site=SiteFactory.create(name="Denver", timezone="America/Denver")
    )
    EmployeeFactory.create(employee_id="E2", active=False)
    people = {p["id"]: p for p in plan_problem(plan=plan)["people"]}
    assert people["E1"]["site"] == "Denver"
    assert people["E2"]["active"] is False
