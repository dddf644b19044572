"""The demo, end to end: seed_demo then solve_plan, as ./scripts/demo runs them."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer import parse_problem, parse_solution
from optimizer.check import check_solution
from program.models import Idea, Policy, Wish
from rotations.models import (
    Assignment,
    Department,
    Employee,
    Feedback,
    HostingSlot,
    PlanStatus,
    RotationPlan,
    Site,
    Unavailability,
)
from rotations.selectors.problem import plan_problem
from rotations.services.demo import demo_seed
from tests.commands import run_command

pytestmark = pytest.mark.django_db


def _fingerprint():
    return (
        list(
            Employee.objects.order_by("employee_id").values_list(
                "employee_id", "name", "site__name", "hire_date"
            )
        ),
        list(
            HostingSlot.objects.order_by("start", "host__employee_id").values_list(
                "host__employee_id", "start", "capacity"
            )
        ),
        Unavailability.objects.count(),
        Assignment.objects.count(),
    )


def test_the_demo_seeds_a_believable_company_and_solves_its_plan():
    seeded = run_command("seed_demo")
    assert seeded.error is None, seeded.failure
    assert 'Draft plan to solve: "Winter 2027"' in seeded.out

    assert Site.objects.count() == 3
    assert Department.objects.count() >= 8
    assert Employee.objects.filter(role="backroom").count() == 250
    assert 35 <= Employee.objects.filter(role="rep").count() <= 45
    plan = RotationPlan.objects.get(name="Winter 2027")
    assert (plan.period_end - plan.period_start).days == 12 * 7 - 1
    assert HostingSlot.objects.filter(start__date__gte=plan.period_start).count() > 500
    assert Unavailability.objects.count() > 50
    # The last archived plan; the program adds a year of earlier ones.
    past = RotationPlan.objects.filter(status=PlanStatus.ARCHIVED).latest("period_start")
    assert RotationPlan.objects.filter(status=PlanStatus.ARCHIVED).count() == 4
    assert Wish.objects.count() > 50
    assert Idea.objects.filter(status="done").exists()
    assert Policy.objects.exists()
    assert past.assignments.filter(status="completed").count() > 100
    assert Feedback.objects.count() > 50
    assert len(plan_problem(plan=plan)["history"]) > 100

    solved = run_command("solve_plan", "Winter 2027", "--time-limit", "2", "--workers", "2")
    assert solved.error is None, solved.failure
    assert "Sessions placed:" in solved.out
    assert "Shortfall by reason" in solved.out

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SOLVED
    run = plan.runs.get()
    # The greedy start alone places most sessions; the plan satisfies every hard rule.
    assert plan.assignments.count() >= 400
    problem = parse_problem(plan_problem(plan=plan))
    assert check_solution(problem, parse_solution(run.solution)).ok


def test_the_demo_is_deterministic_and_refuses_to_seed_twice_without_reset():
    assert run_command("seed_demo").error is None
    first = _fingerprint()
    again = run_command("seed_demo")
    assert "already has staff or plans; use --reset" in again.failure
    assert run_command("seed_demo", "--reset").error is None
    assert _fingerprint() == first


def test_the_demo_start_must_be_a_monday():
    assert "is not a Monday" in run_command("seed_demo", "--start", "2027-01-05").failure


def test_the_demos_completed_sessions_and_their_feedback_all_lie_in_the_past():
    """Seeded on 2 Dec 2026 with the default start (4 Jan 2027), the past plan runs until
    20 Dec: its last weeks are still to come and hold no completed session."""
    now = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)
    facts = demo_seed(now=now)
    completed = Assignment.objects.filter(status="completed")
    assert completed.filter(plan=facts.past_plan).count() == facts.history > 100
    assert not completed.filter(slot__end__gt=now).exists()  # the program's history included
    assert not Feedback.objects.filter(assignment__slot__end__gt=now).exists()
    assert facts.past_plan.period_end > now.date()  # the case the issue saw
