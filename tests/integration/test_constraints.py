"""The database itself holds the invariants, whatever code writes to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from rotations.models import Assignment, Department, Employee, HostingSlot, RotationPlan, SolveRun
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    FeedbackFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SolveRunFactory,
    UnavailabilityFactory,
    local,
)

pytestmark = pytest.mark.django_db


def _refused(constraint: str):
    """Assert the statement raises IntegrityError naming `constraint`."""
    return pytest.raises(IntegrityError, match=constraint)


def test_a_slot_must_end_after_it_starts():
    with _refused("slot_end_after_start"), transaction.atomic():
        HostingSlotFactory.create(start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 9))


def test_a_slot_takes_at_least_one_shadower():
    with _refused("slot_capacity_at_least_one"), transaction.atomic():
        HostingSlotFactory.create(capacity=0)


def test_a_host_cannot_start_two_slots_at_the_same_moment():
    slot = HostingSlotFactory.create()
    with _refused("slot_unique_host_start"), transaction.atomic():
        HostingSlotFactory.create(host=slot.host, start=slot.start)


def test_a_slot_status_and_kind_must_be_meaningful():
    slot = HostingSlotFactory.create()
    with _refused("slot_status_is_known"), transaction.atomic():
        HostingSlot.objects.filter(pk=slot.pk).update(status="maybe")
    with _refused("slot_kind_not_blank"), transaction.atomic():
        HostingSlot.objects.filter(pk=slot.pk).update(kind="")


def test_unavailability_must_end_after_it_starts():
    with _refused("unavailability_end_after_start"), transaction.atomic():
        UnavailabilityFactory.create(start=local(2027, 2, 1), end=local(2027, 1, 31))


def test_one_assignment_per_plan_shadower_and_slot():
    assignment = AssignmentFactory.create()
    with _refused("assignment_unique_plan_shadower_slot"), transaction.atomic():
        AssignmentFactory.create(
            plan=assignment.plan, shadower=assignment.shadower, slot=assignment.slot
        )
    # The same pair in another plan is a different assignment.
    AssignmentFactory.create(shadower=assignment.shadower, slot=assignment.slot)


def test_an_assignment_status_and_version_are_checked():
    assignment = AssignmentFactory.create()
    with _refused("assignment_status_is_known"), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(status="maybe")
    with _refused("assignment_version_positive"), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(version=0)


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_is_between_one_and_five(rating):
    with _refused("feedback_rating_1_to_5"), transaction.atomic():
        FeedbackFactory.create(rating=rating)


def test_ratings_one_and_five_are_fine():
    FeedbackFactory.create(rating=1)
    FeedbackFactory.create(rating=5)


def test_one_feedback_per_author_and_assignment():
    feedback = FeedbackFactory.create()
    with _refused("feedback_one_per_author"), transaction.atomic():
        FeedbackFactory.create(assignment=feedback.assignment, author=feedback.author)


def test_a_department_limit_is_at_least_one_or_none():
    DepartmentFactory.create(name="Open", max_away=None)
    with _refused("department_max_away_at_least_one"), transaction.atomic():
        Department.objects.filter(name="Open").update(max_away=0)


def test_an_employee_has_a_known_role_and_an_id():
    employee = EmployeeFactory.create()
    with _refused("employee_role_is_known"), transaction.atomic():
        Employee.objects.filter(pk=employee.pk).update(role="manager")
    with _refused("employee_id_not_blank"), transaction.atomic():
        Employee.objects.filter(pk=employee.pk).update(employee_id="")
    with _refused("employee_id"), transaction.atomic():
        RepFactory.create(employee_id=employee.employee_id)


def test_a_plan_period_cannot_run_backwards_and_has_a_known_status():
    plan = RotationPlanFactory.create()
    with _refused("plan_period_not_reversed"), transaction.atomic():
        RotationPlan.objects.filter(pk=plan.pk).update(period_end=dt.date(2026, 12, 31))
    with _refused("plan_status_is_known"), transaction.atomic():
        RotationPlan.objects.filter(pk=plan.pk).update(status="done")


def test_a_run_has_a_known_status_a_positive_limit_and_ends_after_it_starts():
    run = SolveRunFactory.create()
    with _refused("run_status_is_known"), transaction.atomic():
        SolveRun.objects.filter(pk=run.pk).update(status="maybe")
    with _refused("run_time_limit_positive"), transaction.atomic():
        SolveRun.objects.filter(pk=run.pk).update(time_limit_s=0)
    with _refused("run_finishes_after_start"), transaction.atomic():
        SolveRun.objects.filter(pk=run.pk).update(
            started_at=local(2027, 1, 5, 10), finished_at=local(2027, 1, 5, 9)
        )
