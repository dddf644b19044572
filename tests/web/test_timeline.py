"""A person's timeline: sessions as shadower or host, time away, and the slots a shadower
could have taken (their site or remote, a free seat, neither they nor the host away)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    SiteFactory,
    UnavailabilityFactory,
    local,
)
from web.selectors.timeline import person_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    plan = RotationPlanFactory.create(
        name="Winter", period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 1, 24)
    )
    ann = EmployeeFactory.create(name="Ann")
    rita, ravi = RepFactory.create(name="Rita"), RepFactory.create(name="Ravi")
    denver = RepFactory.create(name="Dee", site=SiteFactory.create(name="Denver"))
    placed = HostingSlotFactory.create(host=rita, start=local(2027, 1, 5, 9))
    AssignmentFactory.create(plan=plan, shadower=ann, slot=placed)
    slots = {
        "free": HostingSlotFactory.create(host=ravi, start=local(2027, 1, 6, 9), capacity=2),
        "full": HostingSlotFactory.create(host=ravi, start=local(2027, 1, 7, 9), capacity=1),
        "ann away": HostingSlotFactory.create(host=rita, start=local(2027, 1, 12, 9)),
        "host away": HostingSlotFactory.create(host=ravi, start=local(2027, 1, 19, 9)),
        "other site": HostingSlotFactory.create(host=denver, start=local(2027, 1, 20, 9)),
        "remote": HostingSlotFactory.create(host=denver, start=local(2027, 1, 21, 9), remote=True),
    }
    AssignmentFactory.create(plan=plan, slot=slots["full"], shadower=EmployeeFactory.create())
    AssignmentFactory.create(plan=plan, slot=slots["free"], shadower=EmployeeFactory.create())
    UnavailabilityFactory.create(
        employee=ann, start=local(2027, 1, 11, 0), end=local(2027, 1, 16, 0), reason="PTO"
    )
    UnavailabilityFactory.create(
        employee=ravi, start=local(2027, 1, 19, 0), end=local(2027, 1, 20, 0), reason="Sick"
    )
    return plan, ann, rita, slots


def test_a_shadower_could_take_free_slots_at_their_site_or_remote_when_nobody_is_away(
    world,
) -> None:
    plan, ann, _, slots = world
    timeline = person_timeline(person=ann, plan=plan)
    week1, week2, week3 = timeline.weeks
    assert [s.other for s in week1.sessions] == ["Rita"]
    assert [o.slot_id for o in week1.open_slots] == [slots["free"].pk]  # not the full one
    assert week1.open_slots[0].free == 1
    assert week2.open_count == 0 and [a.reason for a in week2.away] == ["PTO"]
    assert [o.slot_id for o in week3.open_slots] == [slots["remote"].pk]
    assert timeline.sessions == 1


def test_a_hosts_timeline_lists_whom_they_host(world) -> None:
    plan, _, rita, _ = world
    timeline = person_timeline(person=rita, plan=plan)
    assert timeline.is_host
    assert [s.other for s in timeline.weeks[0].sessions] == ["Ann"]
    assert all(w.open_count == 0 for w in timeline.weeks)


def test_the_timeline_page_names_the_last_day_away(hr_client: Client, world) -> None:
    plan, ann, _, _ = world
    page = hr_client.get(f"/plans/{plan.pk}/people/{ann.pk}/").content.decode()
    assert "Mon 11 Jan to Fri 15 Jan" in page
    assert f'href="/plans/{plan.pk}/grid/?person={ann.employee_id}"' in page
