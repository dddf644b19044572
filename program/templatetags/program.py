"""Template tags of the program, for pages of other apps (the plan page)."""

from __future__ import annotations

from django import template

from program.ledger import WishesMet, plan_wishes_met
from rotations.models import RotationPlan

register = template.Library()


@register.simple_tag
def wishes_met(plan: RotationPlan) -> WishesMet:
    """How many of the plan's shadowers' wishes its assignments meet."""
    return plan_wishes_met(plan=plan)
