"""The calendar endpoints: feed links rotated and revoked, busy times uploaded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from calendars.models import FeedToken
from rotations.models import Employee, Unavailability
from rotations.roles import EMPLOYEE_GROUP, HR_GROUP
from tests.calendars.conftest import get_feed
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    b"DTSTAMP:20270101T000000Z\r\nDTSTART:20270302T150000Z\r\nDTEND:20270302T160000Z\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _client(group: str, employee: Employee | None = None) -> APIClient:
    user = User.objects.create_user(f"user-{group}-{User.objects.count()}")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if employee is not None:
        employee.user = user
        employee.save()
    client = APIClient()
    client.force_login(user)
    return client


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def test_my_link_rotates_and_the_old_url_is_404_at_once(published, client):
    me = published.shadower("E1")
    api = _client(EMPLOYEE_GROUP, me)
    first = api.post("/api/v1/me/calendar/")
    assert first.status_code == 201
    https, webcal = first.json()["url"], first.json()["webcal"]
    assert https.startswith("http://testserver/cal/") and https.endswith(".ics")
    assert webcal == "webcal://" + https.split("://", 1)[1]
    assert get_feed(client, _token(https)).status_code == 200

    second = api.post("/api/v1/me/calendar/").json()["url"]
    assert get_feed(client, _token(https)).status_code == 404
    assert get_feed(client, _token(second)).status_code == 200
    assert api.delete("/api/v1/me/calendar/").status_code == 204
    assert get_feed(client, _token(second)).status_code == 404


def test_tokens_carry_at_least_128_random_bits(published):
    api = _client(EMPLOYEE_GROUP, published.shadower("E1"))
    tokens = {_token(api.post("/api/v1/me/calendar/").json()["url"]) for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(t) >= 43 for t in tokens)  # 32 bytes in URL-safe base64: 256 bits


def test_hr_rotates_and_revokes_an_employees_link(published, client):
    hr = _client(HR_GROUP)
    e2 = published.shadower("E2")
    url = f"/api/v1/employees/{e2.pk}/calendar-token/"
    assert hr.get(url).json() == {"active": False, "url": None, "webcal": None}
    issued = hr.post(url)
    assert issued.status_code == 201
    assert hr.get(url).json()["active"] is True
    assert get_feed(client, _token(issued.json()["url"])).status_code == 200
    assert hr.delete(url).status_code == 204
    assert get_feed(client, _token(issued.json()["url"])).status_code == 404


def test_hr_gets_a_feed_of_the_whole_plan(published, client):
    hr = _client(HR_GROUP)
    issued = hr.post(f"/api/v1/plans/{published.plan.pk}/calendar-token/")
    assert issued.status_code == 201
    body = get_feed(client, _token(issued.json()["url"])).content
    assert body.count(b"BEGIN:VEVENT") == len(published.pairs)
    assert FeedToken.objects.get(plan=published.plan).employee is None


def test_an_employee_cannot_manage_someone_elses_link(published):
    api = _client(EMPLOYEE_GROUP, published.shadower("E1"))
    other = published.shadower("E2")
    response = api.post(f"/api/v1/employees/{other.pk}/calendar-token/")
    assert response.status_code == 403
    assert "errors" in response.json()
    assert api.post(f"/api/v1/plans/{published.plan.pk}/calendar-token/").status_code == 403
    assert not FeedToken.objects.exists()


def test_an_unknown_employee_or_plan_is_404():
    hr = _client(HR_GROUP)
    assert hr.post("/api/v1/employees/999999/calendar-token/").status_code == 404
    assert hr.post("/api/v1/plans/999999/calendar-token/").status_code == 404


def test_an_employee_uploads_their_busy_times():
    me = EmployeeFactory.create()
    api = _client(EMPLOYEE_GROUP, me)
    response = api.post(
        "/api/v1/me/busy-calendar/",
        {"file": _upload(ICS), "start": "2027-03-01", "until": "2027-03-31"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["events"] == 1
    assert len(response.json()["intervals"]) == 1
    assert Unavailability.objects.filter(employee=me).count() == 1


def test_hr_uploads_anyones_and_an_employee_only_their_own():
    someone = EmployeeFactory.create()
    hr = _client(HR_GROUP)
    url = f"/api/v1/employees/{someone.pk}/busy-calendar/"
    data = {"start": "2027-03-01", "until": "2027-03-31"}
    assert hr.post(url, {"file": _upload(ICS), **data}, format="multipart").status_code == 201
    employee = _client(EMPLOYEE_GROUP, EmployeeFactory.create())
    refused = employee.post(url, {"file": _upload(ICS), **data}, format="multipart")
    assert refused.status_code == 403


def test_a_bad_upload_is_400_naming_the_field():
    me = EmployeeFactory.create()
    api = _client(EMPLOYEE_GROUP, me)
    bad = api.post(
        "/api/v1/me/busy-calendar/", {"file": _upload(b"not a calendar")}, format="multipart"
    )
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["file"]
    missing = api.post("/api/v1/me/busy-calendar/", {}, format="multipart")
    assert missing.status_code == 400
    assert [e["field"] for e in missing.json()["errors"]] == ["file"]
    reversed_period = api.post(
        "/api/v1/me/busy-calendar/",
        {"file": _upload(ICS), "start": "2027-03-31", "until": "2027-03-01"},
        format="multipart",
    )
    assert [e["field"] for e in reversed_period.json()["errors"]] == ["until"]
    assert not Unavailability.objects.filter(employee=me).exists()


def test_an_upload_above_the_limit_is_413_and_writes_nothing(settings):
    settings.API_UPLOAD_MAX_BYTES = 100
    me = EmployeeFactory.create()
    api = _client(EMPLOYEE_GROUP, me)
    big = api.post(
        "/api/v1/me/busy-calendar/",
        {"file": _upload(ICS), "start": "2027-03-01", "until": "2027-03-31"},
        format="multipart",
    )
    assert big.status_code == 413
    assert [e["field"] for e in big.json()["errors"]] == ["file"]
    assert not Unavailability.objects.filter(employee=me).exists()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("calendar.ics", content, content_type="text/calendar")
