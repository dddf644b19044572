"""HR: participation (selector and page) and feedback by department."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    FeedbackFactory,
    HostingSlotFactory,
    SiteFactory,
)
from web.selectors.feedback import feedback_by_department
from web.selectors.participation import participation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)


def _session(person, *, days_ago: int, status: str = "completed"):
    slot = HostingSlotFactory.create(start=NOW - dt.timedelta(days=days_ago))
    return AssignmentFactory.create(shadower=person, slot=slot, status=status)


def test_participation_counts_who_shadowed_in_the_last_90_days_by_department_and_site() -> None:
    accounting = DepartmentFactory.create(name="Accounting")
    it = DepartmentFactory.create(name="IT")
    denver = SiteFactory.create(name="Denver", timezone="America/Denver")
    recent, confirmed, old, proposed, never = (
        EmployeeFactory.create(name=n, department=accounting)
        for n in ("Recent", "Confirmed", "Old", "Proposed", "Never")
    )
    _session(recent, days_ago=10)
    _session(confirmed, days_ago=80, status="confirmed")
    _session(old, days_ago=120)
    _session(proposed, days_ago=5, status="proposed")  # not confirmed: did not count
    _session(never, days_ago=-5, status="confirmed")  # in the future
    EmployeeFactory.create(department=it, site=denver, name="Dee")
    EmployeeFactory.create(department=it, name="Inactive", active=False)

    report = participation(now=NOW)
    rows = {(r.department, r.site): (r.staff, r.shadowed) for r in report.rows}
    assert rows == {("Accounting", "Detroit"): (5, 2), ("IT", "Denver"): (1, 0)}
    assert (report.total.staff, report.total.shadowed) == (6, 2)
    assert report.rows[0].share == pytest.approx(0.4)


def test_participation_lists_new_hires_nobody_has_scheduled() -> None:
    accounting = DepartmentFactory.create(name="Accounting")
    hired = NOW.date() - dt.timedelta(days=30)
    EmployeeFactory.create(name="Waiting", department=accounting, hire_date=hired)
    planned = EmployeeFactory.create(name="Planned", department=accounting, hire_date=hired)
    declined = EmployeeFactory.create(name="Declined", department=accounting, hire_date=hired)
    EmployeeFactory.create(
        name="Veteran", department=accounting, hire_date=NOW.date() - dt.timedelta(days=400)
    )
    _session(planned, days_ago=-20, status="proposed")
    _session(declined, days_ago=-20, status="declined")
    (row,) = participation(now=NOW).rows
    assert row.new_hires_unscheduled == ["Declined", "Waiting"]


def test_the_participation_page_shows_the_table(hr_client: Client) -> None:
    person = EmployeeFactory.create(name="Ann", department=DepartmentFactory.create(name="IT"))
    AssignmentFactory.create(
        shadower=person,
        slot=HostingSlotFactory.create(start=timezone.now() - dt.timedelta(days=3)),
        status="completed",
    )
    page = hr_client.get("/participation/").content.decode()
    table = page[page.index('id="participation"') :]
    assert '<th scope="row">IT</th><td>Detroit</td>' in table
    assert "100%" in table


def test_feedback_is_summarised_by_the_authors_department() -> None:
    it = DepartmentFactory.create(name="IT")
    accounting = DepartmentFactory.create(name="Accounting")
    for rating, department, learned in ((5, it, "Routing"), (3, it, ""), (4, accounting, "Q")):
        FeedbackFactory.create(
            assignment=AssignmentFactory.create(
                shadower=EmployeeFactory.create(department=department), status="completed"
            ),
            rating=rating,
            learned=learned,
        )
    accounting_row, it_row = feedback_by_department()
    assert (it_row.department, it_row.count, it_row.average) == ("IT", 2, 4.0)
    assert it_row.ratings == [0, 0, 1, 0, 1]
    assert [c.learned for c in it_row.comments] == ["Routing"]
    assert (accounting_row.department, accounting_row.count) == ("Accounting", 1)


def test_the_feedback_page_shows_each_department(hr_client: Client) -> None:
    FeedbackFactory.create(
        assignment=AssignmentFactory.create(
            shadower=EmployeeFactory.create(department=DepartmentFactory.create(name="IT"))
        ),
        rating=2,
        change="Shorter drives",
    )
    page = hr_client.get("/feedback/").content.decode()
    assert "<h2" in page and ">IT</h2>" in page
    assert "<strong>2.0</strong> / 5 average from 1 answer" in page
    assert "Shorter drives" in page
