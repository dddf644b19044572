"""Signing in, landing pages per role, and the guards every page shares."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import Published
from tests.web.people import PASSWORD, hr_make

pytestmark = pytest.mark.django_db

HR_PAGES = ["/plans/", "/imports/", "/participation/", "/feedback/"]


@pytest.mark.parametrize("url", [*HR_PAGES, "/hosting/", "/sessions/", "/calendar/", "/"])
def test_it_sends_anonymous_visitors_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/login/?next={url}")


def test_the_login_page_labels_its_fields_and_signs_in(client: Client) -> None:
    hr_make("hilda")
    page = client.get("/login/").content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page
    assert "csrfmiddlewaretoken" in page
    response = client.post("/login/", {"username": "hilda", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/")["Location"] == "/plans/"


def test_a_wrong_password_is_refused(client: Client) -> None:
    hr_make("hilda")
    response = client.post("/login/", {"username": "hilda", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_home_sends_each_role_to_its_start_page(
    published: Published, rep_client: Client, employee_client: Client, hr_client: Client
) -> None:
    assert hr_client.get("/")["Location"] == "/plans/"
    assert rep_client.get("/")["Location"] == "/hosting/"
    assert employee_client.get("/")["Location"] == "/sessions/"


def test_an_account_without_a_role_is_told_so(client: Client) -> None:
    client.force_login(User.objects.create_user("nobody", password=PASSWORD))
    response = client.get("/")
    assert response.status_code == 403
    assert "no role" in response.content.decode()


@pytest.mark.parametrize("url", HR_PAGES)
def test_hr_pages_refuse_reps_and_employees(
    url: str, rep_client: Client, employee_client: Client
) -> None:
    assert rep_client.get(url).status_code == 403
    assert employee_client.get(url).status_code == 403


def test_forms_need_the_csrf_token(published: Published) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(published.rep_user)
    response = client.post(
        f"/hosting/{published.upcoming.pk}/confirm/", {"version": published.upcoming.version}
    )
    assert response.status_code == 403
    published.upcoming.refresh_from_db()
    assert published.upcoming.status == "proposed"


def test_sign_out_is_a_post(hr_client: Client) -> None:
    assert hr_client.get("/logout/").status_code == 405
    assert hr_client.post("/logout/")["Location"] == "/login/"
    assert hr_client.get("/plans/").status_code == 302
