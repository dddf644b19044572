"""The plan lifecycle in the pages and the API: HR creates and edits a plan (the parser's
message next to the field), duplicates it, reviews what publishing changes with warnings,
publishes a revision, sees conflicts after the data changes and repairs them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from optimizer import Pair, Solution
from rotations.models import (
    Assignment,
    AssignmentStatus,
    Department,
    PlanStatus,
    RotationPlan,
    RunStatus,
)
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.factories import SolveRunFactory, UnavailabilityFactory, local
from tests.integration.company import Company, small_company
from tests.web.people import hr_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr() -> Client:
    client = Client()
    client.force_login(hr_make())
    return client


def _solution(*pairs: tuple[str, int]) -> Solution:
    return Solution(
        status="FEASIBLE",
        objective=0,
        assignments=tuple(Pair(shadower, str(slot)) for shadower, slot in pairs),
    )


def _published(company: Company, *pairs: tuple[str, int]) -> RotationPlan:
    plan_apply_solution(plan=company.plan, solution=_solution(*pairs))
    return plan_publish(plan=company.plan)


NEW = {
    "name": "Spring",
    "period_start": "2027-04-05",
    "period_end": "2027-04-30",
    "timezone": "America/Detroit",
    "rules": '{"sessions_per_shadower": 2, "min_days_between_sessions": 7}',
    "weights": "",
}


def test_the_empty_plans_page_leads_hr_to_the_editor_not_the_admin(hr: Client):
    page = hr.get("/plans/").content.decode()
    assert 'href="/plans/new/"' in page
    assert "/admin/" not in page


def test_hr_creates_a_plan_in_the_pages(hr: Client):
    response = hr.post("/plans/new/", NEW)
    plan = RotationPlan.objects.get(name="Spring")
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert (plan.period_start, plan.timezone, plan.status) == (
        dt.date(2027, 4, 5),
        "America/Detroit",
        PlanStatus.DRAFT,
    )
    assert plan.rules["min_days_between_sessions"] == 7


def test_a_bad_rule_shows_the_parsers_message_next_to_the_rules(hr: Client):
    response = hr.post("/plans/new/", {**NEW, "rules": '{"sessions_per_shadower": -1}'})
    assert response.status_code == 400
    page = response.content.decode()
    rules = page[page.index('for="id_rules"') : page.index('for="id_weights"')]
    assert "sessions_per_shadower must be at least 0, got -1" in rules
    assert not RotationPlan.objects.filter(name="Spring").exists()


def test_hr_edits_rules_and_max_away_and_the_version_rises(hr: Client):
    company = small_company(shadowers=2, weeks=1)
    plan = company.plan
    cad = Department.objects.get(name="CAD")
    form = {
        **NEW,
        "name": plan.name,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "rules": '{"sessions_per_shadower": 1}',
        "version": plan.version,
        f"max_away_{cad.pk}": "1",
    }
    assert hr.post(f"/plans/{plan.pk}/edit/", form).status_code == 302
    plan.refresh_from_db()
    cad.refresh_from_db()
    assert (plan.rules, plan.version, cad.max_away) == ({"sessions_per_shadower": 1}, 2, 1)
    stale = hr.post(f"/plans/{plan.pk}/edit/", form)
    assert "changed since you opened it" in stale.content.decode()


def test_a_plan_is_duplicated_for_the_next_period(hr: Client):
    company = small_company(shadowers=2, weeks=2)
    response = hr.post(f"/plans/{company.plan.pk}/duplicate/")
    copy = RotationPlan.objects.get(name="Winter (next)")
    assert response["Location"] == f"/plans/{copy.pk}/edit/"
    assert (copy.period_start, copy.period_end) == (dt.date(2027, 1, 18), dt.date(2027, 1, 31))
    assert copy.rules == company.plan.rules and copy.status == PlanStatus.DRAFT
    api = APIClient()
    api.force_authenticate(hr_make("hr2"))
    again = api.post(f"/api/v1/plans/{copy.pk}/duplicate/")
    assert again.status_code == 201 and again.json()["period_start"] == "2027-02-01"


def test_publishing_nothing_placed_is_warned_about(hr: Client):
    company = small_company(shadowers=2, weeks=1)
    RotationPlan.objects.filter(pk=company.plan.pk).update(status=PlanStatus.SOLVED)
    page = hr.get(f"/plans/{company.plan.pk}/").content.decode()
    assert "Nothing is placed: 0 of 4 sessions." in page
    assert 'id="publish-confirm"' in page


def test_a_re_solve_of_a_published_plan_is_reviewed_then_published(hr: Client):
    company = small_company(shadowers=3, weeks=2)
    s = [slot.pk for slot in company.slots]
    plan = _published(company, ("E1", s[0]), ("E2", s[1]), ("E3", s[2]))
    plan_apply_solution(plan=plan, solution=_solution(("E1", s[0]), ("E2", s[7])))
    plan.refresh_from_db()
    api = APIClient()
    api.force_authenticate(hr_make("hr2"))
    review = api.get(f"/api/v1/plans/{plan.pk}/review/").json()
    totals = review["totals"]
    assert (totals["added"], totals["moved"], totals["cancelled"]) == (0, 1, 1)
    assert (totals["placed_now"], totals["placed_next"]) == (3, 2)
    assert any("lower than the published plan" in w for w in review["warnings"])
    left_out = [w for w in review["warnings"] if w.startswith("Newly left out")]
    assert len(left_out) == 1 and "Backroom Person" in left_out[0]
    page = hr.get(f"/plans/{plan.pk}/").content.decode()
    assert "Revision to review" in page and 'id="review-people"' in page

    hr.post(f"/plans/{plan.pk}/publish/", {"version": plan.version, "confirm": "on"})
    live = Assignment.objects.filter(plan=plan, status=AssignmentStatus.PROPOSED)
    assert sorted(live.values_list("shadower__employee_id", "slot_id")) == [
        ("E1", s[0]),
        ("E2", s[7]),
    ]
    assert "Revision to review" not in hr.get(f"/plans/{plan.pk}/").content.decode()


def test_a_sick_day_on_a_session_is_a_conflict_that_repair_fixes(
    hr: Client, django_capture_on_commit_callbacks
):
    company = small_company(shadowers=2, weeks=2)
    first, later = company.slots[0], company.slots[7]
    plan = _published(company, ("E1", first.pk), ("E2", later.pk))
    sick = company.shadowers[0]
    UnavailabilityFactory.create(
        employee=sick, start=local(2027, 1, 5, 0), end=local(2027, 1, 6, 0), reason="Sick"
    )
    page = hr.get(f"/plans/{plan.pk}/").content.decode()
    assert "1 conflict<" in page and "availability" in page
    api = APIClient()
    api.force_authenticate(hr_make("hr2"))
    conflicts = api.get(f"/api/v1/plans/{plan.pk}/review/").json()["conflicts"]
    assert [(c["session"]["shadower"], c["rule"]) for c in conflicts] == [("E1", "availability")]

    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/plans/{plan.pk}/repair/", {"version": plan.version})
    run = plan.runs.get()
    assert (run.kind, run.status) == ("replan", RunStatus.SUCCEEDED)
    hit = Assignment.objects.get(plan=plan, shadower=sick, slot=first)
    assert hit.status == AssignmentStatus.CANCELLED
    assert "0 conflicts" in hr.get(f"/plans/{plan.pk}/").content.decode()
    # The minimal change: E2's session stays, E1 gets another one.
    assert Assignment.objects.get(plan=plan, slot=later).status == AssignmentStatus.PROPOSED
    assert Assignment.objects.filter(
        plan=plan, shadower=sick, status=AssignmentStatus.PROPOSED
    ).exists()


def test_the_overview_counts_answers_and_shows_the_run_in_place(hr: Client):
    company = small_company(shadowers=3, weeks=2)
    s = [slot.pk for slot in company.slots]
    plan = _published(company, ("E1", s[0]), ("E2", s[1]), ("E3", s[2]))
    rows = Assignment.objects.filter(plan=plan).order_by("pk")
    rows.filter(pk=rows[0].pk).update(status=AssignmentStatus.CONFIRMED)
    rows.filter(pk=rows[1].pk).update(
        status=AssignmentStatus.DECLINED, decline_reason="Trade show that week"
    )
    good = SolveRunFactory.create(plan=plan, status=RunStatus.SUCCEEDED, objective=4321)
    SolveRunFactory.create(plan=plan, status=RunStatus.FAILED, error="solver crashed")
    good.finished_at = good.started_at = timezone.now()
    good.save()
    page = hr.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="answers-confirmed">1<' in page
    assert 'id="answers-proposed">1<' in page
    assert 'id="answers-declined">1<' in page
    assert "Trade show that week" in page
    latest = page[page.index('id="latest-heading"') :]
    assert "4321" in latest[: latest.index("</section>")]
    assert "solver crashed" in page[page.index('id="later-runs"') :]


def test_duplicating_a_plan_with_a_long_name_or_at_the_end_of_time_is_refused_politely():
    api = APIClient()
    api.force_authenticate(hr_make())
    long = RotationPlan.objects.create(
        name="N" * 100, period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
    )
    copy = api.post(f"/api/v1/plans/{long.pk}/duplicate/")
    assert copy.status_code == 201 and copy.json()["name"] == "N" * 93 + " (next)"
    assert api.post(f"/api/v1/plans/{long.pk}/duplicate/").status_code == 409
    last = RotationPlan.objects.create(
        name="Last", period_start=dt.date(9999, 12, 1), period_end=dt.date(9999, 12, 31)
    )
    late = api.post(f"/api/v1/plans/{last.pk}/duplicate/")
    assert late.status_code == 400 and late.json()["errors"][0]["field"] == "period_end"
