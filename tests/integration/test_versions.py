"""Every state change bumps the version, whether it came through a page or the API, so an
If-Match (or a page's hidden version) read before it is stale after it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from rotations.models import Assignment, PlanStatus, RotationPlan
from tests.factories import AssignmentFactory, HostingSlotFactory, RepFactory, local
from tests.integration.company import small_company
from tests.web.people import hr_make, rep_make


def _page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _solved(plan: RotationPlan) -> RotationPlan:
    plan.status = PlanStatus.SOLVED
    plan.save(update_fields=["status"])
    return plan


PLAN_ACTIONS: dict[str, Callable[[User, RotationPlan], Any]] = {
    "publish (page)": lambda hr, plan: _page(hr).post(
        f"/plans/{_solved(plan).pk}/publish/", {"version": plan.version, "confirm": "on"}
    ),
    "publish (api)": lambda hr, plan: _api(hr).post(
        f"/api/v1/plans/{_solved(plan).pk}/publish/", {"confirm": True}, format="json"
    ),
    "edit (page)": lambda hr, plan: _page(hr).post(
        f"/plans/{plan.pk}/edit/",
        {
            "name": "Renamed",
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "timezone": plan.timezone,
            "rules": json.dumps(plan.rules),
            "weights": "",
            "version": plan.version,
        },
    ),
    "edit (api)": lambda hr, plan: _api(hr).patch(
        f"/api/v1/plans/{plan.pk}/",
        {"name": "Renamed"},
        format="json",
        HTTP_IF_MATCH=f'"{plan.version}"',
    ),
}


@pytest.mark.parametrize("action", PLAN_ACTIONS)
def test_each_plan_action_raises_the_plan_version(db: None, action: str):
    company = small_company(shadowers=2, weeks=1)
    before = company.plan.version
    response = PLAN_ACTIONS[action](hr_make(), company.plan)
    assert response.status_code in (200, 302), response.content[:300]
    company.plan.refresh_from_db()
    assert company.plan.version == before + 1


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_solve_raises_the_plan_version_and_stales_an_old_if_match(
    db: None, door: str, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=2, weeks=1)
    hr = hr_make()
    before = company.plan.version
    with django_capture_on_commit_callbacks(execute=True):
        if door == "page":
            _page(hr).post(f"/plans/{company.plan.pk}/solve/", {"time_limit_s": 2})
        else:
            _api(hr).post(
                f"/api/v1/plans/{company.plan.pk}/solve/",
                {"time_limit_s": 2, "workers": 1},
                format="json",
            )
    company.plan.refresh_from_db()
    assert company.plan.status == PlanStatus.SOLVED
    assert company.plan.version > before
    stale = _api(hr).post(f"/api/v1/plans/{company.plan.pk}/publish/", HTTP_IF_MATCH=f'"{before}"')
    assert stale.status_code == 412


def _published_session() -> tuple[Assignment, User]:
    host = RepFactory.create()
    session = AssignmentFactory.create(
        slot=HostingSlotFactory.create(host=host, start=local(2027, 1, 12, 9)),
        plan__status=PlanStatus.PUBLISHED,
        plan__published_at=timezone.now(),
    )
    return session, rep_make(host)


SESSION_ACTIONS: dict[str, Callable[[User, Assignment], Any]] = {
    "confirm (page)": lambda rep, a: _page(rep).post(
        f"/hosting/{a.pk}/confirm/", {"version": a.version}
    ),
    "confirm (api)": lambda rep, a: _api(rep).post(f"/api/v1/assignments/{a.pk}/confirm/"),
    "decline (page)": lambda rep, a: _page(rep).post(
        f"/hosting/{a.pk}/decline/", {"version": a.version, "reason": "away"}
    ),
    "decline (api)": lambda rep, a: _api(rep).post(
        f"/api/v1/assignments/{a.pk}/decline/", {"reason": "away"}, format="json"
    ),
    "pin (api)": lambda rep, a: _api(hr_make()).patch(
        f"/api/v1/assignments/{a.pk}/",
        {"pinned": True},
        format="json",
        HTTP_IF_MATCH=f'"{a.version}"',
    ),
}


@pytest.mark.parametrize("action", SESSION_ACTIONS)
def test_each_session_action_raises_the_session_version(db: None, action: str):
    session, rep = _published_session()
    before = session.version
    response = SESSION_ACTIONS[action](rep, session)
    assert response.status_code in (200, 302), response.content[:300]
    session.refresh_from_db()
    assert session.version == before + 1
