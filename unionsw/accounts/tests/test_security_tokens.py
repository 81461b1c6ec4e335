"""Issue 11: a user sees their live API tokens, revokes one, or logs out everywhere (sessions and tokens)."""

from __future__ import annotations

import pytest

from unionsw.accounts.api import issue_token
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_token_list_shows_only_my_live_tokens_and_revoking_one_kills_it(world, client):
    mine, other = issue_token(world.county_a_admin), issue_token(world.county_b_admin)
    second = issue_token(world.county_a_admin)
    listed = client.get("/api/v1/auth/tokens", **_bearer(mine)).json()
    assert len(listed) == 2 and sum(t["current"] for t in listed) == 1
    victim = next(t for t in listed if not t["current"])
    assert client.post(f"/api/v1/auth/tokens/{victim['id']}/revoke", **_bearer(mine)).status_code == 204
    assert client.get("/api/v1/auth/me", **_bearer(second)).status_code == 401
    assert client.get("/api/v1/auth/me", **_bearer(mine)).status_code == 200
    assert AuditEvent.objects.filter(action="auth.token_revoke", actor=world.county_a_admin).count() == 1
    # another user's token is not mine to revoke: 404, and it still works
    theirs = client.get("/api/v1/auth/tokens", **_bearer(other)).json()[0]["id"]
    assert client.post(f"/api/v1/auth/tokens/{theirs}/revoke", **_bearer(mine)).status_code == 404
    assert client.get("/api/v1/auth/me", **_bearer(other)).status_code == 200


def test_api_logout_revokes_the_presenting_token_only(world, client):
    a, b = issue_token(world.county_a_admin), issue_token(world.county_a_admin)
    assert client.post("/api/v1/auth/logout", **_bearer(a)).status_code == 204
    assert client.get("/api/v1/auth/me", **_bearer(a)).status_code == 401
    assert client.get("/api/v1/auth/me", **_bearer(b)).status_code == 200


def test_the_profile_page_lists_tokens_and_logging_out_everywhere_ends_sessions_and_tokens(world, login):
    key = issue_token(world.county_a_admin)
    client = login(world.county_a_admin)
    page = client.get("/accounts/profile/").content.decode()
    assert "登录与接口令牌" in page and "吊销" in page and "退出所有设备" in page
    response = client.post("/accounts/logout/everywhere/")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302  # this session ended too
    assert client.get("/api/v1/auth/me", **_bearer(key)).status_code == 401
    assert AuditEvent.objects.filter(action="user.logout_everywhere").count() == 1


def test_revoking_from_the_profile_page(world, login):
    from unionsw.accounts.selectors import token_list_live

    issue_token(world.county_a_admin)
    token = token_list_live(world.county_a_admin).get()
    client = login(world.county_a_admin)
    assert client.get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 302
    assert not token_list_live(world.county_a_admin).exists()
    other = issue_token(world.county_b_admin)  # noqa: F841
    theirs = token_list_live(world.county_b_admin).get()
    assert client.post(f"/accounts/profile/tokens/{theirs.pk}/revoke/").status_code == 404
    assert token_list_live(world.county_b_admin).exists()
