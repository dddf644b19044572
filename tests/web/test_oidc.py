"""Single sign-on: the provider's e-mail finds the employee (account made, role given), an
HR account by its own e-mail, and nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from rotations.roles import REP_GROUP
from tests.factories import EmployeeFactory, RepFactory
from tests.web.people import hr_make
from web.oidc import EmployeeOIDCBackend

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "rotations",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.com/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.com/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.com/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


@pytest.fixture
def backend() -> EmployeeOIDCBackend:
    with override_settings(**PROVIDER):
        return EmployeeOIDCBackend()


def test_a_reps_verified_email_signs_in_to_their_own_account_with_the_rep_role(backend):
    rep = RepFactory.create(email="Rita@Example.com")
    claims = {"email": "rita@example.com", "email_verified": True, "sub": "x"}
    assert backend.verify_claims(claims)
    (user,) = backend.filter_users_by_claims(claims)
    rep.refresh_from_db()
    assert rep.user == user
    assert user.groups.get().name == REP_GROUP
    (again,) = backend.filter_users_by_claims(claims)  # the same account next time
    assert again == user


def test_an_unverified_or_missing_email_is_refused(backend):
    assert not backend.verify_claims({"email": "a@example.com", "email_verified": False})
    assert not backend.verify_claims({"sub": "x"})


def test_an_hr_account_matches_by_its_own_email_and_strangers_get_nothing(backend):
    hr = hr_make("hilda")
    hr.email = "hilda@example.com"
    hr.save()
    assert list(backend.filter_users_by_claims({"email": "HILDA@example.com"})) == [hr]
    EmployeeFactory.create(email="gone@example.com", active=False)
    for email in ("stranger@example.com", "gone@example.com"):
        assert not backend.filter_users_by_claims({"email": email}).exists()
    assert backend.create_user({"email": "stranger@example.com"}) is None
    assert User.objects.count() == 1
