"""manage.py grant_role: accounts for a trial of the pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from rotations.roles import employee_for, is_hr, is_rep
from tests.factories import RepFactory

pytestmark = pytest.mark.django_db


def test_it_creates_the_account_with_a_password_and_links_the_employee(capsys) -> None:
    rep = RepFactory.create(employee_id="R7")
    call_command("grant_role", "rita", "rep", "--employee", "R7")
    out = capsys.readouterr().out
    password = out.rsplit("password (shown once): ", 1)[1].strip()
    user = User.objects.get(username="rita")
    assert user.check_password(password)
    assert is_rep(user) and not is_hr(user)
    assert employee_for(user) == rep


def test_it_adds_a_role_to_an_existing_account_without_touching_its_password(capsys) -> None:
    User.objects.create_user("hilda", password="kept-password-123")
    call_command("grant_role", "hilda", "hr")
    user = User.objects.get(username="hilda")
    assert is_hr(user)
    assert user.check_password("kept-password-123")
    assert "password" not in capsys.readouterr().out


def test_an_unknown_employee_is_refused() -> None:
    with pytest.raises(CommandError, match='no employee with employee_id "nope"'):
        call_command("grant_role", "x", "employee", "--employee", "nope")
    assert not User.objects.exists()
