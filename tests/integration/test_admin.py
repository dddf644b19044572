"""Every model has working admin pages; the plan form refuses rules the optimizer refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from rotations.models import RotationPlan
from tests.factories import FeedbackFactory, SolveRunFactory, UnavailabilityFactory

pytestmark = pytest.mark.django_db

MODELS = (
    "site",
    "department",
    "employee",
    "hostingslot",
    "unavailability",
    "rotationplan",
    "solverun",
    "assignment",
    "feedback",
)


@pytest.mark.parametrize("model", MODELS)
def test_the_list_add_and_change_pages_render(admin_client, model):
    feedback = FeedbackFactory.create()
    SolveRunFactory.create(plan=feedback.assignment.plan)
    UnavailabilityFactory.create(employee=feedback.assignment.shadower)
    assert admin_client.get(reverse(f"admin:rotations_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:rotations_{model}_add")).status_code == 200
    instance = apps.get_model("rotations", model).objects.first()
    change = reverse(f"admin:rotations_{model}_change", args=[instance.pk])
    assert admin_client.get(change).status_code == 200


def test_a_plan_with_rules_the_optimizer_refuses_does_not_validate():
    plan = RotationPlan(
        name="Bad",
        period_start=dt.date(2027, 1, 4),
        period_end=dt.date(2027, 3, 28),
        timezone="Mars/Olympus",
        rules={"sessions_per_shadower": -2},
    )
    with pytest.raises(ValidationError) as caught:
        plan.full_clean()
    messages = " ".join(caught.value.messages)
    assert "Mars/Olympus" in messages
    assert "sessions_per_shadower" in messages


def test_the_health_check_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
