"""No over-booking under concurrent requests, through HTTP against a live server.

The booking service waits ROTATIONS_BOOKING_RACE_DELAY_S between its capacity check and
its write; the tests set half a second, which makes a check-then-write race certain (FIELD_NOTES:
without the delay the naive code did not over-book). The same tests against a naive
variant (the slot read without its row lock) show that they can fail: the slot over-books.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from rotations.models import Assignment, AssignmentStatus, Employee, HostingSlot
from rotations.services import booking
from tests.api.conftest import make_user
from tests.factories import (
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# PostgreSQL allows 100 connections and other processes share it: each request holds one.
THREADS = 32
# Wide enough that, on a loaded 2-core CI machine, many requests pass the check inside it
# (at 0.05 s the naive confirmation once over-filled by nothing); with the lock only the
# requests that win a seat wait in it.
DELAY_S = 0.5


def _post(url: str, token: str, body: dict[str, Any] | None = None) -> int:
    request = urllib.request.Request(  # noqa: S310  (the live server's http URL)
        url,
        data=json.dumps(body or {}).encode(),
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _token(username: str, *groups: str, employee: Employee | None = None) -> str:
    user = make_user(username, *groups, employee=employee)
    return str(Token.objects.get_or_create(user=user)[0].key)


def _shadowers(count: int) -> list[Employee]:
    first = EmployeeFactory.create(employee_id="S00000")
    rest = Employee.objects.bulk_create(
        Employee(
            employee_id=f"S{i:05d}",
            name=f"Shadower {i}",
            email=f"s{i}@example.com",
            role="backroom",
            department_id=first.department_id,
            site_id=first.site_id,
        )
        for i in range(1, count)
    )
    return [first, *rest]


def _book_all(
    live_server: Any, count: int, *, same_person: bool = False
) -> tuple[Counter[int], HostingSlot]:
    plan = RotationPlanFactory.create()
    slot = HostingSlotFactory.create(host=RepFactory.create(), start=local(2027, 1, 5), capacity=2)
    people = _shadowers(1 if same_person else count)
    token = _token("hr", "hr")
    url = f"{live_server.url}/api/v1/assignments/"
    bodies = [
        {"plan": plan.pk, "slot": slot.pk, "shadower": people[0 if same_person else i].pk}
        for i in range(count)
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = Counter(pool.map(lambda body: _post(url, token, body), bodies))
    return codes, slot


@pytest.fixture
def race_window(settings: Any) -> None:
    settings.ROTATIONS_BOOKING_RACE_DELAY_S = DELAY_S


@pytest.fixture
def naive_booking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check-then-write without the row locks (the slot's, and the plan's that a booking
    also takes for the rules across slots)."""
    monkeypatch.setattr(
        booking, "_slot_for_update", lambda slot_id: HostingSlot.objects.get(pk=slot_id)
    )
    monkeypatch.setattr(booking, "_plan_for_update", lambda plan_id: None)


def test_500_concurrent_bookings_of_a_two_seat_slot_give_two_rows(live_server, race_window):
    codes, slot = _book_all(live_server, 500)
    assert codes == Counter({201: 2, 409: 498}), codes
    assert Assignment.objects.filter(slot=slot).count() == 2


def test_the_same_person_booked_100_times_at_once_gives_one_row(live_server, race_window):
    codes, slot = _book_all(live_server, 100, same_person=True)
    assert codes == Counter({201: 1, 409: 99}), codes
    assert Assignment.objects.filter(slot=slot).count() == 1


def test_the_race_test_fails_against_a_naive_check_then_write(
    live_server, race_window, naive_booking, capsys
):
    codes, slot = _book_all(live_server, 100)
    rows = Assignment.objects.filter(slot=slot).count()
    with capsys.disabled():
        print(f"\nnaive booking: {codes[201]} accepted, {rows} rows on a capacity-2 slot")
    assert rows > 2, "the naive variant did not over-book: the race test proves nothing"
    assert codes[201] == rows


def _confirm_all(live_server: Any, count: int) -> tuple[Counter[int], HostingSlot]:
    plan = RotationPlanFactory.create(status="published", published_at=timezone.now())
    rep = RepFactory.create()
    slot = HostingSlotFactory.create(host=rep, start=local(2027, 1, 5), capacity=2)
    assignments = Assignment.objects.bulk_create(
        Assignment(plan=plan, slot=slot, shadower=person) for person in _shadowers(count)
    )
    token = _token("host", "rep", employee=rep)
    urls = [f"{live_server.url}/api/v1/assignments/{a.pk}/confirm/" for a in assignments]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = Counter(pool.map(lambda url: _post(url, token), urls))
    return codes, slot


def test_concurrent_confirmations_fill_the_slot_and_no_more(live_server, race_window):
    codes, slot = _confirm_all(live_server, 60)
    assert codes == Counter({200: 2, 409: 58}), codes
    confirmed = Assignment.objects.filter(slot=slot, status=AssignmentStatus.CONFIRMED)
    assert confirmed.count() == 2


def test_naive_confirmations_over_fill_the_slot(live_server, race_window, naive_booking, capsys):
    codes, slot = _confirm_all(live_server, 60)
    confirmed = Assignment.objects.filter(slot=slot, status=AssignmentStatus.CONFIRMED).count()
    with capsys.disabled():
        print(f"\nnaive confirmation: {confirmed} confirmed on a capacity-2 slot")
    assert confirmed > 2, codes
