"""manage.py solve_plan PLAN [--time-limit S] [--workers N]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rotations.models import RotationPlan, RunStatus
from rotations.reports import format_summary
from rotations.selectors.plans import plan_get
from rotations.selectors.summary import plan_summary
from rotations.services.solving import plan_solve


class Command(BaseCommand):
    help = "Solve a plan (by name or id) in this process and print its summary."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("plan", help="plan name or id")
        parser.add_argument(
            "--time-limit", type=float, default=20.0, help="seconds for the solver (default 20)"
        )
        parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] <= 0 or options["workers"] < 1:
            raise CommandError("--time-limit must be positive and --workers at least 1")
        try:
            plan = plan_get(key=options["plan"])
        except RotationPlan.DoesNotExist:
            raise CommandError(f'no plan "{options["plan"]}"') from None
        try:
            run = plan_solve(
                plan=plan, time_limit_s=options["time_limit"], workers=options["workers"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(format_summary(plan_summary(plan=plan), plan_key=options["plan"]))
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"solve failed; the plan was left as it was:\n{run.error}")
