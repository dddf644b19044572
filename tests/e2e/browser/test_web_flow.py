"""The pages in a real browser: HR imports CSV files, solves with a live progress bar and
publishes; a rep confirms from a one-click link; an employee subscribes and gives feedback.

Solving goes through a real Celery worker on Redis (tests/workers.py), as in production.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from playwright.sync_api import Error as PlaywrightError

from rotations.links import assignment_action_path
from rotations.models import (
    Assignment,
    AssignmentStatus,
    Employee,
    Feedback,
    PlanStatus,
    RotationPlan,
    RunStatus,
)
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP, REP_GROUP
from rotations.services.plans import plan_create
from tests.e2e.browser.company import company_files
from tests.factories import AssignmentFactory, HostingSlotFactory, RotationPlanFactory
from tests.web.people import PASSWORD

pytestmark = [pytest.mark.slow]

SOLVE_S = 3
PHONE: ViewportSize = {"width": 390, "height": 844}


def _user(username: str, group: str, employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def _sign_in(context: BrowserContext, base: str, username: str) -> Page:
    """Signs in with the keyboard only: type, Tab, type, Enter."""
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()
    return page


def _upload(page: Page, kind: str, path: Path) -> None:
    page.get_by_label("What the file holds").select_option(kind)
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check file").click()
    # A good file is previewed first; the import happens on confirming.
    confirm = page.get_by_role("button", name="Import", exact=True)
    if page.locator("#import-preview").count():
        confirm.click()


# Form controls without an accessible name (label, aria-label or aria-labelledby) or, for
# buttons and links, without text.
_UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, a[href]')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby') && !el.textContent.trim())
  .map(el => el.outerHTML.slice(0, 120))"""


def _unlabelled(page: Page) -> list[str]:
    return list(page.evaluate(_UNLABELLED))


def _fits_phone_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.django_db(transaction=True)
def test_hr_rep_and_employee_flow(
    live_server: Any,
    celery_worker_process: Any,
    browser: Browser,
    screenshot,
    tmp_path: Path,
    settings,
) -> None:
    base = live_server.url
    settings.ROTATIONS_REPLAN_TIME_LIMIT_S = 2  # the re-plan a decline starts

    def step(page: Page, name: str) -> None:
        assert _unlabelled(page) == [], name
        screenshot(page, name)

    files = company_files(today=timezone.localdate())
    _user("hilda", HR_GROUP)

    # --- HR: import, with the error report first -------------------------------------------
    hr = browser.new_context()
    page = _sign_in(hr, base, "hilda")
    page.get_by_role("link", name="Import CSV").click()
    bad = tmp_path / "staff-bad.csv"
    bad.write_text(files.staff + "X1,Xavier,not-an-email,backroom,IT,Detroit,America/Detroit,,\n")
    _upload(page, "staff", bad)
    report = page.locator("#import-report")
    expect(report).to_contain_text("1 bad row(s), nothing was written")
    expect(report.get_by_role("row").filter(has_text="email")).to_contain_text("98")
    step(page, "hr-import-errors")
    assert not Employee.objects.exists()

    staff = tmp_path / "staff.csv"
    staff.write_text(files.staff)
    _upload(page, "staff", staff)
    expect(page.get_by_role("status")).to_contain_text("staff.csv: staff: 96 created")
    slots = tmp_path / "slots.csv"
    slots.write_text(files.slots)
    _upload(page, "slots", slots)
    expect(page.get_by_role("status")).to_contain_text("slots.csv: slots: 145 created")
    step(page, "hr-import-done")

    # Plans are created in the admin; here directly.
    plan = plan_create(
        name="Spring rotation",
        period_start=files.period_start,
        period_end=files.period_end,
        timezone_name=files.timezone,
        rules=files.rules,
    )

    # --- HR: solve, watching the progress bar ------------------------------------------------
    page.get_by_role("link", name="Plans").click()
    page.get_by_role("link", name="Spring rotation").click()
    page.get_by_label("Time limit (seconds)").fill(str(SOLVE_S))
    page.get_by_role("button", name="Solve", exact=True).click()
    bar = page.locator("#run-progress")
    expect(bar).to_be_visible()
    states: list[dict[str, Any]] = []
    while not (states and states[-1]["finished"]):
        with page.expect_response(lambda r: "/status/" in r.url, timeout=30_000) as answer:
            pass
        try:
            states.append(answer.value.json())
        except PlaywrightError:  # the last answer: the page reloaded to show the outcome
            break
        if len(states) == 2:
            expect(page.locator("#run-status")).to_have_text("Running")
            step(page, "hr-solving")
    running = [s["fraction"] for s in states if s["status"] == "running"]
    assert len(running) >= 2, states
    assert running == sorted(running), states
    assert running[-1] > running[0] > 0, states
    expect(page.locator("#latest-run-status")).to_have_text("Succeeded", timeout=15_000)
    expect(page.locator("#run")).to_have_count(0)
    step(page, "hr-solved")

    page.get_by_role("link", name="Week-by-host grid").click()
    monday = files.period_start - dt.timedelta(days=files.period_start.weekday())
    expect(
        page.get_by_role("columnheader", name=f"{monday:%a} {monday.day} {monday:%b}")
    ).to_be_visible()
    step(page, "hr-grid")
    page.get_by_role("link", name="Charts").click()
    expect(page.locator("svg[role=img]")).to_have_count(3)
    step(page, "hr-charts")
    page.get_by_role("link", name="Left out").click()
    step(page, "hr-left-out")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.locator("#published")).to_be_visible()
    step(page, "hr-published")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.runs.get().status == RunStatus.SUCCEEDED

    # A second solve, cancelled: the plan keeps what it had.
    before = set(plan.assignments.values_list("pk", "status"))
    page.get_by_label("Time limit (seconds)").fill("8")
    page.get_by_role("button", name="Solve", exact=True).click()
    # Cancel at once: queued or running, the run ends without touching the plan.
    page.get_by_role("button", name="Cancel the solve").click()
    expect(page.locator("#latest-run-status")).to_have_text("Cancelled", timeout=15_000)
    step(page, "hr-solve-cancelled")
    assert set(plan.assignments.values_list("pk", "status")) == before

    # --- Rep: confirm from the e-mail's one-click link ---------------------------------------
    # The earliest proposal of a host who has another one (which the rep declines below).
    proposals = list(
        Assignment.objects.filter(plan=plan, status=AssignmentStatus.PROPOSED)
        .select_related("shadower", "slot__host")
        .order_by("slot__start", "pk")
    )
    proposed, other = next(
        (a, b)
        for a in proposals
        for b in proposals
        if b.pk != a.pk and b.slot.host_id == a.slot.host_id
    )
    link = base + assignment_action_path(assignment=proposed, action="confirm")
    mail = browser.new_context(viewport=PHONE)  # opened from the phone, not signed in
    page = mail.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name=f"Confirm {proposed.shadower.name}?")).to_be_visible()
    step(page, "rep-link-question")
    proposed.refresh_from_db()
    assert proposed.status == AssignmentStatus.PROPOSED  # the GET changed nothing
    page.get_by_role("button", name=f"Confirm {proposed.shadower.name}").click()
    expect(page.locator("#link-result")).to_contain_text("Confirmed")
    step(page, "rep-link-confirmed")
    proposed.refresh_from_db()
    assert proposed.status == AssignmentStatus.CONFIRMED
    used = page.goto(link)
    assert used is not None and used.status == 410
    step(page, "rep-link-used")
    mail.close()

    # --- Rep: the hosting page; decline another session, with a reason ----------------------
    rep = proposed.slot.host
    _user("rita", REP_GROUP, rep)
    rep_phone = browser.new_context(viewport=PHONE)
    page = _sign_in(rep_phone, base, "rita")
    expect(page).to_have_url(f"{base}/hosting/")
    expect(page.locator(f"#assignment-{proposed.pk}")).to_contain_text("Confirmed")
    card = page.locator(f"#assignment-{other.pk}")
    card.get_by_text("Decline…").click()
    card.get_by_label("Why can't you host this session?").fill("Customer moved the visit")
    step(page, "rep-hosting-decline")
    card.get_by_role("button", name=f"Decline {other.shadower.name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Declined: {other.shadower.name}")
    assert _fits_phone_width(page)
    step(page, "rep-hosting-declined")
    other.refresh_from_db()
    assert (other.status, other.decline_reason) == ("declined", "Customer moved the visit")
    replan = plan.runs.get(kind="replan")
    assert f"declined {other.shadower.name}" in replan.reason
    rep_phone.close()

    # --- Employee: sessions, calendar link, feedback on last quarter's session ---------------
    shadower = proposed.shadower
    _user("sam", EMPLOYEE_GROUP, shadower)
    earlier = RotationPlanFactory.create(
        name="Autumn",
        period_start=timezone.localdate() - dt.timedelta(days=60),
        period_end=timezone.localdate() - dt.timedelta(days=1),
        status=PlanStatus.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=70),
    )
    AssignmentFactory.create(
        plan=earlier,
        shadower=shadower,
        status=AssignmentStatus.COMPLETED,
        slot=HostingSlotFactory.create(
            host=proposed.slot.host,
            start=timezone.now() - dt.timedelta(days=20),
            kind="sales_calls",
        ),
    )
    phone = browser.new_context(viewport=PHONE)
    page = _sign_in(phone, base, "sam")
    expect(page).to_have_url(f"{base}/sessions/")
    expect(page.get_by_text("What to expect:").first).to_be_visible()
    assert _fits_phone_width(page)
    step(page, "employee-sessions")

    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("button", name="Get my subscribe link").click()
    webcal = page.get_by_label("Outlook, Apple Calendar (webcal)")
    expect(webcal).to_have_value(re.compile(r"^webcal://"))
    first = webcal.input_value()
    expect(page.get_by_label('Google Calendar ("From URL") and others (https)')).to_have_value(
        re.compile(r"^https?://")
    )
    step(page, "employee-subscribe")
    page.reload()  # shown once: a reload neither shows the links again nor issues new ones
    expect(webcal).to_have_count(0)
    page.get_by_role("link", name="Reset link").click()
    page.get_by_role("button", name="Yes, reset the link").click()
    expect(webcal).not_to_have_value(first)
    assert _fits_phone_width(page)
    step(page, "employee-link-reset")

    page.get_by_role("link", name="My sessions").click()
    page.get_by_role("link", name="Give feedback on this session").click()
    page.get_by_label("5 (excellent)").check()
    page.get_by_label("What I learned").fill("How a quote turns into an order")
    page.get_by_label("What we should change").fill("Fewer calls, more time for questions")
    step(page, "employee-feedback-form")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your feedback.")
    step(page, "employee-feedback-sent")
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.rating) == (shadower, 5)
    phone.close()

    # --- HR: the feedback and participation reports ------------------------------------------
    page = hr.new_page()
    page.goto(f"{base}/feedback/")
    expect(page.get_by_role("rowheader", name=shadower.department.name, exact=True)).to_be_visible()
    expect(page.get_by_text("Fewer calls, more time for questions")).to_be_visible()
    step(page, "hr-feedback")
    page.get_by_role("link", name="Participation").click()
    expect(page.locator("#participation")).to_contain_text(shadower.department.name)
    step(page, "hr-participation")
    hr.close()
    assert RotationPlan.objects.count() == 2
