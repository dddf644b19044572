"""manage.py solve_plan PLAN [--time-limit S] [--workers N]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rotations.models import RotationPlan, RunStatus
from rotations.reports import format_summary
from rotations.selectors.plans import plan_get
from rotations.selectors.summary import plan_summary
from rotations.services.errors import ServiceError
from rotations.services.jobs import solve_start


class Command(BaseCommand):
    help = "Solve a plan (by name or id) in this process and print its summary."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("plan", help="plan name or id")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="seconds for the solver (default SOLVE_TIME_LIMIT_S, 20)",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="solver threads (default SOLVE_WORKERS, 2)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = plan_get(key=options["plan"])
        except RotationPlan.DoesNotExist:
            raise CommandError(f'no plan "{options["plan"]}"') from None
        try:
            # The same service as the API and the pages, its job done here, not queued.
            run, _ = solve_start(
                plan=plan,
                time_limit_s=options["time_limit"],
                workers=options["workers"],
                wait=True,
            )
        except ServiceError as exc:
            option = {"time_limit_s": "--time-limit: ", "workers": "--workers: "}
            raise CommandError(f"{option.get(exc.field or '', '')}{exc}") from None
        self.stdout.write(format_summary(plan_summary(plan=plan), plan_key=options["plan"]))
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"solve failed; the plan was left as it was:\n{run.error}")
