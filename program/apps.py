"""App config for the program: it extends each plan's problem document (see `problem.py`)."""

from __future__ import annotations

from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = "Program"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The arrow points one way: rotations announces a problem, the program adds to it.
        from program.importing import COLUMNS, wishes_import
        from program.problem import connect
        from rotations.services.imports import import_kind_register

        connect()
        import_kind_register(
            kind="wishes", required=COLUMNS, run=lambda table: wishes_import(table=table)
        )
