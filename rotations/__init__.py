"""rotations: the Django project and the scheduling domain (models, services, selectors)."""

from __future__ import annotations

# `celery -A rotations` finds the app here; importing it also registers shared tasks.
from rotations.celery import app as celery_app

__all__ = ["celery_app"]
