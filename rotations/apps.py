"""App config for the scheduling domain."""

from __future__ import annotations

from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = "Rotations"
    default_auto_field = "django.db.models.BigAutoField"
