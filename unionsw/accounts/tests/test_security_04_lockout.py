"""Issue 11, finding 4 — five wrong passwords from one address locked `auditor`/`secadmin` for
everyone, the token endpoint included. Now the lock is per (account, address) with a progressive
delay before it, the account's owner still gets in from their own address, and the login log raises
a per-account alarm."""

from __future__ import annotations

import pytest

from unionsw.accounts.models import LoginRecord
from unionsw.core.models import AuditEvent

from .conftest import PASSWORD, post_login

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.9", "10.0.0.5"


def token(client, username, password, ip):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


def test_an_attacker_cannot_lock_the_security_admin_out(admins, client):
    for _ in range(6):
        post_login(client, "secadmin", "wrong", ip=ATTACKER)
    assert post_login(client, "secadmin", ip=ATTACKER).status_code == 429  # locked where the attack comes from
    r = post_login(client, "secadmin", ip=OWNER)
    assert r.status_code == 302  # the owner's own address is not locked (on to the OTP step)


def test_the_token_endpoint_follows_the_same_pairs(world, client):
    for _ in range(5):
        token(client, "county_a_admin", "wrong", ATTACKER)
    assert token(client, "county_a_admin", PASSWORD, ATTACKER).status_code == 429
    assert token(client, "county_a_admin", PASSWORD, OWNER).status_code == 200


def test_failures_are_slowed_down_progressively(world, client, settings):
    settings.LOGIN_DELAY_SECONDS = 30
    assert post_login(client, "county_a_admin", "wrong", ip=ATTACKER).status_code == 200  # 1st: no delay yet
    assert post_login(client, "county_a_admin", "wrong", ip=ATTACKER).status_code == 200  # 2nd: delay starts
    r = post_login(client, "county_a_admin", PASSWORD, ip=ATTACKER)
    assert r.status_code == 429 and "秒后再试" in r.content.decode() and int(r["Retry-After"]) == 30
    assert token(client, "county_a_admin", PASSWORD, ATTACKER).status_code == 429
    assert post_login(client, "county_a_admin", ip=OWNER).status_code == 302  # not for the owner's address


def test_the_delay_doubles_and_is_capped(world, client, settings):
    from unionsw.accounts import throttle

    settings.LOGIN_DELAY_SECONDS = 1
    settings.LOGIN_DELAY_MAX_SECONDS = 6
    waits = []
    for _ in range(6):
        throttle.record_failure("someone", ATTACKER)
        waits.append(throttle.wait_seconds("someone", ATTACKER))
    assert waits == [0, 1, 2, 4, 6, 6]


def test_a_spread_out_attack_raises_an_alarm_in_the_login_log(world, client, login):
    for i in range(5):
        post_login(client, "county_a_admin", "wrong", ip=f"198.51.100.{i}")
    alarm = LoginRecord.objects.get(username="county_a_admin", reason__startswith="告警")
    assert "失败 5 次" in alarm.reason and "5 个地址" in alarm.reason
    assert AuditEvent.objects.filter(action="auth.alarm", actor_name="county_a_admin").exists()
    assert post_login(client, "county_a_admin", ip=OWNER).status_code == 302  # and nobody was locked out


def test_the_security_admins_unlock_also_clears_the_delay(admins, client, login, settings):
    from unionsw.accounts import throttle

    settings.LOGIN_DELAY_SECONDS = 30
    for _ in range(5):
        post_login(client, "county_a_admin", "wrong", ip=ATTACKER)
    assert throttle.wait_seconds("county_a_admin", ATTACKER) > 0
    login(admins.secadmin).post(f"/accounts/users/{admins.county_a_admin.pk}/unlock/")
    assert throttle.wait_seconds("county_a_admin", ATTACKER) == 0
