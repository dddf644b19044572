"""What the program adds to a plan's problem document: shadowers' wishes as contract v1.1
`preferences`; reps' `hosted` counts (the host ledger) when the plan sets
`weights.ledger`; and, for a plan drafted by "plan next period", only its participants as
shadowers (everyone else gets `sessions_required: 0`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from rotations.models import PINNED_STATUSES, Assignment, Role, RotationPlan
from rotations.selectors.plans import plan_window
from rotations.selectors.problem import problem_built


def plan_preferences(*, plan: RotationPlan) -> list[dict[str, Any]]:
    """Active backroom people's wishes, as `preferences` entries (wishes about an inactive
    or former rep are left out: the contract wants a rep's id)."""
    from program.models import Wish

    wishes = Wish.objects.filter(employee__role=Role.BACKROOM, employee__active=True)
    return [
        w.as_preference()
        for w in wishes.select_related("employee", "host").order_by("pk")
        if w.host is None or w.host.role == Role.REP
    ]


def hosted_before(*, plan: RotationPlan, days: int = 365) -> dict[str, int]:
    """Rep employee_id -> shadower-sessions they hosted (confirmed or completed, any plan)
    in the `days` before the plan starts: the host ledger the solver spreads load with."""
    start, _ = plan_window(plan=plan)
    rows = (
        Assignment.objects.filter(
            status__in=PINNED_STATUSES,
            slot__start__gte=start - dt.timedelta(days=days),
            slot__start__lt=start,
        )
        .values("slot__host__employee_id")
        .annotate(n=Count("id"))
    )
    return {row["slot__host__employee_id"]: row["n"] for row in rows}


def extend_problem(*, plan: RotationPlan, doc: dict[str, Any]) -> None:
    from program.models import DraftScope

    preferences = plan_preferences(plan=plan)
    if preferences:
        doc["version"] = 1.1
        doc["preferences"] = preferences
    if plan.weights.get("ledger"):
        hosted = hosted_before(plan=plan)
        for person in doc["people"]:
            if person["role"] == Role.REP and hosted.get(person["id"]):
                person["hosted"] = hosted[person["id"]]
    scope = DraftScope.objects.filter(plan=plan).first()
    if scope is not None:
        taking_part = set(scope.participants.values_list("employee_id", flat=True))
        for person in doc["people"]:
            if person["role"] == Role.BACKROOM and person["id"] not in taking_part:
                person["sessions_required"] = 0


def _on_problem_built(sender: Any, *, plan: RotationPlan, doc: dict[str, Any], **_: Any) -> None:
    extend_problem(plan=plan, doc=doc)


def connect() -> None:
    problem_built.connect(_on_problem_built, dispatch_uid="program.extend_problem")
