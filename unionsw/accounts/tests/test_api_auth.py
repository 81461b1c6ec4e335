"""POST /api/v1/auth/token and bearer tokens: what a token is worth, and when it dies."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from unionsw.accounts import services
from unionsw.accounts.api import issue_token
from unionsw.accounts.models import ApiToken
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
PROBE = "/api/v1/orgs"
PASSWORD = "Passw0rd!x"  # conftest.make_user


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the per-IP failure counter lives in the cache
    yield
    cache.clear()


def obtain(client, username, password=PASSWORD):
    return client.post(TOKEN_URL, json.dumps({"username": username, "password": password}), content_type="application/json")


def probe(client, token):
    return client.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_valid_credentials_give_a_working_token(world, client):
    r = obtain(client, "county_a_admin")
    assert r.status_code == 200
    token = r.json()["token"]
    assert len(token) >= 40 and r.json()["expires_at"]
    assert probe(client, token).status_code == 200
    row = ApiToken.objects.get(user=world.county_a_admin)
    assert row.key_hash != token  # only the hash is stored
    assert AuditEvent.objects.filter(action="auth.token", actor=world.county_a_admin, result="ok").exists()


@pytest.mark.parametrize(("username", "password"), [("county_a_admin", "wrong"), ("nobody", PASSWORD)])
def test_wrong_credentials_get_a_json_401_and_no_token(world, client, username, password):
    r = obtain(client, username, password)
    assert r.status_code == 401
    assert r.json() == {"detail": "用户名或密码错误（连续失败 5 次将锁定 15 分钟）"}
    assert not ApiToken.objects.exists()


def test_a_locked_account_gets_no_token_even_with_the_right_password(world, client):
    for _ in range(4):
        assert obtain(client, "county_a_admin", "wrong").status_code == 401
    assert obtain(client, "county_a_admin", "wrong").status_code == 429  # the fifth failure locks
    r = obtain(client, "county_a_admin")
    assert r.status_code == 429
    assert r["Content-Type"].startswith("application/json")
    assert "已锁定" in r.json()["detail"]
    assert not ApiToken.objects.exists()


def test_four_failures_do_not_lock(world, client):
    for _ in range(4):
        obtain(client, "county_a_admin", "wrong")
    assert obtain(client, "county_a_admin").status_code == 200


def test_an_address_with_too_many_failures_is_throttled(world, client, settings):
    settings.IP_FAILURE_LIMIT = 3
    for name in ("a", "b", "c"):
        assert obtain(client, name, "wrong").status_code == 401
    r = obtain(client, "county_a_admin")
    assert r.status_code == 429 and r.json()["detail"] == "该地址登录失败次数过多，请 15 分钟后再试"
    assert not ApiToken.objects.exists()


def test_a_disabled_account_gets_no_token(world, client):
    world.county_a_admin.is_active = False
    world.county_a_admin.save()
    assert obtain(client, "county_a_admin").status_code == 401


def test_roles_that_need_totp_must_use_the_web_login(world, client):
    from conftest import make_user

    make_user("sys", world.province, [world.roles["sysadmin"]])
    r = obtain(client, "sys")
    assert r.status_code == 401 and r.json()["detail"] == "该角色须使用动态口令，请通过网页登录"


def test_an_initial_password_must_be_changed_first(world, client):
    world.county_a_admin.must_change_password = True
    world.county_a_admin.save()
    r = obtain(client, "county_a_admin")
    assert r.status_code == 401 and "修改密码" in r.json()["detail"]


@pytest.mark.parametrize(
    "raw",
    [
        "{bad json",
        "",
        "[]",
        '{"username": 1, "password": 2}',
        '{"username": "x"}',
        '{"username": "x", "password": "y", "z": 1}',
        '{"username": "a\\u0000b", "password": "y"}',
        '{"username": "' + "u" * 151 + '", "password": "y"}',
    ],
)
def test_a_malformed_token_request_is_a_400_or_401_in_json(world, client, raw):
    r = client.post(TOKEN_URL, raw, content_type="application/json")
    assert r.status_code in (400, 401)
    assert r.json()["detail"]


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000, "Token abc"]
)
def test_missing_or_bogus_tokens_get_a_json_401(world, client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    r = client.get(PROBE, **extra)
    assert r.status_code == 401 and r.json() == {"detail": "未登录或令牌无效、已过期"}


def test_an_expired_token_is_refused(world, client):
    token = issue_token(world.county_a_admin)
    assert probe(client, token).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert probe(client, token).status_code == 401


def test_a_password_change_revokes_every_token(world, client):
    token = issue_token(world.county_a_admin)
    services.password_change(by=world.county_a_admin, user=world.county_a_admin, new_password="N3w-Passw0rd!")
    assert probe(client, token).status_code == 401


def test_a_forced_logout_revokes_every_token(world, client):
    from conftest import make_user

    token = issue_token(world.county_a_admin)
    sysadmin = make_user("sys", world.province, [world.roles["sysadmin"]])
    services.user_force_logout(by=sysadmin, user=world.county_a_admin)
    assert probe(client, token).status_code == 401
    # a token minted after the logout works
    world.county_a_admin.refresh_from_db()
    assert probe(client, issue_token(world.county_a_admin)).status_code == 200


def test_disabling_the_account_revokes_every_token(world, client):
    from conftest import make_user

    token = issue_token(world.county_a_admin)
    sysadmin = make_user("sys", world.province, [world.roles["sysadmin"]])
    services.user_set_active(by=sysadmin, user=world.county_a_admin, active=False)
    assert probe(client, token).status_code == 401


def test_a_role_change_takes_effect_on_the_next_call(world, client):
    from conftest import make_user

    token = issue_token(world.township_admin)
    assert probe(client, token).status_code == 200
    secadmin = make_user("sec", world.province, [world.roles["secadmin"]])
    services.user_set_roles(by=secadmin, user=world.township_admin, roles=[world.roles["worker"]])
    assert probe(client, token).status_code == 401


def test_dead_tokens_are_dropped_when_a_new_one_is_issued(world, client):
    live = issue_token(world.county_a_admin)
    issue_token(world.county_a_admin)
    ApiToken.objects.filter(user=world.county_a_admin).exclude(key_hash=ApiToken.objects.order_by("id").first().key_hash).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    other = issue_token(world.county_b_admin)
    ApiToken.objects.filter(user=world.county_b_admin).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert ApiToken.objects.count() == 3
    issue_token(world.county_a_admin)
    # county A: the expired one is gone, the live one and the new one stay; county B's is not touched
    assert ApiToken.objects.filter(user=world.county_a_admin).count() == 2
    assert probe(client, live).status_code == 200
    assert ApiToken.objects.filter(user=world.county_b_admin).count() == 1 and probe(client, other).status_code == 401
