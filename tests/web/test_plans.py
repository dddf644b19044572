"""HR: the plan list, a plan's page, its grid, charts, who is left out, and Publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rotations.models import PlanStatus, RunStatus
from tests.factories import (
    AssignmentFactory,
    DepartmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SolveRunFactory,
    local,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Four weeks from Mon 4 Jan 2027 (Detroit); two hosts, three shadowers, one left out."""
    plan = RotationPlanFactory.create(
        name="Winter", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 31)
    )
    cad = DepartmentFactory.create(name="CAD")
    ann, bob, cy = (
        EmployeeFactory.create(employee_id=f"E{i}", name=name, department=cad)
        for i, name in enumerate(["Ann", "Bob", "Cy"], 1)
    )
    rita = RepFactory.create(employee_id="R1", name="Rita")
    RepFactory.create(employee_id="R2", name="Ravi")
    HostingSlotFactory.create(host=RepFactory.create(name="Idle Ian"), start=local(2027, 1, 20))
    week2 = HostingSlotFactory.create(host=rita, start=local(2027, 1, 12, 9))  # 2027-W02
    week4 = HostingSlotFactory.create(host=rita, start=local(2027, 1, 26, 9))  # 2027-W04
    AssignmentFactory.create(plan=plan, shadower=ann, slot=week2)
    AssignmentFactory.create(plan=plan, shadower=bob, slot=week2, status="confirmed")
    AssignmentFactory.create(plan=plan, shadower=ann, slot=week4)
    AssignmentFactory.create(plan=plan, shadower=cy, slot=week4, status="declined")
    SolveRunFactory.create(
        plan=plan,
        status=RunStatus.SUCCEEDED,
        solver_status="FEASIBLE",
        objective=900,
        bound=1000,
        gap=0.1,
        unmet=[
            {"shadower": "E2", "missing": 1, "reasons": ["capacity", "spacing"]},
            {"shadower": "E3", "missing": 2, "reasons": []},
        ],
    )
    plan.status = PlanStatus.SOLVED
    plan.save()
    return plan


def test_the_plan_list_links_each_plan(hr_client: Client, plan) -> None:
    page = hr_client.get("/plans/").content.decode()
    assert f'href="/plans/{plan.pk}/">Winter</a>' in page
    assert "Solved" in page


def test_the_plan_page_shows_the_summary_the_last_solve_and_the_buttons(
    hr_client: Client, plan
) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Sessions placed: <strong>3</strong> of 6 required" in page
    assert 'id="latest-run-status">Succeeded' in page
    assert "10.00%" in page  # the gap
    assert 'id="solve"' in page
    assert '<label for="id_time_limit_s">Time limit (seconds)</label>' in page
    assert 'id="publish"' in page
    assert "The slots that fit them are already full." in page


def test_the_grid_puts_shadowers_under_their_host_and_iso_week(hr_client: Client, plan) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/grid/").content.decode()
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert [w for w in ("2027-W01", "2027-W02", "2027-W03", "2027-W04") if w in header] == [
        "2027-W01",
        "2027-W02",
        "2027-W03",
        "2027-W04",
    ]
    assert ">Mon 4 Jan</abbr>" in header and ">Mon 25 Jan</abbr>" in header
    rita = page[page.index("Rita") : page.index("</tr>", page.index("Rita"))]
    cells = rita.split("<td>")[1:]
    assert len(cells) == 4
    assert "Ann" in cells[1] and "Bob" in cells[1]
    assert "Ann" in cells[3] and "Cy" not in cells[3]  # declined is not in the plan
    assert cells[0].startswith("</td>") and cells[2].startswith("</td>")
    assert "Idle Ian" in page  # a host with slots but nobody placed still has a row


def test_the_charts_count_host_load_as_rule_9_does_and_draw_its_limit(
    hr_client: Client, plan
) -> None:
    """Rita hosts two slots (W02 with Ann and Bob, W04 with Ann): 1 hosted slot in each of
    those weeks out of the 3 the rule allows, 3 shadower-sessions in all."""
    page = hr_client.get(f"/plans/{plan.pk}/charts/").content.decode()
    assert page.count('role="img"') == 3
    assert 'class="limit"' in page and ">limit 3</text>" in page
    heat = page[page.index('id="heat-title"') : page.index("</svg>", page.index('id="heat-title"'))]
    assert heat.count('fill-opacity="0.333"') == 2  # 1 of the 3 allowed, in W02 and W04
    assert "at-limit" not in heat
    host_table = page[page.index('id="host-load-table"') :]
    rita = host_table[
        host_table.index("Rita") : host_table.index("</tr>", host_table.index("Rita"))
    ]
    cells = rita.split('<td class="num">')[1:]
    assert [c.split("<")[0].strip() for c in cells] == ["0", "1", "0", "1", "1", "3"]
    assert "Mon" not in host_table[: host_table.index("</thead>")]
    assert ">4 Jan</abbr>" in host_table
    coverage = page[page.index('id="coverage-table"') :]
    cad = coverage[coverage.index("CAD") : coverage.index("</tr>", coverage.index("CAD"))]
    # Ann, Bob, Cy need 6: 2 by the end of W02, 3 by W04.
    assert '<td class="num">6</td><td class="num">0%</td><td class="num">33%</td>' in cad
    assert cad.endswith('<td class="num">50%</td>')
    assert "<polyline" in page


def test_a_host_at_the_weekly_limit_is_marked_in_chart_and_table(hr_client: Client, plan) -> None:
    rita = plan.assignments.first().slot.host
    for hour in (13, 15):  # two more slots in W02: 3 hosted, the limit
        AssignmentFactory.create(
            plan=plan,
            shadower=EmployeeFactory.create(),
            slot=HostingSlotFactory.create(host=rita, start=local(2027, 1, 13, hour)),
        )
    page = hr_client.get(f"/plans/{plan.pk}/charts/").content.decode()
    heat = page[page.index('id="heat-title"') : page.index("</svg>", page.index('id="heat-title"'))]
    assert heat.count("at-limit") == 1
    assert '3 <span class="muted">(at limit)</span>' in page


def test_left_out_gives_the_reasons_in_plain_words(hr_client: Client, plan) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/left-out/").content.decode()
    bob = page[page.index('id="person-E2"') : page.index('id="person-E3"')]
    assert "The slots that fit them are already full." in bob
    assert "Their other session is too close in time." in bob
    cy = page[page.index('id="person-E3"') :]
    assert "No single rule explains it" in cy


def test_publish_publishes_a_solved_plan(hr_client: Client, plan) -> None:
    response = hr_client.post(
        f"/plans/{plan.pk}/publish/", {"version": plan.version, "confirm": "on"}
    )
    assert response["Location"] == f"/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.published_at is not None
    page = hr_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "is published" in page
    assert 'id="published"' in page


def test_publish_refuses_a_draft_and_says_why(hr_client: Client) -> None:
    draft = RotationPlanFactory.create(name="Draft")
    hr_client.post(f"/plans/{draft.pk}/publish/", {"version": draft.version, "confirm": "on"})
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert (
        "only a solved plan is published" in hr_client.get(f"/plans/{draft.pk}/").content.decode()
    )


def test_publish_with_warnings_unconfirmed_publishes_nothing(hr_client: Client, plan) -> None:
    plan.assignments.all().delete()  # nothing placed: a warning
    hr_client.post(f"/plans/{plan.pk}/publish/", {"version": plan.version})
    plan.refresh_from_db()
    assert plan.published_at is None
    page = hr_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "tick the box" in page and "Nothing is placed" in page
    hr_client.post(f"/plans/{plan.pk}/publish/", {"version": plan.version, "confirm": "on"})
    plan.refresh_from_db()
    assert plan.published_at is not None


def test_publish_refuses_a_plan_changed_since_it_was_read(hr_client: Client, plan) -> None:
    hr_client.post(
        f"/plans/{plan.pk}/publish/", {"version": plan.version - 1 or 99, "confirm": "on"}
    )
    plan.refresh_from_db()
    assert plan.published_at is None
    assert "changed since you read it" in hr_client.get(f"/plans/{plan.pk}/").content.decode()


def test_publish_is_a_post(hr_client: Client, plan) -> None:
    assert hr_client.get(f"/plans/{plan.pk}/publish/").status_code == 405


def test_hr_without_an_employee_record_reads_times_in_the_plan_zone(
    hr_client: Client, plan
) -> None:
    page = hr_client.get(f"/plans/{plan.pk}/grid/").content.decode()
    assert "Times are shown in America/Detroit." in page
    assert "Tue 12 Jan 09:00" in page
