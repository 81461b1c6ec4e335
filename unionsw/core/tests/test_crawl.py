"""Issue 12: every link the app shows opens for the user who sees it.

Loads the demo province, logs in as every demo role that needs no TOTP, and follows every same-site link on
every page it reaches, two levels deep from the home page. A link the app itself shows must never answer
4xx/5xx, and no page is ever Django's debug page. Links that change state are POST forms, never <a>, so
following every <a href> is safe.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["province", "city", "county", "county2", "township", "worker", "judge1", "pingyi1", "national", "hebei", "qinhuangdao"]
HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"'#][^"']*)["']""", re.I)
SKIP = ("/static/", "/media/", "/accounts/logout", "/api/", "/admin/")
MAX_PAGES_PER_ROLE = 120


def _links(body: str, base: str) -> list[str]:
    out = []
    for href in HREF.findall(body):
        href = urldefrag(unescape(href))[0]
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        if href.startswith("?"):
            href = urlsplit(base).path + href
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP):
            continue
        out.append(href)
    return out


def _crawl(client, username: str) -> tuple[list[str], list[str]]:
    seen, problems = {"/"}, []
    frontier = [("/", "(home)")]
    for _depth in range(3):  # the home page, then two levels of links
        next_frontier = []
        for url, came_from in frontier:
            if len(seen) > MAX_PAGES_PER_ROLE:
                break
            r = client.get(url, follow=True)
            body = r.content.decode(errors="replace") if "html" in r.get("Content-Type", "") else ""
            if r.status_code >= 400:
                problems.append(f"{username}: {url} → {r.status_code} (link on {came_from})")
                continue
            if "Traceback" in body or "You're seeing this error because you have" in body:
                problems.append(f"{username}: {url} shows a debug page (link on {came_from})")
            for link in _links(body, url):
                if link not in seen:
                    seen.add(link)
                    next_frontier.append((link, url))
        frontier = next_frontier
    return sorted(seen), problems


def test_every_link_shown_to_every_demo_role_opens(client):
    from unionsw.accounts.models import User
    from unionsw.demo.province import load_demo

    load_demo(workers=6)
    problems, visited = [], 0
    for username in ROLES:
        user = User.objects.filter(username=username).first()
        assert user is not None, f"demo account {username} is missing"
        client.force_login(user)
        seen, found = _crawl(client, username)
        visited += len(seen)
        problems += found
        client.logout()
    print(f"crawled {visited} links")
    assert visited > 200
    assert not problems, "\n".join(problems)
