"""axe-core (axe-playwright-python) on every page, as each role, at desktop and phone widths:
any violation fails, and so does a page wider than the screen. Screenshots of the grid, a
timeline and the charts at both widths go to artifacts/e2e/<test>/. The data: the demo
company (250 shadowers, 40 reps), its plan solved for 2 s and published."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Browser, Page, ViewportSize, expect

from rotations.models import (
    Assignment,
    AssignmentStatus,
    Employee,
    PlanStatus,
    Role,
    RotationPlan,
)
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP, REP_GROUP
from rotations.services.plans import plan_publish
from tests.commands import run_command
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    UnavailabilityFactory,
)
from tests.web.people import PASSWORD

pytestmark = [pytest.mark.slow]

WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}
AXE = Axe()


def _user(username: str, group: str, employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def _violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -- "
        + "; ".join(str(n.get("target")) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    seeded = run_command("seed_demo")
    assert seeded.error is None, seeded.failure
    solved = run_command("solve_plan", "Winter 2027", "--time-limit", "2", "--workers", "2")
    assert solved.error is None, solved.failure
    plan = RotationPlan.objects.get(name="Winter 2027")
    plan_publish(plan=plan)
    past = RotationPlan.objects.filter(status=PlanStatus.ARCHIVED).latest("period_end")
    session = (
        Assignment.objects.filter(plan=plan, status=AssignmentStatus.PROPOSED)
        .select_related("shadower", "slot__host")
        .order_by("slot__start", "pk")
        .first()
    )
    assert session is not None
    done = Assignment.objects.filter(plan=past, status=AssignmentStatus.COMPLETED).first()
    assert done is not None
    rep = session.slot.host
    shadower = done.shadower
    _user("hilda", HR_GROUP)
    _user("rita", REP_GROUP, rep)
    _user("sam", EMPLOYEE_GROUP, shadower)
    host = Employee.objects.filter(role=Role.REP).exclude(pk=rep.pk).first()
    assert host is not None
    return {
        "plan": plan,
        "past": past,
        "session": session,
        "done": done,
        "shadower": shadower,
        "host": host,
    }


@pytest.mark.django_db(transaction=True)
def test_every_page_has_no_axe_violation_for_each_role_at_desktop_and_phone_widths(
    live_server: Any,
    browser: Browser,
    screenshot: Callable[[Page, str], Path],
    demo: dict[str, Any],
    tmp_path: Path,
) -> None:
    base = live_server.url
    plan, past = demo["plan"], demo["past"]
    shadower = demo["shadower"]
    bad = tmp_path / "staff-bad.csv"
    bad.write_text("employee_id,name,email,role,department,site,timezone\nX1,,x@,boss,,,Mars\n")
    good = tmp_path / "staff-good.csv"
    good.write_text(
        "employee_id,name,email,role,department,site,timezone\n"
        'X2,"Smith, Jr.",x2@example.com,backroom,Audit,Lab,America/Detroit\n'
    )
    failures: dict[str, list[str]] = {}

    def audit(page: Page, name: str, *, shot: bool = False) -> None:
        found = _violations(page)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:  # only the tables' own scroll containers may scroll sideways
            found.append(f"the page is {wide} px wider than the screen")
        if found:
            failures[name] = found
        if shot:
            screenshot(page, name)

    visited = 0
    for width_name, viewport in WIDTHS.items():
        # --- HR ---------------------------------------------------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "hilda")
        hr_pages = [
            ("plans", "/plans/"),
            ("plan", f"/plans/{plan.pk}/"),
            ("grid", f"/plans/{plan.pk}/grid/"),
            ("grid-filtered", f"/plans/{plan.pk}/grid/?person={shadower.employee_id}"),
            ("grid-page-2", f"/plans/{plan.pk}/grid/?page=2"),
            ("charts", f"/plans/{plan.pk}/charts/"),
            ("left-out", f"/plans/{plan.pk}/left-out/"),
            ("timeline", f"/plans/{plan.pk}/people/{demo['session'].shadower_id}/"),
            ("timeline-host", f"/plans/{plan.pk}/people/{demo['host'].pk}/"),
            ("past-grid", f"/plans/{past.pk}/grid/"),
            ("plan-calendar", f"/plans/{plan.pk}/calendar/"),
            ("imports", "/imports/"),
            ("participation", "/participation/"),
            ("feedback", "/feedback/"),
            ("feedback-page-2", "/feedback/?page=2"),
        ]
        for name, path in hr_pages:
            page.goto(f"{base}{path}")
            audit(
                page,
                f"hr-{name}-{width_name}",
                shot=name in ("grid", "timeline", "charts", "left-out"),
            )
            visited += 1
        page.goto(f"{base}/plans/{plan.pk}/left-out/")
        place = page.get_by_role("button", name="Place by hand")
        if place.count():  # the demo's left out are away the whole plan: nothing fits them
            place.first.click()
            expect(page.locator(".messages li")).to_have_count(1)
            audit(page, f"hr-left-out-placed-{width_name}")
        page.goto(f"{base}/plans/{plan.pk}/calendar/")
        if page.get_by_role("link", name="Reset link").count():
            page.get_by_role("link", name="Reset link").click()
            audit(page, f"hr-plan-calendar-confirm-{width_name}")
            page.get_by_role("button", name="Yes, reset the link").click()
        else:
            page.get_by_role("button", name="Get the plan's subscribe link").click()
        expect(page.locator("#https-url")).to_be_visible()
        audit(page, f"hr-plan-calendar-links-{width_name}")
        page.goto(f"{base}/imports/")
        page.get_by_label("What the file holds").select_option("staff")
        page.get_by_label("CSV file").set_input_files(str(bad))
        page.get_by_role("button", name="Check file").click()
        expect(page.locator("#report-heading")).to_be_focused()
        audit(page, f"hr-import-errors-{width_name}")
        page.get_by_label("What the file holds").select_option("staff")
        page.get_by_label("CSV file").set_input_files(str(good))
        page.get_by_role("button", name="Check file").click()
        expect(page.locator("#import-preview")).to_be_visible()
        audit(page, f"hr-import-preview-{width_name}")
        context.close()

        # --- Rep --------------------------------------------------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "rita")
        for name, path in [
            ("hosting", "/hosting/"),
            ("slot", f"/slots/{demo['session'].slot_id}/"),
            ("sessions", "/sessions/"),
            ("calendar", "/calendar/"),
        ]:
            page.goto(f"{base}{path}")
            audit(page, f"rep-{name}-{width_name}")
            visited += 1
        context.close()

        # --- Employee ---------------------------------------------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "sam")
        for name, path in [
            ("sessions", "/sessions/"),
            ("assignment", f"/assignments/{demo['done'].pk}/"),
            ("feedback-form", f"/assignments/{demo['done'].pk}/feedback/"),
            ("calendar", "/calendar/"),
        ]:
            page.goto(f"{base}{path}")
            audit(page, f"employee-{name}-{width_name}")
            visited += 1
        page.goto(f"{base}/calendar/")
        if page.get_by_role("link", name="Reset link").count():
            page.get_by_role("link", name="Reset link").click()
            audit(page, f"employee-calendar-confirm-{width_name}")
            page.get_by_role("button", name="Yes, reset the link").click()
        else:
            page.get_by_role("button", name="Get my subscribe link").click()
        expect(page.locator("#https-url")).to_be_visible()
        audit(page, f"employee-calendar-links-{width_name}")
        context.close()

        # --- Signed out -------------------------------------------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{base}/login/")
        audit(page, f"login-{width_name}")
        context.close()

    # Small pictures for the README (docs/): the top of the grid and of a timeline.
    context = browser.new_context(viewport={"width": 1100, "height": 620})
    page = context.new_page()
    _sign_in(page, base, "hilda")
    folder = screenshot(page, "signed-in").parent
    for name, path in (
        ("grid", f"/plans/{plan.pk}/grid/"),
        ("timeline", f"/plans/{plan.pk}/people/{demo['session'].shadower_id}/"),
    ):
        page.goto(f"{base}{path}")
        page.screenshot(path=str(folder / f"readme-{name}.png"))
    context.close()

    assert visited == 2 * 23
    assert failures == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in failures.items()
    )


@pytest.fixture
def wave(db: None) -> dict[str, Any]:
    """Small data for the pages this wave added: a published plan whose rep has shadowers
    awaiting an answer ("Confirm all") and whose shadower has a session behind them (an
    idea); a solved plan under review with a session in conflict (time away) and warnings."""
    now = timezone.now().replace(microsecond=0)
    rita = RepFactory.create(name="Rita Rep", email="rita@example.com")
    sam = EmployeeFactory.create(name="Sam Shadow", email="sam@example.com")
    tom = EmployeeFactory.create(name="Tom Trainee")
    spring = RotationPlanFactory.create(
        name="Spring",
        period_start=(now - dt.timedelta(days=30)).date(),
        period_end=(now + dt.timedelta(days=60)).date(),
        status=PlanStatus.PUBLISHED,
        published_at=now - dt.timedelta(days=20),
    )
    for shadower, days in ((sam, 7), (tom, 14)):
        slot = HostingSlotFactory.create(host=rita, start=now + dt.timedelta(days=days))
        AssignmentFactory.create(plan=spring, shadower=shadower, slot=slot)
    done = AssignmentFactory.create(
        plan=spring,
        shadower=sam,
        slot=HostingSlotFactory.create(host=rita, start=now - dt.timedelta(days=7)),
        status=AssignmentStatus.COMPLETED,
    )
    review = RotationPlanFactory.create(
        name="Summer",
        period_start=now.date(),
        period_end=(now + dt.timedelta(days=60)).date(),
        status=PlanStatus.SOLVED,
    )
    clash = HostingSlotFactory.create(host=rita, start=now + dt.timedelta(days=21))
    AssignmentFactory.create(plan=review, shadower=tom, slot=clash)
    UnavailabilityFactory.create(
        employee=tom, start=clash.start - dt.timedelta(days=1), end=clash.end
    )
    _user("hilda", HR_GROUP)
    rita_user = _user("rita", REP_GROUP, rita)
    rita_user.email = rita.email
    rita_user.save()
    _user("sam", EMPLOYEE_GROUP, sam)
    return {"spring": spring, "review": review, "done": done, "sam": sam, "rita": rita}


@pytest.mark.django_db(transaction=True)
def test_the_pages_added_this_wave_have_no_axe_violation_at_desktop_and_phone_widths(
    live_server: Any, browser: Browser, wave: dict[str, Any]
) -> None:
    """The plan editor (with a parser error), the plan page with a review that warns and
    conflicts, the sign-in pages (link, password reset), the program pages (HR's, a
    shadower's, ideas) and the hosting page with "Confirm all", before and after."""
    base = live_server.url
    spring, review, done = wave["spring"], wave["review"], wave["done"]
    failures: dict[str, list[str]] = {}
    visited: list[str] = []

    def audit(page: Page, name: str) -> None:
        found = _violations(page)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            found.append(f"the page is {wide} px wider than the screen")
        if found:
            failures[name] = found
        visited.append(name)

    for width_name, viewport in WIDTHS.items():
        # --- HR: the plan editor, the review, the program ---------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "hilda")
        page.goto(f"{base}/plans/new/")
        audit(page, f"plan-new-{width_name}")
        page.get_by_label("Name").fill("Autumn")
        page.get_by_label("First day").fill("2027-09-06")
        page.get_by_label("Last day").fill("2027-09-19")
        page.get_by_label("Time zone").fill("America/Detroit")
        page.get_by_label("Rules").fill('{"sessions_per_shadower": -1}')
        page.get_by_role("button", name="Create the plan").click()
        expect(page.get_by_text("sessions_per_shadower").first).to_be_visible()
        audit(page, f"plan-new-error-{width_name}")
        page.goto(f"{base}/plans/{spring.pk}/edit/")
        page.get_by_label("Rules").fill('{"max_sessions_per_week": "two"')
        page.get_by_role("button", name="Save").click()
        audit(page, f"plan-edit-error-{width_name}")
        page.goto(f"{base}/plans/{review.pk}/")
        expect(page.locator("#publish-warnings")).to_be_visible()
        expect(page.locator("#conflicts li")).to_have_count(1)
        audit(page, f"plan-review-conflicts-{width_name}")
        for name, path in (
            ("program", "/program/"),
            ("program-policy", "/program/policy/"),
            ("program-person", f"/program/people/{wave['sam'].employee_id}/"),
        ):
            page.goto(f"{base}{path}")
            audit(page, f"hr-{name}-{width_name}")
        context.close()

        # --- Rep: "Confirm all", then the page after it; the ideas of their sessions -------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "rita")
        page.goto(f"{base}/hosting/")
        confirm_all = page.get_by_role("button", name="Confirm all 2 awaiting your answer")
        expect(confirm_all).to_be_visible()
        audit(page, f"rep-hosting-confirm-all-{width_name}")
        confirm_all.click()
        expect(page.locator(".messages li")).to_have_count(1)
        audit(page, f"rep-hosting-confirmed-{width_name}")
        Assignment.objects.filter(plan=spring, status=AssignmentStatus.CONFIRMED).update(
            status=AssignmentStatus.PROPOSED
        )  # the next width sees them waiting again
        page.goto(f"{base}/program/hosted-ideas/")
        audit(page, f"rep-ideas-{width_name}")
        context.close()

        # --- Employee: their program, an idea on a session behind them ---------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, "sam")
        page.goto(f"{base}/program/mine/")
        audit(page, f"employee-program-{width_name}")
        page.goto(f"{base}/program/sessions/{done.pk}/idea/")
        audit(page, f"employee-idea-{width_name}")
        page.get_by_role("button", name="Send idea").click()  # empty: the form's errors
        audit(page, f"employee-idea-error-{width_name}")
        context.close()

        # --- Signed out: the sign-in link, the password reset ------------------------------
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{base}/login/link/")
        audit(page, f"signin-link-request-{width_name}")
        mail.outbox.clear()
        page.get_by_label("Your work e-mail").fill("rita@example.com")
        page.get_by_role("button", name="E-mail me a sign-in link").click()
        expect(page.locator("#signin-sent")).to_be_visible()
        audit(page, f"signin-link-sent-{width_name}")
        (signin,) = [m for m in mail.outbox if "sign-in link" in m.subject]
        (link,) = re.findall(r"https?://[^/\s]+(/login/link/[^\s]+/)", str(signin.body))
        page.goto(f"{base}{link}")
        expect(page.get_by_role("button", name="Sign in to rotations")).to_be_visible()
        audit(page, f"signin-link-open-{width_name}")
        page.goto(f"{base}/password-reset/")
        audit(page, f"password-reset-{width_name}")
        page.get_by_label("Email").fill("rita@example.com")
        page.get_by_role("button", name="E-mail me a reset link").click()
        audit(page, f"password-reset-sent-{width_name}")
        rita_user = User.objects.get(username="rita")
        uid = urlsafe_base64_encode(force_bytes(rita_user.pk))
        token = default_token_generator.make_token(rita_user)
        page.goto(f"{base}/password-reset/{uid}/{token}/")
        audit(page, f"password-reset-set-{width_name}")
        page.get_by_label("New password", exact=True).fill("short")
        page.get_by_label("New password confirmation").fill("other")
        page.get_by_role("button", name="Set password").click()
        audit(page, f"password-reset-set-error-{width_name}")
        page.goto(f"{base}/password-reset/done/")
        audit(page, f"password-reset-done-{width_name}")
        context.close()

    assert len(visited) == 2 * 21, visited
    assert failures == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in failures.items()
    )
