"""A rep with no account, in a real browser: the publish digest arrives, they sign in from an
e-mailed link, HR re-solves (nothing changes for them) and the old links still work; a
session moved by an import kills its old link (410, saying so) and the new mail's works;
"confirm all" confirms what is left.

E-mails are read from Django's locmem outbox: jobs run in-process here (no worker), so every
message the live server sends lands in this process.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, ViewportSize, expect

from calendars.invitations import invitations_catch_up
from rotations.links import action_claim_read
from rotations.models import Assignment, AssignmentStatus
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.calendars.conftest import solution
from tests.integration.company import small_company
from web.digests import host_digests_catch_up

pytestmark = [pytest.mark.slow]

PHONE: ViewportSize = {"width": 390, "height": 844}
LINK = re.compile(r"http://localhost:8000(/(?:a|login/link)/[^\s]+/)")


def _digests(email: str) -> list[Any]:
    return [m for m in mail.outbox if email in m.to[0] and "shadowing sessions" in m.subject]


def _paths(message: Any) -> list[str]:
    return LINK.findall(str(message.body))


@pytest.mark.django_db(transaction=True)
def test_a_rep_signs_in_by_email_link_and_confirms_all_across_a_resolve_and_a_move(
    live_server: Any, browser: Browser, screenshot
) -> None:
    base = live_server.url
    company = small_company(shadowers=3, weeks=1)
    rep = company.reps[0]
    s0, s1 = company.slots[0], company.slots[1]  # both R1's
    pairs = [("E1", s0.pk), ("E2", s0.pk), ("E3", s1.pk)]
    plan_apply_solution(plan=company.plan, solution=solution(*pairs))
    mail.outbox.clear()
    plan_publish(plan=company.plan)  # autocommit: invitations and digests go out at once

    (digest,) = _digests(rep.email)
    assert rep.user is None  # no account
    old = _paths(digest)
    old_all = next(p for p in old if p.startswith("/a/all/"))
    e3 = Assignment.objects.get(slot=s1)

    # --- The rep signs in from an e-mailed link ----------------------------------------------
    context = browser.new_context(viewport=PHONE)
    page: Page = context.new_page()
    page.goto(f"{base}/login/")
    page.get_by_role("link", name="E-mail me a sign-in link").click()
    page.get_by_label("Your work e-mail").fill(rep.email.upper())
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.locator("#signin-sent")).to_contain_text("a sign-in link is on its way")
    screenshot(page, "link-asked")
    (signin,) = [m for m in mail.outbox if "sign-in link" in m.subject]
    (signin_path,) = _paths(signin)
    page.goto(base + signin_path)
    screenshot(page, "link-opened")
    page.get_by_role("button", name="Sign in to rotations").click()
    expect(page).to_have_url(f"{base}/hosting/")
    expect(page.get_by_role("button", name="Confirm all 3 awaiting your answer")).to_be_visible()
    screenshot(page, "signed-in-hosting")

    # --- HR re-solves: nothing changes for this rep, no new digest, old links work -----------
    mail.outbox.clear()
    plan_apply_solution(plan=company.plan, solution=solution(*pairs))
    assert _digests(rep.email) == []
    first_confirm = next(p for p in old if _is_confirm_of(p, None))
    response = page.goto(base + first_confirm)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name=re.compile(r"^Confirm "))).to_be_visible()

    # --- A session moves (an import); beat sends fresh links, the old one answers 410 --------
    s1.start += dt.timedelta(hours=2)
    s1.end += dt.timedelta(hours=2)
    s1.save()
    invitations_catch_up()
    host_digests_catch_up()
    (fresh,) = _digests(rep.email)
    moved_confirm = next(p for p in old if _is_confirm_of(p, e3.pk))
    assert any(_is_confirm_of(p, e3.pk) for p in _paths(fresh))
    response = page.goto(base + moved_confirm)
    assert response is not None and response.status == 410
    expect(page.locator("#link-refused")).to_contain_text("This session moved: it is now on")
    screenshot(page, "old-link-moved")
    new_all = next(p for p in _paths(fresh) if p.startswith("/a/all/"))

    # --- Confirm all from the first digest: the two unchanged sessions -----------------------
    page.goto(base + old_all)
    expect(page.get_by_role("heading", name="Confirm 2 sessions?")).to_be_visible()
    screenshot(page, "confirm-all-old")
    page.get_by_role("button", name="Confirm all 2").click()
    expect(page.locator("#link-result")).to_contain_text("Confirmed 2 sessions")

    # --- and from the new one: the moved session ---------------------------------------------
    page.goto(base + new_all)
    page.get_by_role("button", name="Confirm all 1").click()
    expect(page.locator("#link-result")).to_contain_text("Confirmed 1 session")
    screenshot(page, "confirm-all-new")
    statuses = set(Assignment.objects.filter(plan=company.plan).values_list("status", flat=True))
    assert statuses == {AssignmentStatus.CONFIRMED}
    page.goto(f"{base}/hosting/")
    expect(page.get_by_role("button", name=re.compile("Confirm all"))).to_have_count(0)
    context.close()


def _is_confirm_of(path: str, assignment_id: int | None) -> bool:
    """Whether a one-click link confirms this assignment (any, for None): its payload says."""
    if not path.startswith("/a/") or path.startswith("/a/all/"):
        return False
    claim = action_claim_read(token=path.rstrip("/").rsplit("/", 1)[1])
    return claim.action == "confirm" and assignment_id in (None, claim.assignment_id)
