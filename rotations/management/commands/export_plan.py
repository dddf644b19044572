"""manage.py export_plan PLAN --format csv|json [--output FILE]"""

from __future__ import annotations

import io
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rotations.exports.assignments import plan_assignments_csv
from rotations.models import RotationPlan
from rotations.selectors.plans import plan_get, plan_last_good_run


class Command(BaseCommand):
    help = (
        "Export a plan: csv lists its assignments; json is the contract solution document "
        "of its last successful solve."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("plan", help="plan name or id")
        parser.add_argument("--format", choices=["csv", "json"], required=True)
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = plan_get(key=options["plan"])
        except RotationPlan.DoesNotExist:
            raise CommandError(f'no plan "{options["plan"]}"') from None
        buffer = io.StringIO()
        if options["format"] == "csv":
            plan_assignments_csv(plan=plan, out=buffer)
        else:
            run = plan_last_good_run(plan=plan)
            if run is None or run.solution is None:
                raise CommandError(f'plan "{plan.name}" has no successful solve yet')
            buffer.write(json.dumps(run.solution, indent=2) + "\n")
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            output.write_text(buffer.getvalue(), encoding="utf-8")
