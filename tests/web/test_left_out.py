"""HR: who is left out, with the facts behind each reason; placing a person by hand through
the booking service's checks; the left-out and assignments CSV downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

from rotations.models import Assignment, Employee, HostingSlot, PlanStatus, RunStatus
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
    SolveRunFactory,
    UnavailabilityFactory,
    local,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Winter, 4 weeks from Mon 4 Jan 2027. Finance allows one member away at a time.
    Ann (Finance) is placed Tue 12 Jan with Rita; Dan (Finance) is left out: away the first
    week, Rita's Tue 12 Jan slot taken by Ann (the department limit), Ravi's Thu 14 Jan slot
    full, and one more free slot (Wed 20 Jan with Ravi)."""
    plan = RotationPlanFactory.create(
        name="Winter", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
    )
    finance = DepartmentFactory.create(name="Finance", max_away=1)
    ann = EmployeeFactory.create(employee_id="E1", name="Ann", department=finance)
    dan = EmployeeFactory.create(employee_id="E2", name="Dan", department=finance)
    rita = RepFactory.create(employee_id="R1", name="Rita")
    ravi = RepFactory.create(employee_id="R2", name="Ravi")
    UnavailabilityFactory.create(
        employee=dan, start=local(2027, 1, 4, 0), end=local(2027, 1, 9, 0), reason="PTO"
    )
    HostingSlotFactory.create(host=rita, start=local(2027, 1, 5, 9))  # in Dan's PTO
    shared = HostingSlotFactory.create(host=rita, start=local(2027, 1, 12, 9), capacity=2)
    full = HostingSlotFactory.create(host=ravi, start=local(2027, 1, 14, 9), capacity=1)
    HostingSlotFactory.create(host=ravi, start=local(2027, 1, 20, 9), capacity=1)
    AssignmentFactory.create(plan=plan, shadower=ann, slot=shared)
    AssignmentFactory.create(plan=plan, shadower=EmployeeFactory.create(name="Zed"), slot=full)
    SolveRunFactory.create(
        plan=plan,
        status=RunStatus.SUCCEEDED,
        unmet=[
            {
                "shadower": "E2",
                "missing": 2,
                "reasons": ["unavailable", "department_coverage", "capacity"],
            },
        ],
    )
    plan.status = PlanStatus.SOLVED
    plan.save()
    return plan


def test_each_reason_comes_with_its_facts_and_links(hr_client: Client, plan) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/left-out/").content.decode()
    dan = page[page.index('id="person-E2"') :]
    assert "Away Mon 4 Jan to Fri 8 Jan (PTO)." in dan
    assert "1 of the 4 slots that fit them fall in their time away." in dan
    assert "The limit: at most 1 of Finance away at the same time." in dan
    ann = plan.assignments.get(shadower__name="Ann").shadower
    link = f'<a href="/plans/{plan.pk}/people/{ann.pk}/">Ann</a>'
    assert f"Tue 12 Jan 09:00 with Rita: reached by {link}" in dan
    assert "1 of the 4 slots that fit them are full, e.g. Thu 14 Jan 09:00 (1 of 1)" in dan
    assert f'<a href="/plans/{plan.pk}/people/' in dan
    # Only the free slot outside time away is offered: Wed 20 Jan with Ravi (and Rita's
    # shared slot, which the department limit may refuse).
    options = dan[dan.index("<select") : dan.index("</select>")]
    assert "Wed 20 Jan 09:00 with Ravi (1 of 1 free)" in options
    assert "Tue 12 Jan 09:00 with Rita (1 of 2 free)" in options
    assert "Thu 14 Jan" not in options and "Tue 5 Jan" not in options


def test_hr_places_a_left_out_person_by_hand(hr_client: Client, plan) -> None:
    dan = Employee.objects.get(employee_id="E2")
    slot = HostingSlot.objects.get(start=local(2027, 1, 20, 9))
    response = hr_client.post(
        f"/plans/{plan.pk}/left-out/place/", {"shadower": dan.pk, "slot": slot.pk}, follow=True
    )
    page = response.content.decode()
    assert "Dan is placed with Ravi on Wed 20 Jan 09:00 (confirmed)." in page
    placed = Assignment.objects.get(plan=plan, shadower=dan)
    assert (placed.slot, placed.status) == (slot, "confirmed")


def test_placing_by_hand_names_the_rule_it_would_break_and_changes_nothing(
    hr_client: Client, plan
) -> None:
    dan = Employee.objects.get(employee_id="E2")
    full = HostingSlot.objects.get(start=local(2027, 1, 14, 9))
    Assignment.objects.filter(slot=full).update(status="confirmed")  # the seat is taken
    page = hr_client.post(
        f"/plans/{plan.pk}/left-out/place/", {"shadower": dan.pk, "slot": full.pk}, follow=True
    ).content.decode()
    assert "Dan was not placed: the slot is full (1 of 1 seats taken)." in page
    elsewhere = HostingSlotFactory.create(
        host=RepFactory.create(site=SiteFactory.create(name="Denver")), start=local(2027, 1, 21)
    )
    page = hr_client.post(
        f"/plans/{plan.pk}/left-out/place/", {"shadower": dan.pk, "slot": elsewhere.pk}, follow=True
    ).content.decode()
    assert "Dan was not placed: an in-person slot takes shadowers of its own site." in page
    assert not Assignment.objects.filter(plan=plan, shadower=dan).exists()


def test_placing_by_hand_is_hr_only(rep_client: Client, plan) -> None:
    assert rep_client.post(f"/plans/{plan.pk}/left-out/place/", {}).status_code == 403


def test_the_left_out_csv_is_formula_safe(hr_client: Client, plan) -> None:
    Employee.objects.filter(employee_id="E2").update(name="=HYPERLINK(1)")
    response = hr_client.get(f"/plans/{plan.pk}/left-out.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="winter-left-out.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["employee_id", "name", "department", "site", "missing", "reasons"]
    assert rows[1][:5] == ["E2", "'=HYPERLINK(1)", "Finance", "Detroit", "2"]
    assert rows[1][5].startswith("They or the host are away")


def test_the_assignments_csv_lists_the_plan(hr_client: Client, plan) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/grid/").content.decode()
    assert f'href="/plans/{plan.pk}/assignments.csv"' in page
    rows = list(
        csv.reader(io.StringIO(hr_client.get(f"/plans/{plan.pk}/assignments.csv").content.decode()))
    )
    assert rows[0][0] == "shadower_employee_id"
    assert sorted(r[1] for r in rows[1:]) == ["Ann", "Zed"]


def _place(hr_client: Client, plan, person: Employee, slot: HostingSlot) -> str:
    response = hr_client.post(
        f"/plans/{plan.pk}/left-out/place/", {"shadower": person.pk, "slot": slot.pk}, follow=True
    )
    return response.content.decode()


@pytest.mark.parametrize(
    ("rules", "day", "words"),
    [
        # Dan's PTO covers Rita's Tue 5 Jan slot.
        ({}, 5, "rule 5 availability"),
        # Dan already placed Wed 20 Jan: Fri 22 Jan is the same ISO week.
        ({"min_days_between_sessions": 0}, 22, "rule 7 weekly limit"),
        # Mon 25 Jan is another week, but 5 days after Wed 20 Jan.
        ({"max_sessions_per_week": 0}, 25, "rule 8 spacing"),
    ],
    ids=["time away", "weekly limit", "spacing"],
)
def test_placing_by_hand_refuses_a_hard_rule_and_names_it(
    hr_client: Client, plan, rules: dict[str, Any], day: int, words: str
) -> None:
    plan.rules = {**plan.rules, "distinct_hosts": False, **rules}
    plan.save()
    dan = Employee.objects.get(employee_id="E2")
    AssignmentFactory.create(
        plan=plan, shadower=dan, slot=HostingSlot.objects.get(start=local(2027, 1, 20, 9))
    )
    slot = HostingSlot.objects.filter(start=local(2027, 1, day, 9)).first()
    slot = slot or HostingSlotFactory.create(
        host=RepFactory.create(name="Rosa"), start=local(2027, 1, day, 9)
    )
    page = _place(hr_client, plan, dan, slot)
    assert f"Dan was not placed: it would break {words}" in page
    assert not Assignment.objects.filter(plan=plan, shadower=dan, slot=slot).exists()


def test_placing_by_hand_refuses_the_department_limit_and_names_who_is_away(
    hr_client: Client, plan
) -> None:
    # Ann (Finance) is on Rita's Tue 12 Jan slot; Finance allows one member away at a time.
    dan = Employee.objects.get(employee_id="E2")
    page = _place(hr_client, plan, dan, HostingSlot.objects.get(start=local(2027, 1, 12, 9)))
    assert "Dan was not placed: it would break rule 11 department coverage" in page
    assert "&quot;E1&quot; in" in page and "max_away 1" in page
    assert not Assignment.objects.filter(plan=plan, shadower=dan).exists()
