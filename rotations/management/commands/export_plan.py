"""manage.py export_plan PLAN --format csv|json [--output FILE]"""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from rotations.models import Assignment, RotationPlan
from rotations.selectors.plans import plan_get, plan_last_good_run

CSV_COLUMNS = (
    "shadower_employee_id",
    "shadower_name",
    "department",
    "host_employee_id",
    "host_name",
    "site",
    "start",
    "end",
    "kind",
    "remote",
    "status",
    "pinned",
)


def write_csv(plan: RotationPlan, out: TextIO) -> int:
    """Every assignment of the plan, whatever its status, times in the plan's zone."""
    tz = zoneinfo.ZoneInfo(plan.timezone)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = (
        Assignment.objects.filter(plan=plan)
        .select_related("shadower__department", "slot__host__site")
        .order_by("slot__start", "shadower__employee_id")
    )
    count = 0
    for a in rows:
        writer.writerow(
            [
                a.shadower.employee_id,
                a.shadower.name,
                a.shadower.department.name,
                a.slot.host.employee_id,
                a.slot.host.name,
                a.slot.host.site.name,
                a.slot.start.astimezone(tz).isoformat(),
                a.slot.end.astimezone(tz).isoformat(),
                a.slot.kind,
                "true" if a.slot.remote else "false",
                a.status,
                "true" if a.pinned else "false",
            ]
        )
        count += 1
    return count


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
            write_csv(plan, buffer)
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
