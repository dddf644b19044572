"""Solving a plan: build the problem, run the optimizer, check its answer, write it back.

A run that fails for any reason (a problem the optimizer refuses, no feasible plan, an
answer the checker rejects) leaves the plan's assignments exactly as they were.
"""

from __future__ import annotations

import threading

from django.utils import timezone

from optimizer import ProblemError, Solution, parse_problem, solution_to_dict, solve
from optimizer.check import check_solution
from rotations.models import PlanStatus, RotationPlan, RunStatus, SolveRun
from rotations.selectors.problem import plan_problem
from rotations.services.plans import SOLVED_STATUSES, SolutionError, plan_apply_solution


class SolveFailedError(RuntimeError):
    """The optimizer gave no usable plan; the message says why."""


def _failure(solution: Solution) -> str:
    if solution.infeasible:
        return "no plan satisfies the pinned assignments:\n" + "\n".join(solution.infeasible)
    return f"the solver returned {solution.status} without a plan"


def _record(run: SolveRun, solution: Solution) -> None:
    run.solver_status = solution.status
    run.objective = solution.objective
    run.bound = solution.bound
    if solution.objective is not None and solution.bound:
        run.gap = round((solution.bound - solution.objective) / abs(solution.bound), 6)
    run.stats = dict(solution.stats)
    run.unmet = [
        {"shadower": u.shadower, "missing": u.missing, "reasons": list(u.reasons)}
        for u in solution.unmet
    ]
    run.solution = solution_to_dict(solution)


def plan_solve(
    *,
    plan: RotationPlan,
    time_limit_s: float = 20.0,
    workers: int = 2,
    stop_event: threading.Event | None = None,
) -> SolveRun:
    """Solve `plan` in this process and return its SolveRun (succeeded or failed)."""
    if plan.status == PlanStatus.ARCHIVED:
        raise ValueError(f'plan "{plan.name}" is archived')
    run = SolveRun.objects.create(
        plan=plan,
        status=RunStatus.RUNNING,
        time_limit_s=time_limit_s,
        workers=workers,
        started_at=timezone.now(),
    )
    status_before = plan.status
    RotationPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SOLVING)
    progress: list[list[float]] = []
    try:
        problem = parse_problem(plan_problem(plan=plan))
        solution = solve(
            problem,
            time_limit_s=time_limit_s,
            workers=workers,
            on_progress=lambda objective, bound, elapsed: progress.append(
                [objective, bound, round(elapsed, 3)]
            ),
            stop_event=stop_event,
        )
        _record(run, solution)
        if solution.status not in SOLVED_STATUSES:
            raise SolveFailedError(_failure(solution))
        report = check_solution(problem, solution)
        if not report.ok:
            raise SolveFailedError(
                "the checker rejected the solution:\n" + "\n".join(report.violations)
            )
        plan_apply_solution(plan=plan, solution=solution)
        run.status = RunStatus.SUCCEEDED
    except (ProblemError, SolveFailedError, SolutionError) as exc:
        run.status = RunStatus.FAILED
        run.error = str(exc)
    except BaseException as exc:
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        if run.status == RunStatus.FAILED:
            RotationPlan.objects.filter(pk=plan.pk).update(status=status_before)
        run.progress = progress
        run.finished_at = timezone.now()
        run.save()
        plan.refresh_from_db()
    return run
