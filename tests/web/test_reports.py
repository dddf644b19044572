"""HR: participation (selector and page) and feedback by department."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    FeedbackFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
    local,
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


def test_the_feedback_page_summarises_each_department_and_lists_the_comment(
    hr_client: Client,
) -> None:
    FeedbackFactory.create(
        assignment=AssignmentFactory.create(
            shadower=EmployeeFactory.create(department=DepartmentFactory.create(name="IT"))
        ),
        rating=2,
        change="Shorter drives",
    )
    page = hr_client.get("/feedback/").content.decode()
    table = page[page.index('id="feedback-departments"') :]
    assert '<th scope="row">IT</th><td class="num">1</td>' in table
    assert "<strong>2.0</strong> / 5" in table
    assert "Shorter drives" in page


def _feedback(*, plan, host, department, day: int, text: str, hour: int = 9) -> None:
    FeedbackFactory.create(
        assignment=AssignmentFactory.create(
            plan=plan,
            shadower=EmployeeFactory.create(department=department),
            slot=HostingSlotFactory.create(host=host, start=local(2027, 1, day, hour)),
            status="completed",
        ),
        rating=4,
        learned=text,
    )


def test_feedback_shows_every_comment_filtered_by_plan_department_host_and_date(
    hr_client: Client,
) -> None:
    it, finance = DepartmentFactory.create(name="IT"), DepartmentFactory.create(name="Finance")
    rita, ravi = RepFactory.create(name="Rita"), RepFactory.create(name="Ravi")
    winter, spring = RotationPlanFactory.create(name="W"), RotationPlanFactory.create(name="S")
    for day in range(4, 16):  # 12 comments from IT with Rita in winter: more than 5
        _feedback(plan=winter, host=rita, department=it, day=day, text=f"IT day {day}")
    _feedback(plan=winter, host=ravi, department=finance, day=20, text="Finance with Ravi")
    _feedback(plan=spring, host=rita, department=finance, day=21, text="Finance in spring")

    def comments(**params: str) -> str:
        page = hr_client.get("/feedback/", params).content.decode()
        return page[page.index('id="comments"') :]

    everything = comments()
    assert everything.count('class="card"') == 14
    assert everything.index("Finance in spring") < everything.index("IT day 15")  # newest first
    assert comments(department=str(it.pk)).count('class="card"') == 12
    assert "Finance in spring" not in comments(plan=str(winter.pk))
    by_host = comments(host=str(ravi.pk))
    assert by_host.count('class="card"') == 1 and "Finance with Ravi" in by_host
    dated = comments(since="2027-01-10", until="2027-01-12")
    assert [f"IT day {d}" in dated for d in (9, 10, 11, 12, 13)] == [False, True, True, True, False]
    assert f'href="/plans/{winter.pk}/people/{rita.pk}/">Rita</a>' in everything


def test_feedback_pages_by_25_and_keeps_the_filters(hr_client: Client) -> None:
    it = DepartmentFactory.create(name="IT")
    plan, rita = RotationPlanFactory.create(name="W"), RepFactory.create(name="Rita")
    for n in range(30):
        _feedback(plan=plan, host=rita, department=it, day=1 + n % 28, hour=8 + n // 28, text="c")
    first = hr_client.get("/feedback/", {"department": it.pk}).content.decode()
    assert first.count('class="card"') == 25
    assert f'href="?department={it.pk}&amp;page=2"' in first
    second = hr_client.get("/feedback/", {"department": it.pk, "page": 2}).content.decode()
    assert second.count('class="card"') == 5


def test_the_feedback_csv_has_the_filtered_comments_and_is_formula_safe(hr_client: Client) -> None:
    it, finance = DepartmentFactory.create(name="IT"), DepartmentFactory.create(name="Finance")
    plan, rita = RotationPlanFactory.create(name="W"), RepFactory.create(name="Rita")
    _feedback(plan=plan, host=rita, department=it, day=5, text="=cmd()")
    _feedback(plan=plan, host=rita, department=finance, day=6, text="other")
    page = hr_client.get("/feedback/", {"department": it.pk}).content.decode()
    assert f'href="/feedback.csv?department={it.pk}"' in page
    response = hr_client.get("/feedback.csv", {"department": it.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["session_start", "plan", "shadower_employee_id", "shadower_name"]
    assert len(rows) == 2
    assert rows[1][4] == "IT" and rows[1][8] == "'=cmd()"


def test_a_new_hire_on_the_participation_page_links_to_their_timeline(hr_client: Client) -> None:
    waiting = EmployeeFactory.create(
        name="Waiting", hire_date=timezone.now().date() - dt.timedelta(days=10)
    )
    page = hr_client.get("/participation/").content.decode()
    assert f'<a href="/people/{waiting.pk}/">Waiting</a>' in page
    assert hr_client.get(f"/people/{waiting.pk}/").status_code == 200  # no plan yet
