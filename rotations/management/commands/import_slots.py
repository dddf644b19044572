"""manage.py import_slots slots.csv [--plan PLAN | --from DATE --until DATE]"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from rotations.management.importing import CsvImportCommand, parse_day
from rotations.models import RotationPlan
from rotations.selectors.plans import plan_get


class Command(CsvImportCommand):
    help = (
        "Import hosting slots from CSV: host_employee_id,start,end,capacity,kind,remote,tags, "
        "or recurring rows with rrule,dtstart,duration expanded over --plan's period (or "
        "--from/--until). Rows are matched by host and start."
    )
    kind = "slots"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--plan", help="expand recurring rows over this plan's period")
        parser.add_argument("--from", dest="start", help="first day for recurring rows")
        parser.add_argument("--until", dest="end", help="last day for recurring rows")

    def period(self, options: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
        if options["plan"]:
            if options["start"] or options["end"]:
                raise CommandError("give --plan or --from/--until, not both")
            try:
                plan = plan_get(key=options["plan"])
            except RotationPlan.DoesNotExist:
                raise CommandError(f'no plan "{options["plan"]}"') from None
            return plan.period_start, plan.period_end
        if bool(options["start"]) != bool(options["end"]):
            raise CommandError("--from and --until go together")
        if options["start"]:
            period = parse_day(options["start"]), parse_day(options["end"])
            if period[1] < period[0]:
                raise CommandError("--until is before --from")
            return period
        return None
