"""Plan -> problem -> optimizer -> solution -> plan, with the real solver and its checker."""

from __future__ import annotations

import dataclasses

import pytest

from optimizer import Pair, Solution, parse_problem, parse_solution
from optimizer.check import check_solution
from rotations.models import LIVE_STATUSES, Assignment, AssignmentStatus, PlanStatus, RunStatus
from rotations.selectors.problem import plan_problem
from rotations.services.jobs import solve_start
from tests.factories import AssignmentFactory, UnavailabilityFactory, local
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def _solve(plan):
    """The real optimizer, briefly, on one thread (the machine is shared)."""
    return solve_start(plan=plan, time_limit_s=1.5, workers=1, wait=True)[0]


def _plan_as_solution(run) -> Solution:
    """The run's solution document, with the assignments read back from the database."""
    pairs = [
        Pair(a.shadower.employee_id, str(a.slot_id))
        for a in Assignment.objects.filter(plan=run.plan, status__in=LIVE_STATUSES).select_related(
            "shadower"
        )
    ]
    return dataclasses.replace(parse_solution(run.solution), assignments=tuple(sorted(pairs)))


def test_a_solved_plan_passes_the_optimizers_checker():
    company = small_company()
    run = _solve(company.plan)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert company.plan.status == PlanStatus.SOLVED
    problem = parse_problem(plan_problem(plan=company.plan))
    report = check_solution(problem, _plan_as_solution(run))
    assert report.violations == []
    assert report.ok
    # Four shadowers, two sessions each, plenty of slots: every session is placed.
    assert Assignment.objects.filter(plan=company.plan).count() == 8
    assert report.objective == run.objective
    assert run.solver_status in ("OPTIMAL", "FEASIBLE")
    assert run.started_at is not None and run.finished_at is not None
    assert run.started_at <= run.finished_at
    assert run.progress and run.stats["wall_s"] > 0


def test_the_stored_solution_is_the_contract_document():
    company = small_company()
    run = _solve(company.plan)
    solution = parse_solution(run.solution)
    assert solution.objective == run.objective
    assert {(p.shadower, p.slot) for p in solution.assignments} == {
        (a.shadower.employee_id, str(a.slot_id)) for a in company.plan.assignments.all()
    }


def test_re_solving_keeps_confirmed_assignments():
    company = small_company()
    _solve(company.plan)
    confirmed = company.plan.assignments.earliest("pk")
    confirmed.status = AssignmentStatus.CONFIRMED
    confirmed.save()

    run = _solve(company.plan)

    assert run.status == RunStatus.SUCCEEDED, run.error
    confirmed.refresh_from_db()
    assert confirmed.status == AssignmentStatus.CONFIRMED
    assert {"shadower": confirmed.shadower.employee_id, "slot": str(confirmed.slot_id)} in (
        plan_problem(plan=company.plan)["pinned"]
    )


def test_shortfall_is_explained_on_the_run():
    company = small_company()
    away = company.shadowers[0]
    UnavailabilityFactory.create(
        employee=away, start=local(2027, 1, 1, 0), end=local(2027, 2, 1, 0)
    )
    run = _solve(company.plan)
    assert run.status == RunStatus.SUCCEEDED
    assert run.unmet == [{"shadower": away.employee_id, "missing": 2, "reasons": ["unavailable"]}]


def test_an_infeasible_pinned_plan_fails_the_run_and_leaves_the_plan_as_it_was():
    company = small_company()
    _solve(company.plan)
    before = list(company.plan.assignments.order_by("pk").values())
    # Two confirmed sessions in one week break the weekly limit of one.
    shadower = company.shadowers[3]
    same_week = [s for s in company.slots if s.start < local(2027, 1, 10)]
    taken = {a.slot_id for a in company.plan.assignments.filter(shadower=shadower)}
    for slot in [s for s in same_week if s.pk not in taken][:2]:
        AssignmentFactory.create(
            plan=company.plan, shadower=shadower, slot=slot, status=AssignmentStatus.CONFIRMED
        )
    before = list(company.plan.assignments.order_by("pk").values())

    run = _solve(company.plan)

    assert run.status == RunStatus.FAILED
    assert run.solver_status == "INFEASIBLE"
    assert "pinned" in run.error
    assert list(company.plan.assignments.order_by("pk").values()) == before
    assert company.plan.status == PlanStatus.SOLVED


def test_a_problem_the_optimizer_refuses_fails_the_run_with_its_message():
    company = small_company()
    company.plan.rules = {"sessions_per_shadower": -1}
    company.plan.save()
    run = _solve(company.plan)
    assert run.status == RunStatus.FAILED
    assert "sessions_per_shadower must be at least 0" in run.error
    assert company.plan.status == PlanStatus.DRAFT
    assert not company.plan.assignments.exists()
