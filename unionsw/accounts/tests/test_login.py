"""Login security through the real login view and real django-axes: lockout, per-IP throttle,
first-login password change, password expiry, idle timeout and the login/logout audit."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from unionsw.accounts.models import LoginRecord, User
from unionsw.core.models import AuditEvent

from .conftest import PASSWORD, post_login

pytestmark = pytest.mark.django_db


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- lockout (django-axes: 5 failures → 15 minutes) ----------------------------------------------


def test_four_failures_do_not_lock_the_account(world, client):
    for _ in range(4):
        assert post_login(client, "county_a_admin", "wrong").status_code == 200
    r = post_login(client, "county_a_admin")
    assert r.status_code == 302 and _logged_in(client)


def test_five_failures_lock_the_account_even_against_the_right_password(world, client):
    for _ in range(5):
        post_login(client, "county_a_admin", "wrong")
    r = post_login(client, "county_a_admin")
    assert r.status_code == 429
    assert "锁定 15 分钟" in r.content.decode()
    assert not _logged_in(client)


def test_the_lock_ends_after_fifteen_minutes(world, client):
    for _ in range(5):
        post_login(client, "county_a_admin", "wrong")
    assert post_login(client, "county_a_admin").status_code == 429
    AccessAttempt.objects.filter(username="county_a_admin").update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert post_login(client, "county_a_admin").status_code == 429, "still locked at 14 minutes"
    AccessAttempt.objects.filter(username="county_a_admin").update(attempt_time=timezone.now() - timedelta(minutes=16))
    r = post_login(client, "county_a_admin")
    assert r.status_code == 302 and _logged_in(client)


def test_the_lock_is_per_account(world, client):
    for _ in range(5):
        post_login(client, "county_a_admin", "wrong")
    assert post_login(client, "county_b_admin").status_code == 302


def test_the_settings_say_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


# --- per-IP throttle ----------------------------------------------------------------------------


def test_an_address_that_keeps_failing_is_throttled_across_usernames(world, client, settings):
    settings.IP_FAILURE_LIMIT = 3
    for name in ("a1", "a2", "a3"):
        assert post_login(client, name, "wrong", ip="10.9.9.9").status_code == 200
    r = post_login(client, "county_a_admin", ip="10.9.9.9")
    assert r.status_code == 429 and "该地址登录失败次数过多" in r.content.decode()
    assert not _logged_in(client)
    assert AuditEvent.objects.filter(action="auth.login", result="denied", detail__reason="ip_throttled").exists()
    # another address is not affected
    assert post_login(client, "county_a_admin", ip="10.9.9.10").status_code == 302


def test_an_address_below_the_limit_may_still_log_in(world, client, settings):
    settings.IP_FAILURE_LIMIT = 3
    for name in ("a1", "a2"):
        post_login(client, name, "wrong", ip="10.9.9.9")
    assert post_login(client, "county_a_admin", ip="10.9.9.9").status_code == 302


# --- first login and expiry ------------------------------------------------------------------------


def test_an_initial_password_must_be_changed_before_anything_else(world, client):
    User.objects.filter(pk=world.county_a_admin.pk).update(must_change_password=True)
    post_login(client, "county_a_admin")
    r = client.get("/workers/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/password/")
    r = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "N3w!Secret", "new_password2": "N3w!Secret"},
    )
    assert r.status_code == 302
    user = User.objects.get(pk=world.county_a_admin.pk)
    assert not user.must_change_password and user.check_password("N3w!Secret")
    assert client.get("/workers/").status_code == 200, "the session that changed the password stays valid"
    assert AuditEvent.objects.filter(action="user.password_change", target_id=str(user.pk)).exists()


def _age_password(user, delta):
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - delta)


def test_a_password_changed_within_ninety_days_is_still_valid(world, client):
    assert settings.PASSWORD_EXPIRY_DAYS == 90
    _age_password(world.county_a_admin, timedelta(days=90) - timedelta(minutes=5))
    post_login(client, "county_a_admin")
    assert client.get("/workers/").status_code == 200


def test_a_password_older_than_ninety_days_must_be_changed(world, client):
    _age_password(world.county_a_admin, timedelta(days=91))
    post_login(client, "county_a_admin")
    r = client.get("/workers/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/password/")
    assert "密码已超过 90 天未修改" in client.get("/accounts/password/").content.decode()


def test_the_expiry_follows_the_setting(world, client, settings):
    settings.PASSWORD_EXPIRY_DAYS = 30
    _age_password(world.county_a_admin, timedelta(days=31))
    post_login(client, "county_a_admin")
    assert client.get("/workers/")["Location"].startswith("/accounts/password/")


# --- idle timeout ---------------------------------------------------------------------------------


def test_sessions_expire_after_thirty_idle_minutes_and_each_request_extends_them(world, client, monkeypatch):
    """Issue 13: the session is not written on every request, but a request more than SESSION_RENEW_SECONDS
    (60 s) after the last renewal restarts the idle clock, so the idle timeout stays 29-30 minutes."""
    from unionsw.core import observability

    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is False and settings.SESSION_RENEW_SECONDS == 60
    post_login(client, "county_a_admin")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    later = observability.time.time() + 61
    monkeypatch.setattr(observability.time, "time", lambda: later)  # 61 s after the login
    assert client.get("/workers/").status_code == 200
    expire = Session.objects.get(session_key=key).expire_date
    assert expire > timezone.now() + timedelta(minutes=29), "a request restarts the 30-minute idle clock"


def test_an_idle_session_is_logged_out(world, client):
    post_login(client, "county_a_admin")
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get("/workers/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


# --- login log and audit --------------------------------------------------------------------------


def test_login_logout_and_failure_are_recorded_with_the_address(world, client):
    post_login(client, "county_a_admin", "wrong", ip="10.1.2.3")
    post_login(client, "nobody", "wrong", ip="10.1.2.3")
    post_login(client, "county_a_admin", ip="10.1.2.4")
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.4")

    failed = AuditEvent.objects.get(action="auth.login", result="failed", actor_name="county_a_admin")
    assert failed.ip == "10.1.2.3"
    ok = AuditEvent.objects.get(action="auth.login", result="ok", actor_name="county_a_admin")
    assert ok.ip == "10.1.2.4" and ok.actor_id == world.county_a_admin.pk
    out = AuditEvent.objects.get(action="auth.logout")
    assert out.ip == "10.1.2.4" and out.actor_id == world.county_a_admin.pk

    records = {(r.username, r.success, r.ip) for r in LoginRecord.objects.all()}
    assert records == {("county_a_admin", False, "10.1.2.3"), ("nobody", False, "10.1.2.3"), ("county_a_admin", True, "10.1.2.4")}
    assert LoginRecord.objects.get(username="county_a_admin", success=False).user_id == world.county_a_admin.pk
    assert LoginRecord.objects.get(username="nobody").user_id is None


def test_a_locked_attempt_is_recorded_as_denied(world, client):
    for _ in range(6):
        post_login(client, "county_a_admin", "wrong")
    assert LoginRecord.objects.filter(username="county_a_admin", reason="账号已锁定").exists()
    assert AuditEvent.objects.filter(action="auth.login", result="denied", detail__reason="locked").exists()


def test_logout_needs_a_post(world, client):
    post_login(client, "county_a_admin")
    client.get("/accounts/logout/")
    assert _logged_in(client)
    client.post("/accounts/logout/")
    assert not _logged_in(client)
