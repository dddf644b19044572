"""manage.py seed_demo [--reset] [--start MONDAY] [--weeks N] [--seed N]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rotations.management.importing import parse_day
from rotations.services.demo import DEFAULT_START, DemoExistsError, demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo company (3 sites, 11 departments, 250 backroom staff, 40 reps), "
        "12 weeks of slots and time away, a past plan with history and feedback, and a draft "
        "plan to solve."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--reset", action="store_true", help="delete all rotation data first")
        parser.add_argument("--start", default=DEFAULT_START.isoformat(), help="a Monday")
        parser.add_argument("--weeks", type=int, default=12)
        parser.add_argument("--seed", type=int, default=7, help="random seed (deterministic)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facts = demo_seed(
                start=parse_day(options["start"]),
                weeks=options["weeks"],
                seed=options["seed"],
                reset=options["reset"],
            )
        except (DemoExistsError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Seeded Northwind Climate Supply: {facts.backroom} backroom staff and "
            f"{facts.reps} reps in 3 sites and {facts.departments} departments; "
            f"{facts.slots} hosting slots and {facts.unavailability} absences; "
            f'past plan "{facts.past_plan.name}" with {facts.history} completed sessions '
            f"and {facts.feedback} feedback entries."
        )
        self.stdout.write(self.style.SUCCESS(f'Draft plan to solve: "{facts.plan.name}"'))
