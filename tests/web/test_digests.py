"""Hosts act at publish: one digest per host with every session, its links and "confirm all";
a re-solve that changes nothing for a host sends nothing and keeps their links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from calendars.invitations import invitations_catch_up
from rotations.models import Assignment, AssignmentStatus, Employee
from rotations.services.plans import plan_apply_solution, plan_publish
from tests.calendars.conftest import solution
from tests.integration.company import small_company
from web.digests import host_digests_catch_up
from web.models import HostDigest

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://localhost:8000(/a/[^\s]+/)")


def _digests():
    return [m for m in mail.outbox if "shadowing sessions" in m.subject]


def _links(body: str) -> list[str]:
    return LINK.findall(body)


@pytest.fixture
def company(db, django_capture_on_commit_callbacks):
    company = small_company(shadowers=4, weeks=1)
    s0, s1 = company.slots[0], company.slots[1]  # both hosted by R1
    pairs = [("E1", s0.pk), ("E2", s0.pk), ("E3", s1.pk), ("E4", company.slots[2].pk)]
    plan_apply_solution(plan=company.plan, solution=solution(*pairs))
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=company.plan)
    company.pairs = pairs  # type: ignore[attr-defined]
    return company


def test_each_host_gets_one_digest_at_publish_with_links_per_session_and_confirm_all(company):
    r1, r2 = company.reps[0], company.reps[1]
    digests = _digests()
    assert sorted(m.to[0] for m in digests) == sorted(
        [f"{r1.name} <{r1.email}>", f"{r2.name} <{r2.email}>"]
    )
    (to_r1,) = [m for m in digests if r1.email in m.to[0]]
    assert to_r1.subject == "Please confirm your shadowing sessions: 3 awaiting your answer"
    body = to_r1.body
    assert "Tuesday 5 January 2027, 09:00 to 12:00 EST" in body
    for name in ("Backroom", *(Employee.objects.get(employee_id=e).name for e in ("E1", "E2"))):
        assert name in body
    links = _links(body)
    assert len(links) == 3 * 2 + 1  # confirm and decline per session, and confirm all
    assert sum("/a/all/" in link for link in links) == 1


def test_confirm_all_from_the_digest_confirms_every_session_it_listed(company):
    r1 = company.reps[0]
    (to_r1,) = [m for m in _digests() if r1.email in m.to[0]]
    (confirm_all,) = [link for link in _links(to_r1.body) if "/a/all/" in link]
    client = Client()
    page = client.get(confirm_all)
    assert page.status_code == 200
    assert "Confirm all 3" in page.content.decode()
    done = client.post(confirm_all)
    assert done.status_code == 200
    assert "Confirmed 3 sessions" in done.content.decode()
    statuses = set(
        Assignment.objects.filter(slot__host=r1).values_list("status", flat=True).distinct()
    )
    assert statuses == {AssignmentStatus.CONFIRMED}
    assert client.post(confirm_all).status_code == 410  # nothing left


def test_a_resolve_that_changes_nothing_sends_no_digest_and_old_links_still_work(
    company, django_capture_on_commit_callbacks
):
    r1 = company.reps[0]
    (to_r1,) = [m for m in _digests() if r1.email in m.to[0]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(plan=company.plan, solution=solution(*company.pairs), revision=False)
    assert _digests() == []
    assert HostDigest.objects.count() == 2
    confirm = next(link for link in _links(to_r1.body) if "/a/all/" not in link)
    assert Client().post(confirm).status_code == 200


def test_a_host_whose_session_changed_gets_a_new_digest_with_working_links(
    company, django_capture_on_commit_callbacks
):
    r1, r2 = company.reps[0], company.reps[1]
    (old,) = [m for m in _digests() if r1.email in m.to[0]]
    mail.outbox.clear()
    # E3 leaves R1's second slot; R2's sessions stay as they were.
    pairs = [p for p in company.pairs if p[0] != "E3"]
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(plan=company.plan, solution=solution(*pairs), revision=False)
    (new,) = _digests()
    assert new.to == [f"{r1.name} <{r1.email}>"]
    assert "2 awaiting your answer" in new.subject
    assert r2.email not in " ".join(m.to[0] for m in _digests())
    e3 = Employee.objects.get(employee_id="E3")
    stale = [
        link
        for link in _links(old.body)
        if "/a/all/" not in link and Client().get(link).status_code == 410
    ]
    assert len(stale) == 2  # E3's confirm and decline: the session was cancelled
    assert e3.name not in new.body
    for link in _links(new.body):
        assert Client().get(link).status_code == 200


def test_confirm_all_on_the_hosting_page(company):
    from tests.web.people import rep_make

    r1 = company.reps[0]
    client = Client()
    client.force_login(rep_make(r1))
    page = client.get("/hosting/").content.decode()
    assert "Confirm all 3 awaiting your answer" in page
    items = re.search(r'name="items" value="([^"]+)"', page)
    assert items is not None
    response = client.post("/hosting/confirm-all/", {"items": items.group(1)}, follow=True)
    assert "Confirmed 3" in response.content.decode()
    assert not Assignment.objects.filter(slot__host=r1, status=AssignmentStatus.PROPOSED).exists()


def test_a_session_moved_by_an_import_gets_a_fresh_link_on_the_next_beat(company):
    r1 = company.reps[0]
    (old,) = [m for m in _digests() if r1.email in m.to[0]]
    slot = company.slots[1]  # E3's session with R1
    old_links = [link for link in _links(old.body) if "/a/all/" not in link]
    slot.start += dt.timedelta(hours=2)
    slot.end += dt.timedelta(hours=2)
    slot.save()
    mail.outbox.clear()

    assert invitations_catch_up() == {str(company.plan.pk): 2}  # E3's and R1's events
    assert host_digests_catch_up() == {str(company.plan.pk): 1}
    (new,) = _digests()
    assert new.to == [f"{r1.name} <{r1.email}>"]
    gone = [Client().get(link) for link in old_links]
    moved = [r for r in gone if r.status_code == 410]
    assert len(moved) == 2
    assert "This session moved: it is now on Thu 07 Jan 2027 11:00 EST" in moved[0].content.decode()
    (update,) = [m for m in mail.outbox if r1.email in m.to[0] and m.subject.startswith("Updated")]
    for body in (new.body, update.body):
        assert all(Client().get(link).status_code == 200 for link in _links(str(body)))
    assert invitations_catch_up() == {}
    assert host_digests_catch_up() == {}


def test_a_draft_revision_sends_no_digest_until_hr_publishes_it(
    company, django_capture_on_commit_callbacks
):
    r1 = company.reps[0]
    mail.outbox.clear()
    pairs = [p for p in company.pairs if p[0] != "E3"]  # E3 leaves R1's second slot
    with django_capture_on_commit_callbacks(execute=True):
        plan_apply_solution(plan=company.plan, solution=solution(*pairs))  # a revision
    assert _digests() == []
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=company.plan)
    (new,) = _digests()
    assert new.to == [f"{r1.name} <{r1.email}>"]
