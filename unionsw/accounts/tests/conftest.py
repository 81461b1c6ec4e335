"""Fixtures for the account and login-security tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from conftest import make_user

PASSWORD = "Passw0rd!x"  # the password make_user() gives every named actor


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The per-IP login throttle counts in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_login_delay(settings):
    """Most login tests fail several times in a row on purpose; the progressive delay has its own tests
    (test_security_04_lockout.py), which turn it back on."""
    settings.LOGIN_DELAY_SECONDS = 0


@pytest.fixture
def admins(world):
    """The three separated administrators (三员) at the province, plus a county-level system admin."""
    r = world.roles
    world.sysadmin = make_user("sysadmin", world.province, [r["sysadmin"]])
    world.secadmin = make_user("secadmin", world.province, [r["secadmin"]])
    world.auditor = make_user("auditor", world.province, [r["auditor"]])
    world.county_sysadmin = make_user("county_sysadmin", world.county_a, [r["sysadmin"]])
    world.county_b_secadmin = make_user("county_b_secadmin", world.county_b, [r["secadmin"]])
    return world


def post_login(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)
