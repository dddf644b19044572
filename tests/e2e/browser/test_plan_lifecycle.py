"""The plan lifecycle in a real browser, with a real Celery worker: HR creates a plan in the
pages (a bad rule shows the parser's message), solves, reviews the changes and publishes;
imports a sick day that hits a session, sees the conflict, repairs it; the shadower's feed
and invitations show the change."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, Page, expect

from calendars.models import CalendarEvent
from calendars.tokens import feed_token_issue
from calendars.uids import session_uid
from rotations.models import Assignment, AssignmentStatus, PlanStatus, RotationPlan
from rotations.roles import HR_GROUP
from tests.e2e.test_solve_jobs import wait_for
from tests.integration.company import small_company
from tests.web.people import PASSWORD

pytestmark = [pytest.mark.slow]


def _until(check: Any, timeout: float = 60.0) -> Any:
    """Poll `check` (the worker writes in its own time) until it answers something true."""
    return wait_for(check, timeout_s=timeout, what="the worker's writes")


def _sign_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()
    return page


def _fill_plan(page: Page, rules: str) -> None:
    page.get_by_label("Name").fill("Lifecycle")
    page.get_by_label("First day").fill("2027-01-04")
    page.get_by_label("Last day").fill("2027-01-17")
    page.get_by_label("Time zone").fill("America/Detroit")
    page.get_by_label("Rules").fill(rules)
    page.get_by_role("button", name="Create the plan").click()


@pytest.mark.django_db(transaction=True)
def test_hr_creates_reviews_publishes_and_repairs_a_plan(
    live_server: Any, celery_worker_process: Any, browser: Browser, screenshot, tmp_path: Path
) -> None:
    base = live_server.url
    company = small_company(shadowers=2, weeks=2)
    company.plan.delete()  # HR makes the plan in the pages
    user = User.objects.create_user(username="hilda", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])

    page = _sign_in(browser, base, "hilda")
    page.get_by_role("link", name="Plans").first.click()
    page.get_by_role("link", name="Create the first plan").click()
    _fill_plan(page, '{"sessions_per_shadower": -1}')
    expect(page.locator(".has-error")).to_contain_text("sessions_per_shadower must be at least 0")
    screenshot(page, "bad-rule")
    _fill_plan(page, '{"sessions_per_shadower": 2, "min_days_between_sessions": 7}')
    expect(page.get_by_role("heading", name="Lifecycle")).to_be_visible()
    plan = RotationPlan.objects.get(name="Lifecycle")

    page.get_by_label("Time limit (seconds)").fill("2")
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.locator("#latest-run-status")).to_have_text("Succeeded", timeout=60_000)
    expect(page.locator("#review-totals")).to_contain_text("after publishing: 4")
    expect(page.locator("#review-people")).to_contain_text(company.shadowers[0].name)
    screenshot(page, "review")
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.locator("#published")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED

    # The sick day: the first session of E1 (invited by now).
    sick = company.shadowers[0]
    hit = (
        Assignment.objects.filter(plan=plan, shadower=sick)
        .select_related("slot")
        .order_by("slot__start")
        .first()
    )
    assert hit is not None
    uid = session_uid(plan_id=plan.pk, slot_id=hit.slot_id, shadower_id=sick.pk)
    _until(lambda: CalendarEvent.objects.filter(uid=uid, sent_method="REQUEST").exists())
    day = hit.slot.start.astimezone(zoneinfo.ZoneInfo(plan.timezone)).date()
    away = tmp_path / "away.csv"
    away.write_text(f"employee_id,start,end,reason\n{sick.employee_id},{day},{day},Sick\n")
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("What the file holds").select_option("unavailability")
    page.get_by_label("CSV file").set_input_files(str(away))
    page.get_by_role("button", name="Check file").click()  # a preview first, then the import
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 created")

    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.locator("#conflicts-heading")).to_have_text("1 conflict")
    expect(page.locator("#conflicts")).to_contain_text("availability")
    screenshot(page, "conflict")
    page.get_by_role("button", name="Repair").click()

    def repaired() -> bool:
        page.goto(f"{base}/plans/{plan.pk}/")
        return page.locator("#conflicts-heading").inner_text() == "0 conflicts" and not (
            page.locator("#run").count()
        )

    _until(repaired)
    screenshot(page, "repaired")
    hit.refresh_from_db()
    assert hit.status == AssignmentStatus.CANCELLED
    assert _until(
        lambda: (
            Assignment.objects.filter(
                plan=plan, shadower=sick, status=AssignmentStatus.PROPOSED
            ).count()
            == 2
        )
    )

    # The shadower hears of it: an iTIP CANCEL went out, and the feed says so.
    _until(lambda: CalendarEvent.objects.filter(uid=uid, sent_method="CANCEL").exists())
    feed = page.request.get(f"{base}/cal/{feed_token_issue(employee=sick)}.ics").text()
    assert uid not in feed or "STATUS:CANCELLED" in feed.split(uid, 1)[1].split("END:VEVENT")[0]
