"""Sign-in for everyone: an e-mailed one-time link for any known employee, password reset,
and a lock after too many wrong passwords (login page, admin)."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from rotations.roles import EMPLOYEE_GROUP, REP_GROUP
from tests.factories import EmployeeFactory, RepFactory
from tests.web.people import PASSWORD, hr_make

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://localhost:8000(/login/link/[^\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the sign-in link rate counts in the cache
    yield
    cache.clear()


def _link(message) -> str:
    (path,) = LINK.findall(str(message.body))
    return str(path)


def test_a_rep_without_an_account_signs_in_from_an_emailed_link(client: Client) -> None:
    rep = RepFactory.create(name="Rita O'Neil", email="Rita.ONeil@example.com")
    answer = client.post("/login/link/", {"email": "rita.oneil@example.com"})
    assert answer.status_code == 200
    assert "a sign-in link is on its way" in answer.content.decode()
    (message,) = mail.outbox
    assert message.to == ["rita.oneil@example.com"]
    path = _link(message)

    page = client.get(path)  # a mail scanner opening it signs nobody in
    assert page.status_code == 200
    assert client.get("/hosting/").status_code == 302
    response = client.post(path)
    assert response.status_code == 302
    assert client.get("/")["Location"] == "/hosting/"
    rep.refresh_from_db()
    assert rep.user is not None
    assert list(rep.user.groups.values_list("name", flat=True)) == [REP_GROUP]
    assert not rep.user.has_usable_password()

    again = Client().post(path)  # one-time
    assert again.status_code == 410
    assert "expired or was used already" in again.content.decode()


def test_a_backroom_employee_gets_the_employee_role_and_lands_on_their_sessions(
    client: Client,
) -> None:
    person = EmployeeFactory.create()
    client.post("/login/link/", {"email": person.email})
    client.post(_link(mail.outbox[0]))
    assert client.get("/")["Location"] == "/sessions/"
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.groups.get().name == EMPLOYEE_GROUP


def test_an_unknown_or_inactive_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    EmployeeFactory.create(email="gone@example.com", active=False)
    for email in ("nobody@example.com", "gone@example.com"):
        answer = client.post("/login/link/", {"email": email})
        assert answer.status_code == 200
        assert "a sign-in link is on its way" in answer.content.decode()
    assert mail.outbox == []
    assert not User.objects.exists()


def test_a_tampered_link_signs_nobody_in(client: Client) -> None:
    person = EmployeeFactory.create()
    client.post("/login/link/", {"email": person.email})
    path = _link(mail.outbox[0])
    forged = path[:-4] + ("A" if path[-4] != "A" else "B") + path[-3:]
    assert client.post(forged).status_code == 410
    assert client.get("/sessions/").status_code == 302


@override_settings(SESAME_MAX_AGE=1)
def test_a_link_older_than_its_lifetime_is_refused(client: Client) -> None:
    person = EmployeeFactory.create()
    client.post("/login/link/", {"email": person.email})
    time.sleep(2.1)
    assert client.post(_link(mail.outbox[0])).status_code == 410


@override_settings(SIGNIN_LINK_RATE=(3, 3600))
def test_asking_for_links_too_often_is_refused(client: Client) -> None:
    person = EmployeeFactory.create()
    codes = [client.post("/login/link/", {"email": person.email}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_sets_a_new_password(client: Client) -> None:
    user = hr_make("hilda")
    user.email = "hilda@example.com"
    user.save()
    client.post("/password-reset/", {"email": "hilda@example.com"})
    (message,) = mail.outbox
    (path,) = re.findall(r"http://testserver(/password-reset/[^\s]+/)", str(message.body))
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long pass phrase", "new_password2": "a new long pass phrase"},
    )
    assert done.status_code == 302
    assert Client().post("/login/", {"username": "hilda", "password": PASSWORD}).status_code == 200
    ok = Client().post("/login/", {"username": "hilda", "password": "a new long pass phrase"})
    assert ok.status_code == 302


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
@override_settings(AXES_FAILURE_LIMIT=10, AXES_COOLOFF_TIME=dt.timedelta(seconds=3))
def test_twenty_wrong_passwords_lock_the_account_until_the_lock_expires(url: str) -> None:
    user = hr_make("hilda")
    user.is_staff = True
    user.save()
    client = Client()
    codes = [
        client.post(url, {"username": "hilda", "password": f"wrong {i}"}).status_code
        for i in range(20)
    ]
    assert codes[:9] == [200] * 9  # the form again, "wrong password"
    assert set(codes[10:]) == {429}  # locked out
    locked = client.post(url, {"username": "hilda", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert client.get("/plans/").status_code == 302  # not signed in
    time.sleep(3.2)
    response = client.post(url, {"username": "hilda", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/plans/").status_code == 200
