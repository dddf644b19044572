"""App config for the program: it extends each plan's problem document (see `problem.py`)."""

from __future__ import annotations

from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = "Program"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The arrow points one way: rotations announces a problem, the program adds to it.
        from program.problem import connect

        connect()
