"""The probes of issue 11, rerun against a running demo server (`make run`, or any port):

    .venv/bin/python bench/probe_security.py http://127.0.0.1:8101

Prints the figures: hostile files tried / server crashes / 500s / leaks / lockouts of others, and the
answers to the concurrent bursts. The lockout probe sends the attacker's requests from 127.0.0.2 (any
loopback address reaches a server listening on 127.0.0.1) so that the server sees two addresses.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from unionsw.core import hostile_xlsx  # noqa: E402 — plain module, no Django needed

PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026")
CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")


class SourceAdapter(HTTPAdapter):
    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def session(source: str | None = None) -> requests.Session:
    s = requests.Session()
    if source:
        s.mount("http://", SourceAdapter(source))
    return s


def alive(base) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=10).status_code < 500
    except requests.RequestException:
        return False


def token(base, username) -> str:
    r = requests.post(base + "/api/v1/auth/token", json={"username": username, "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    return r.json()["token"]


def web_login(base, username, source=None):
    s = session(source)
    s.get(base + "/accounts/login/", timeout=30)
    r = s.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    return s, r


def probe_files(base, figures):
    county, _ = web_login(base, "county")
    bearer = {"Authorization": f"Bearer {token(base, 'county')}"}
    headers = ["姓名", "身份证号", "手机号", "所在单位"]
    files = {name: make(headers) for name, make in hostile_xlsx.ALL.items()}
    before = requests.get(base + "/api/v1/workers?page_size=1", headers=bearer, timeout=30).json().get("count")
    for name, data in files.items():
        for where in ("workers page", "workers API"):
            if where == "workers page":
                r = county.post(
                    base + "/workers/import/",
                    data={"csrfmiddlewaretoken": county.cookies.get("csrftoken", "")},
                    files={"file": ("h.xlsx", data)},
                    headers={"Referer": base + "/workers/import/"},
                    timeout=120,
                )
            else:
                r = requests.post(base + "/api/v1/workers/import", files={"file": ("h.xlsx", data)}, headers=bearer, timeout=120)
            figures["hostile files tried"] += 1
            if r.status_code >= 500:
                figures["500s"] += 1
                print("  500:", name, where)
            elif not CHINESE.search(r.text):
                figures["answers without a Chinese message"] += 1
            if not alive(base):
                figures["server crashes"] += 1
                print("  server down after", name, where)
                return
    after = requests.get(base + "/api/v1/workers?page_size=1", headers=bearer, timeout=30).json().get("count")
    figures["rows changed by hostile files"] += abs((after or 0) - (before or 0))


def burst(n, fn):
    out: list = [None] * n
    start = threading.Barrier(n)

    def run(i):
        start.wait()
        try:
            out[i] = fn(i)
        except requests.RequestException as exc:
            out[i] = type(exc).__name__

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def probe_concurrency(base, figures):
    bearer = {"Authorization": f"Bearer {token(base, 'county')}"}
    worker = requests.get(base + "/api/v1/workers?page_size=1", headers=bearer, timeout=30).json()["results"][0]
    detail = requests.get(f"{base}/api/v1/workers/{worker['id']}", headers=bearer, timeout=30).json()
    version = detail["version"]

    def patch(i):
        body = {"version": version, "reason": "并发测试", "phone": f"139{i:08d}"}
        return requests.patch(f"{base}/api/v1/workers/{worker['id']}", json=body, headers=bearer, timeout=60).status_code

    answers = Counter(burst(20, patch))
    print("  20 same-version PATCHes:", dict(answers))
    figures["500s"] += answers.get(500, 0)
    posts = requests.get(base + "/api/v1/employment/posts?vacant=1", headers=bearer, timeout=30).json()
    holders = {p["holder_id"] for p in requests.get(base + "/api/v1/employment/posts", headers=bearer, timeout=30).json()}
    listed = requests.get(base + "/api/v1/workers?page_size=100", headers=bearer, timeout=30).json()["results"]
    if posts:  # a new worker in the post's unit, so that exactly one fill can succeed
        import secrets

        from unionsw.core.idnumber import build

        body = {
            "name": "并发测试",
            "id_number": build("370102", date(1995, 1, 1), secrets.randbelow(1000)),
            "political_status": "masses",
            "education": "bachelor",
            "employment_mode": "public_hire",
            "org": next(w["org"]["id"] for w in listed if w["org"]["name"] == posts[0]["unit"]) if any(
                w["org"]["name"] == posts[0]["unit"] for w in listed
            ) else listed[0]["org"]["id"],
            "hired_on": date.today().isoformat(),
        }
        created = requests.post(base + "/api/v1/workers", json=body, headers=bearer, timeout=30)
        print("  new worker for the fill burst:", created.status_code, created.text[:100] if created.status_code >= 400 else "")
    workers = [created.json()] if posts and created.status_code == 201 else []
    _ = holders
    if posts and workers:
        post = posts[0]

        def fill(i):  # the same worker into the same vacant post, twelve times at once
            body = {"worker_id": workers[0]["id"], "on": date.today().isoformat(), "reason": "并发测试"}
            r = requests.post(f"{base}/api/v1/employment/posts/{post['id']}/fill", json=body, headers=bearer, timeout=60)
            if r.status_code >= 400:
                print("   ", r.status_code, r.text[:120])
            return r.status_code

        answers = Counter(burst(12, fill))
        print("  12 simultaneous fills of one post:", dict(answers))
        figures["500s"] += answers.get(500, 0)

    def login(i):
        return web_login(base, ["county", "city", "province", "county2", "township", "worker", "judge1", "pingyi1"][i])[1].status_code

    answers = Counter(burst(8, login))
    print("  8 simultaneous logins:", dict(answers))
    figures["500s"] += answers.get(500, 0)


def probe_lockout(base, figures):
    attacker = "127.0.0.2"
    for username in ("auditor", "secadmin", "county"):
        s = session(attacker)
        for _ in range(6):
            s.get(base + "/accounts/login/", timeout=30)
            s.post(
                base + "/accounts/login/",
                data={"username": username, "password": "wrong", "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
                headers={"Referer": base + "/accounts/login/"},
                allow_redirects=False,
                timeout=30,
            )
        _, r = web_login(base, username)  # the owner, from 127.0.0.1
        if r.status_code != 302:
            figures["lockouts of others"] += 1
            print("  locked out:", username, r.status_code)


def visible_names(base, username) -> set[str]:
    """The worker names this user may see: their own record for a worker, else the worker list API."""
    bearer = {"Authorization": f"Bearer {token(base, username)}"}
    if username == "worker":
        s, _ = web_login(base, username)
        page = s.get(base + "/workers/me/", timeout=30).text
        found = re.search(r"<h1[^>]*>\s*([^<·\s]+)", page)
        return {found.group(1).strip()} if found else set()
    names, page = set(), 1
    while True:
        data = requests.get(f"{base}/api/v1/workers?page_size=100&page={page}", headers=bearer, timeout=30).json()
        names |= {w["name"] for w in data.get("results", [])}
        if not data.get("results") or len(names) >= data.get("count", 0):
            return names
        page += 1


def probe_leaks(base, figures):
    for username in ("worker", "township"):
        s, _ = web_login(base, username)
        rounds = [int(m) for m in set(re.findall(r"/assessment/(\d+)/lots/", s.get(base + "/assessment/", timeout=30).text))]
        for pk in rounds or range(1, 4):
            r = s.get(f"{base}/assessment/{pk}/lots/", timeout=30)
            if r.status_code != 200:
                continue
            names = set(re.findall(r"<tr><td>\d+</td><td>([^<]+)</td>", r.text))
            allowed = visible_names(base, username)
            outside = names - allowed
            scoring = any(label in r.text for label in ("已抽签、评议中", "已公布抽签种子哈希"))
            if "由哪组评议" in r.text and scoring:
                figures["leaks"] += 1
                print("  judge mapping shown during scoring to", username, "round", pk)
            figures["leaks"] += len(outside)
            print(f"  lots {pk} as {username}: {len(names)} names shown, {len(outside)} outside the user's scope")


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    assert urlparse(base).scheme == "http"
    figures = Counter({"hostile files tried": 0, "server crashes": 0, "500s": 0, "leaks": 0, "lockouts of others": 0})
    print("hostile files …")
    probe_files(base, figures)
    print("concurrency …")
    probe_concurrency(base, figures)
    print("lockouts …")
    probe_lockout(base, figures)
    print("leaks …")
    probe_leaks(base, figures)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
