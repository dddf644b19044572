"""HR reviews the demo company (250 shadowers, about 40 reps) in the pages: one person is
found through the grid's filter and through their timeline."""

from __future__ import annotations

import re
import zoneinfo

import pytest
from django.test import Client

from rotations.models import Assignment, Employee, PlanStatus, Role, RotationPlan
from tests.commands import run_command
from tests.web.people import hr_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> RotationPlan:
    """The seeded demo's past plan: its completed sessions stand in the grid without a solve."""
    seeded = run_command("seed_demo")
    assert seeded.error is None, seeded.failure
    assert Employee.objects.filter(role=Role.BACKROOM).count() == 250
    # The program's year of history adds older archived plans: the demo's past plan is last.
    return RotationPlan.objects.filter(status=PlanStatus.ARCHIVED).latest("period_end")


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_hr_finds_one_person_among_250_through_the_grid_filter_and_their_timeline(
    demo: RotationPlan,
) -> None:
    client = Client()
    client.force_login(hr_make())
    session = (
        Assignment.objects.filter(plan=demo)
        .select_related("shadower", "slot__host")
        .order_by("shadower__employee_id")
        .first()
    )
    assert session is not None
    person, host = session.shadower, session.slot.host
    # A name that is unique among the 290 people, so the search finds exactly one.
    assert Employee.objects.filter(name__icontains=person.name).count() == 1

    full = client.get(f"/plans/{demo.pk}/grid/").content.decode()
    assert "page 1 of" in full  # 40 hosts do not fit on one page
    assert len(_rows(full)) == 20

    page = client.get(f"/plans/{demo.pk}/grid/", {"person": person.name}).content.decode()
    rows = _rows(page)
    assert len(rows) == 1  # one session in the past plan: one host row
    assert host.name in rows[0]
    assert f'<mark class="hit">{person.name}</mark>' in rows[0]
    assert rows[0].count('class="chip') == 1  # the host's other shadowers are filtered out
    assert "1 host matches the filters" in page

    # The same search by employee id, narrowed by site and status, keeps them.
    narrowed = client.get(
        f"/plans/{demo.pk}/grid/",
        {"person": person.employee_id, "site": str(person.site_id), "status": "completed"},
    ).content.decode()
    assert f'<mark class="hit">{person.name}</mark>' in narrowed
    other_site = client.get(
        f"/plans/{demo.pk}/grid/",
        {"person": person.employee_id, "status": "proposed"},
    ).content.decode()
    assert "No host or session matches these filters." in other_site

    link = re.search(rf'href="(/plans/{demo.pk}/people/{person.pk}/)"', rows[0])
    assert link is not None, "the name links to the person's timeline"
    timeline = client.get(link.group(1)).content.decode()
    assert f"<h1>{person.name}: {demo.name}</h1>" in timeline
    table = timeline[timeline.index('id="timeline"') :]
    assert f'/plans/{demo.pk}/people/{host.pk}/">{host.name}</a>' in table
    start = session.slot.start.astimezone(zoneinfo.ZoneInfo(demo.timezone))
    assert f"{start:%a} {start.day} {start:%b %H:%M}" in table
    assert table.count('class="has-session"') == 1

    # The host's own timeline lists the person among those they hosted.
    hosted = client.get(f"/plans/{demo.pk}/people/{host.pk}/").content.decode()
    assert f'/plans/{demo.pk}/people/{person.pk}/">{person.name}</a>' in hosted
    # A name outside a plan's pages goes to the person's latest plan.
    response = client.get(f"/people/{person.pk}/")
    assert response["Location"] == f"/plans/{demo.pk}/people/{person.pk}/"
