"""plan_summary, solve_plan and export_plan."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from optimizer import parse_problem, parse_solution
from optimizer.check import check_solution
from rotations.models import AssignmentStatus, SolveRun
from rotations.selectors.problem import plan_problem
from rotations.selectors.summary import plan_summary
from rotations.services.jobs import solve_start
from tests.commands import run_command
from tests.factories import AssignmentFactory, SolveRunFactory, UnavailabilityFactory, local
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


def test_the_summary_counts_sessions_shortfall_hosts_and_departments():
    company = small_company()
    e1, e2, e3, _ = company.shadowers
    r1_slot, r2_slot = company.slots[0], company.slots[2]
    AssignmentFactory.create(plan=company.plan, shadower=e1, slot=r1_slot)
    AssignmentFactory.create(
        plan=company.plan, shadower=e2, slot=r1_slot, status=AssignmentStatus.CONFIRMED
    )
    AssignmentFactory.create(plan=company.plan, shadower=e1, slot=r2_slot)
    AssignmentFactory.create(
        plan=company.plan, shadower=e3, slot=r2_slot, status=AssignmentStatus.DECLINED
    )
    SolveRunFactory.create(
        plan=company.plan,
        status="succeeded",
        unmet=[
            {"shadower": "E2", "missing": 1, "reasons": ["capacity", "spacing"]},
            {"shadower": "E3", "missing": 2, "reasons": ["capacity"]},
            {"shadower": "E4", "missing": 2, "reasons": ["unavailable"]},
        ],
    )

    summary = plan_summary(plan=company.plan)

    assert (summary.sessions_placed, summary.sessions_required) == (3, 8)
    assert (summary.shadowers_complete, summary.shadowers) == (1, 4)
    assert [(s.reason, s.shadowers, s.sessions) for s in summary.shortfall] == [
        ("capacity", 2, 3),
        ("spacing", 1, 1),
        ("unavailable", 1, 2),
    ]
    assert [(h.employee_id, h.sessions) for h in summary.busiest_hosts] == [("R1", 2), ("R2", 1)]
    coverage = {
        d.department: (d.shadowers, d.placed, d.required, d.max_away) for d in summary.departments
    }
    assert coverage == {"Accounting": (2, 1, 4, None), "CAD": (2, 2, 4, 2)}


def test_solve_plan_prints_the_summary():
    company = small_company()
    UnavailabilityFactory.create(
        employee=company.shadowers[0], start=local(2027, 1, 1, 0), end=local(2027, 2, 1, 0)
    )
    ran = run_command("solve_plan", "Winter", "--time-limit", "1.5", "--workers", "1")
    assert ran.error is None, ran.failure
    assert 'Plan "Winter"  2027-01-04 .. 2027-01-31 (America/Detroit), status solved' in ran.out
    assert "Sessions placed: 6 / 8 required (75.0%); 3 of 4 shadowers" in ran.out
    assert "  unavailable     1 shadowers     2 sessions" in ran.out
    # The gap in words: the bound is proven (here the plan is optimal, or nearly so).
    assert re.search(
        r"\(the bound is proven: no plan can score (higher|more than [\d.]+% higher)\)", ran.out
    )
    assert "Busiest hosts:" in ran.out
    assert "Department coverage:" in ran.out
    assert "Where to look next:" in ran.out
    assert SolveRun.objects.get().status == "succeeded"


def test_solve_plan_reports_a_failed_run_and_exits_non_zero():
    company = small_company()
    company.plan.rules = {"sessions_per_shadower": "two"}
    company.plan.save()
    ran = run_command("solve_plan", str(company.plan.pk), "--time-limit", "1")
    assert "solve failed; the plan was left as it was" in ran.failure
    assert "sessions_per_shadower must be an integer" in ran.failure


def test_solve_plan_refuses_the_limits_the_api_refuses():
    small_company()
    ran = run_command("solve_plan", "Winter", "--time-limit", "10000")
    assert ran.failure == "--time-limit: must be more than 0 and at most 600 seconds, got 10000"
    assert not SolveRun.objects.exists()


def test_solve_plan_refuses_a_plan_being_solved():
    company = small_company()
    active, _ = solve_start(plan=company.plan, time_limit_s=1.5, workers=1)
    ran = run_command("solve_plan", "Winter", "--time-limit", "1")
    assert ran.failure == f'plan "Winter" is being solved already (run {active.pk})'


def test_solve_plan_names_an_unknown_plan():
    assert run_command("solve_plan", "Nope").failure == 'no plan "Nope"'


def test_export_json_is_the_contract_solution_and_passes_the_checker():
    company = small_company()
    solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    ran = run_command("export_plan", "Winter", "--format", "json")
    solution = parse_solution(json.loads(ran.out))
    report = check_solution(parse_problem(plan_problem(plan=company.plan)), solution)
    assert report.ok, report.violations
    assert len(solution.assignments) == 8


def test_export_json_needs_a_successful_solve():
    small_company()
    assert (
        "has no successful solve yet"
        in run_command("export_plan", "Winter", "--format", "json").failure
    )


def test_export_csv_lists_every_assignment_in_the_plan_zone(tmp_path):
    company = small_company()
    AssignmentFactory.create(
        plan=company.plan, shadower=company.shadowers[0], slot=company.slots[0]
    )
    target = tmp_path / "plan.csv"
    ran = run_command("export_plan", "Winter", "--format", "csv", "--output", target)
    assert ran.error is None
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows == [
        {
            "shadower_employee_id": "E1",
            "shadower_name": company.shadowers[0].name,
            "department": "CAD",
            "host_employee_id": "R1",
            "host_name": company.reps[0].name,
            "site": "Detroit",
            "start": "2027-01-05T09:00:00-05:00",
            "end": "2027-01-05T12:00:00-05:00",
            "kind": "ride_along",
            "remote": "false",
            "status": "proposed",
            "pinned": "false",
        }
    ]
