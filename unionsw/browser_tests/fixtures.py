"""Real-browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Fixtures:
- `browser`: one Chromium per test process (per xdist worker), launched from CHROMIUM_PATH
  (default /usr/bin/chromium) with the flags that work in this sandbox;
- `anon_page`: a fresh page of the live server, not logged in;
- `page_as(user)`: a fresh page logged in as `user` through the real login form (and the TOTP page
  for administrator roles). Test users' password is conftest.make_user's.

When Chromium or Playwright is missing the tests SKIP with a one-line reason, unless CI=true: then
they FAIL, so a CI machine cannot silently drop them. On failure every open page is screenshotted
into <pytest basetemp>/browser-screenshots (or $BROWSER_SCREENSHOTS); the path is printed.

Mark every test here with @pytest.mark.browser (`-m "not browser"` leaves them out).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "Passw0rd!x"  # conftest.make_user
TIMEOUT_MS = 15_000


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run and CI=true requires them: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    # Playwright's sync API keeps an asyncio loop in this thread; Django's ORM would then refuse to run
    # from the test body ("async context"). The test body is plain synchronous code, so allow it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    yield pw
    pw.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    try:
        chromium = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # any launch failure means "no usable browser here"
        _unavailable(f"Chromium did not start: {str(exc).strip().splitlines()[0]}")
    yield chromium
    chromium.close()


@pytest.fixture
def _pages(browser, live_server, request, tmp_path_factory):
    """Opens browser contexts for a test; screenshots them if the test failed; closes them."""
    opened = []

    def new_page():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened.append((context, page))
        return page

    yield new_page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "browser-screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        for i, (_, page) in enumerate(opened):
            path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}-{i}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                print(f"browser screenshot: {path} ({page.url})")
            except Exception as exc:  # a dead page must not hide the failure of the test itself
                print(f"browser screenshot failed: {exc}")
    for context, _ in opened:
        context.close()


@pytest.fixture
def anon_page(_pages):
    return _pages()


def _totp(user) -> str:
    """The current TOTP code of the user's device (creating a confirmed one if needed), as an
    authenticator app would show it."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="browser", defaults={"confirmed": True})
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def page_as(_pages):
    def login(user, password: str = PASSWORD):
        page = _pages()
        if user.requires_otp:
            _totp(user)  # the device exists before the login, as for a real administrator
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/otp/" in page.url:
            page.fill("#token", _totp(user))
            page.click("form button[type=submit]")
            page.wait_for_load_state()
        assert "/accounts/login/" not in page.url and "/accounts/otp/" not in page.url, f"login as {user} failed: {page.url}"
        return page

    return login
