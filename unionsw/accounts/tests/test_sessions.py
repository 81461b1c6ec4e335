"""Ending sessions: disabling an account, changing or resetting its password, changing its roles
and forcing it out all raise its session epoch. Every other session of the user is logged out on
its next request, and its API tokens stop working."""

import pytest
from django.test import Client

from unionsw.accounts import services
from unionsw.accounts.api import issue_token

pytestmark = pytest.mark.django_db


def _victim_session(user) -> Client:
    c = Client()
    c.force_login(user)
    assert c.get("/workers/").status_code == 200
    return c


def _assert_logged_out(c: Client, *, by_epoch: bool = True):
    """`by_epoch`: the session guard ended it (and says why). A disabled account or a changed
    password hash is already refused by Django's own session check before the guard runs."""
    r = c.get("/workers/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    if by_epoch:
        assert "_auth_user_id" not in c.session
        assert r["Location"] == "/accounts/login/?ended=1"
        assert "您的登录已失效" in c.get(r["Location"]).content.decode()


def _api_me(token):
    return Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_works_until_the_epoch_moves(world):
    token = issue_token(world.county_a_admin)
    r = _api_me(token)
    assert r.status_code == 200 and r.json()["username"] == "county_a_admin"
    assert _api_me("not-a-token").status_code == 401


def test_disabling_an_account_ends_its_sessions_and_tokens(admins):
    victim = admins.county_a_admin
    c, token = _victim_session(victim), issue_token(victim)
    services.user_set_active(by=admins.sysadmin, user=victim, active=False)
    _assert_logged_out(c, by_epoch=False)
    assert _api_me(token).status_code == 401
    services.user_set_active(by=admins.sysadmin, user=victim, active=True)
    _assert_logged_out(c)  # re-enabling does not revive the old session: its epoch is stale
    assert _api_me(token).status_code == 401


def test_an_administrators_password_reset_ends_sessions_and_tokens(admins):
    victim = admins.county_a_admin
    c, token = _victim_session(victim), issue_token(victim)
    services.password_change(by=admins.sysadmin, user=victim, new_password="Reset!2026x")
    _assert_logged_out(c, by_epoch=False)
    assert _api_me(token).status_code == 401
    victim.refresh_from_db()
    assert victim.must_change_password, "a reset password is an initial password again"


def test_changing_ones_own_password_ends_the_other_sessions(world):
    user = world.county_a_admin
    other, token = _victim_session(user), issue_token(user)
    mine = Client()
    mine.force_login(user)
    r = mine.post(
        "/accounts/password/",
        {"old_password": "Passw0rd!x", "new_password1": "Brand!New9", "new_password2": "Brand!New9"},
    )
    assert r.status_code == 302
    assert mine.get("/workers/").status_code == 200
    _assert_logged_out(other, by_epoch=False)
    assert _api_me(token).status_code == 401


def test_a_role_change_ends_sessions_and_tokens(admins):
    victim = admins.county_a_admin
    c, token = _victim_session(victim), issue_token(victim)
    services.user_set_roles(by=admins.secadmin, user=victim, roles=[admins.roles["township_admin"]])
    _assert_logged_out(c)
    assert _api_me(token).status_code == 401


def test_force_logout_ends_sessions_and_tokens(admins):
    victim = admins.county_a_admin
    c, token = _victim_session(victim), issue_token(victim)
    services.user_force_logout(by=admins.sysadmin, user=victim)
    _assert_logged_out(c)
    assert _api_me(token).status_code == 401


def test_a_security_admin_may_force_a_logout_too(admins):
    victim = admins.county_a_admin
    c = _victim_session(victim)
    services.user_force_logout(by=admins.secadmin, user=victim)
    _assert_logged_out(c)


def test_an_unrelated_users_session_survives(admins):
    bystander = _victim_session(admins.county_b_admin)
    services.user_force_logout(by=admins.sysadmin, user=admins.county_a_admin)
    assert bystander.get("/workers/").status_code == 200
