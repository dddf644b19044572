"""The program in a real browser: an employee states a wish, HR plans the next period and
solves it (real Celery worker), the wish is met; the employee leaves an idea after an
earlier session, HR accepts it, and the program page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from program.models import Idea
from rotations.models import Assignment, Employee, RotationPlan
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
)
from tests.web.people import PASSWORD

pytestmark = [pytest.mark.slow]


def _user(username: str, group: str, employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def _sign_in(context: BrowserContext, base: str, username: str) -> Page:
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()
    return page


@pytest.mark.django_db(transaction=True)
def test_a_wish_is_met_in_the_next_plan_and_an_idea_is_accepted(
    live_server: Any, celery_worker_process: Any, browser: Browser, screenshot: Any
) -> None:
    base = live_server.url
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    last = RotationPlanFactory.create(
        name="Last period",
        period_start=today - dt.timedelta(days=60),
        period_end=today,
        rules={"sessions_per_shadower": 1},
        status="published",
        published_at=now - dt.timedelta(days=61),
    )
    DepartmentFactory.create(name="Billing")
    ann = RepFactory.create(employee_id="R-ANN", name="Ann Rep")
    bob = RepFactory.create(employee_id="R-BOB", name="Bob Rep")
    sam = EmployeeFactory.create(employee_id="E-SAM", name="Sam Shadow")
    AssignmentFactory.create(
        plan=last,
        shadower=sam,
        slot=HostingSlotFactory.create(host=bob, start=now - dt.timedelta(days=5)),
        status="completed",
    )
    # Next period: Ann and Bob offer a seat at the same time. Novelty favours Ann (Sam met
    # Bob before); Sam's wish to meet Bob again weighs more.
    start = dt.datetime.combine(
        today + dt.timedelta(days=8), dt.time(10), tzinfo=now.astimezone().tzinfo
    )
    wanted = HostingSlotFactory.create(host=bob, start=start, capacity=1)
    HostingSlotFactory.create(host=ann, start=start, capacity=1)
    _user("hilda", HR_GROUP)
    _user("sam", EMPLOYEE_GROUP, sam)

    # --- the employee states a wish --------------------------------------------------------
    page = _sign_in(browser.new_context(), base, "sam")
    page.get_by_role("link", name="My program").click()
    page.get_by_label("About").select_option("host")
    page.get_by_label("Which one").fill("R-BOB")
    page.get_by_label("How much").select_option("3")
    page.get_by_role("button", name="Add wish").click()
    expect(page.locator("#wishes")).to_contain_text("Very much: rep Bob Rep")
    screenshot(page, "employee-wish")

    # --- HR plans the next period and solves it ---------------------------------------------
    hr = _sign_in(browser.new_context(), base, "hilda")
    hr.get_by_role("link", name="Program", exact=True).click()
    expect(hr.locator("#due")).to_contain_text("Sam Shadow")
    hr.get_by_role("button", name="Plan next period").click()
    plan = RotationPlan.objects.get(name__startswith="Program")
    hr.get_by_label("Time limit (seconds)").fill("2")
    hr.get_by_role("button", name="Solve", exact=True).click()
    expect(hr.locator("#latest-run-status")).to_have_text("Succeeded", timeout=60_000)
    screenshot(hr, "hr-solved")
    assert list(Assignment.objects.filter(plan=plan).values_list("slot_id", flat=True)) == [
        wanted.pk
    ]
    hr.get_by_role("link", name="Program", exact=True).click()
    expect(hr.locator("#wishes-met")).to_contain_text(f"{plan.name}: 1 of 1 wishes met")

    # --- after the earlier session the employee leaves an idea ------------------------------
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My sessions").click()
    page.get_by_role("link", name="One thing we could do better?").click()
    page.get_by_label("One thing we could do better").fill("Show stock on quotes")
    page.get_by_label("Area").select_option("billing")
    page.get_by_role("button", name="Send idea").click()
    expect(page.locator("#my-ideas")).to_contain_text("Show stock on quotes \u2013 New")
    screenshot(page, "employee-idea")

    # --- HR accepts it; the program page shows it -------------------------------------------
    idea = Idea.objects.get()
    hr.reload()
    item = hr.locator(f"#idea-{idea.pk}")
    item.get_by_label("Status").select_option("accepted")
    item.get_by_label("Owner department").select_option(label="Billing")
    item.get_by_role("button", name="Save").click()
    expect(hr.get_by_role("status")).to_contain_text("Idea updated.")
    expect(hr.locator("#idea-tally")).to_contain_text("Billing")
    expect(hr.locator(f"#idea-{idea.pk}")).to_contain_text("Accepted, Billing")
    screenshot(hr, "hr-program")
