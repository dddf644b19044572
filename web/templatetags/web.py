"""Template helpers: the viewer's roles for the navigation, and small number formats."""

from __future__ import annotations

from typing import Any

from django import template

from rotations.models import SlotKind
from rotations.roles import is_employee, is_hr, is_rep

register = template.Library()


@register.simple_tag
def viewer_roles(user: Any) -> dict[str, bool]:
    return {"hr": is_hr(user), "rep": is_rep(user), "employee": is_employee(user)}


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "\u2013"  # an en dash
    return f"{100 * value:.{digits}f}%"


@register.filter
def kind_label(kind: str) -> str:
    """A slot kind in words ("ride_along" -> "Ride-along"); other words as they are."""
    if kind in SlotKind.values:
        return str(SlotKind(kind).label)
    return kind.replace("_", " ").capitalize()


# A mark per session status, so the grid and timeline do not tell them apart by colour only.
STATUS_MARKS = {"proposed": "?", "confirmed": "\u2713", "completed": "\u2605"}


@register.filter
def status_mark(status: str) -> str:
    return STATUS_MARKS.get(status, "")
