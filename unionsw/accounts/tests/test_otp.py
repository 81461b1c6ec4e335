"""TOTP: required for the three administrator roles (held at /accounts/otp/ until a valid code),
optional for everyone else (enrolment linked from the profile page)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionsw.core.models import AuditEvent

from .conftest import post_login

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


@pytest.mark.parametrize("name", ["sysadmin", "secadmin", "auditor"])
def test_an_administrator_is_held_at_the_otp_page_until_a_valid_code(admins, client, name):
    user = getattr(admins, name)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert post_login(client, name).status_code == 302
    for path in ("/", "/accounts/users/", "/audit/", "/accounts/profile/"):
        r = client.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/"), path
    r = client.post("/accounts/otp/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert r.status_code == 200 and "动态口令不正确" in r.content.decode()
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/otp/")
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure; the user waits a moment
    r = client.post("/accounts/otp/", {"token": _code(device)})
    assert r.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.totp_verify", actor=user, result="failed").exists()
    assert AuditEvent.objects.filter(action="auth.totp_verify", actor=user, result="ok").exists()


def test_an_administrator_without_a_device_enrols_one_first(admins, client):
    post_login(client, "auditor")
    r = client.get("/accounts/otp/")
    page = r.content.decode()
    assert r.status_code == 200 and "扫描二维码" in page and "data:image/svg+xml" in page
    pending = TOTPDevice.objects.get(user=admins.auditor)
    assert not pending.confirmed
    client.post("/accounts/otp/", {"token": _code(pending)})
    pending.refresh_from_db()
    assert pending.confirmed
    assert client.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.totp_enrol", actor=admins.auditor).exists()


def test_a_new_session_asks_for_the_code_again(admins, client):
    device = TOTPDevice.objects.create(user=admins.sysadmin, name="phone", confirmed=True)
    post_login(client, "sysadmin")
    client.post("/accounts/otp/", {"token": _code(device)})
    client.post("/accounts/logout/")
    post_login(client, "sysadmin")
    assert client.get("/accounts/users/")["Location"].startswith("/accounts/otp/")


def test_others_need_no_code_but_may_enrol_from_the_profile(world, client):
    post_login(client, "county_a_admin")
    assert client.get("/workers/").status_code == 200
    profile = client.get("/accounts/profile/").content.decode()
    assert "绑定动态口令" in profile and "/accounts/otp/" in profile
    pending = TOTPDevice.objects.get(user=world.county_a_admin) if client.get("/accounts/otp/") else None
    client.post("/accounts/otp/", {"token": _code(pending)})
    pending.refresh_from_db()
    assert pending.confirmed
    assert "已绑定" in client.get("/accounts/profile/").content.decode()


def test_the_api_refuses_a_token_to_an_otp_role(admins, client):
    r = client.post("/api/v1/auth/token", {"username": "sysadmin", "password": "Passw0rd!x"}, content_type="application/json")
    assert r.status_code == 401 and "动态口令" in r.json()["detail"]


def test_after_the_code_it_never_redirects_to_another_site(admins, client):
    device = TOTPDevice.objects.create(user=admins.auditor, name="phone", confirmed=True)
    post_login(client, "auditor")
    r = client.post("/accounts/otp/?next=https://evil.example.com/", {"token": _code(device)})
    assert r.status_code == 302 and r["Location"] == "/"


def test_after_the_code_it_follows_a_local_next(admins, client):
    device = TOTPDevice.objects.create(user=admins.auditor, name="phone", confirmed=True)
    post_login(client, "auditor")
    held = client.get("/audit/?actor=x")
    assert held["Location"] == "/accounts/otp/?next=%2Faudit%2F%3Factor%3Dx"
    r = client.post(held["Location"], {"token": _code(device)})
    assert r["Location"] == "/audit/?actor=x"
