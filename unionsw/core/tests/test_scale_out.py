"""Scale-out with the real services (issue 13): two gunicorn app servers and one Celery worker on the same
PostgreSQL and Redis.

- a lockout made through one server holds in the other;
- a job started through one shows its progress through the other and finishes after the first is restarted;
- a policy change made through one is seen by the other;
- two simultaneous fills of one post through different servers give exactly one holder.

Runs in `make test-scale-out` (part of `CI=true make test`), selected by SCALE_OUT=1 (root conftest.py
deselects it otherwise). With SCALE_OUT=1 a missing PostgreSQL or Redis FAILS the test, never skips it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PASSWORD = "Passw0rd!x"


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ports() -> list[int]:
    given = os.environ.get("SCALE_OUT_PORTS", "")
    return [int(p) for p in given.split(",")] if given else [_free_port(), _free_port()]


def _redis_url() -> str:
    url = os.environ.get("SCALE_OUT_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:
        pytest.fail(f"the scale-out test needs Redis at {url}: {exc}")
    return url


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("the scale-out test needs PostgreSQL: run it with DATABASE_URL=postgres://… (make test-scale-out)")
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Stack:
    """The processes of the test; every one is stopped at the end, by its own pid."""

    def __init__(self, tmp_path):
        redis_url = _redis_url()
        self.queue = f"scaleout_{uuid.uuid4().hex[:8]}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_QUEUE": self.queue,
            "EXCEL_EXPORT_INLINE_MAX_ROWS": "0",  # every export is a queued job
            "MEDIA_ROOT": str(tmp_path / "media"),
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",
        }
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs = tmp_path
        self.ports = dict(zip(("a", "b"), _ports(), strict=True))

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start_web(self, name: str) -> None:
        cmd = [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi", "-w", "1", "--threads", "4"]
        env = {**self.env, "BIND": f"127.0.0.1:{self.ports[name]}"}
        self._spawn(name, cmd, env)
        self._wait_http(name)

    def start_worker(self) -> None:
        cmd = [str(BIN / "celery"), "-A", "config", "worker", "-Q", self.queue, "--pool", "solo", "-l", "warning"]
        self._spawn("worker", cmd, self.env)

    def _spawn(self, name, cmd, env) -> None:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_http(self, name: str, timeout: float = 30) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                break
            try:
                if requests.get(self.url(name) + "/healthz", timeout=2).status_code in (200, 503):
                    return
            except requests.RequestException:
                time.sleep(0.2)
        pytest.fail(f"{name} did not start: {(self.logs / f'{name}.log').read_text()[-3000:]}")

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)  # the process group of this one process we started
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)


@pytest.fixture
def stack(tmp_path):
    s = Stack(tmp_path)
    yield s
    s.stop_all()


def _fast_password(user) -> None:
    """The servers run the real settings (PBKDF2), the test process MD5: store a PBKDF2 hash they can check."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])


def _session(base: str, username: str, password: str = PASSWORD):
    import requests

    s = requests.Session()
    page = s.get(f"{base}/accounts/login/", timeout=10)
    token = s.cookies.get("csrftoken") or page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = s.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    return s, response


def test_two_app_servers_and_a_worker_share_lockout_jobs_policy_and_posts(world, stack):
    import requests

    from conftest import make_id, worker_data
    from unionsw.accounts.api import issue_token
    from unionsw.core.models import Job
    from unionsw.employment.models import PostHolding, PostKind
    from unionsw.employment.services import post_create
    from unionsw.workers.services import worker_create

    for user in (world.county_a_admin, world.province_admin, world.city_admin):
        _fast_password(user)
    kind, _ = PostKind.objects.get_or_create(name="组建指导岗", defaults={"sort": 1})
    post = post_create(by=world.county_a_admin, unit=world.street_a, kind=kind)
    rivals = [
        worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name=n, id_number=make_id("370102")))
        for n in ("并发甲", "并发乙")
    ]

    stack.start_web("a")
    stack.start_web("b")
    a, b = stack.url("a"), stack.url("b")

    # 1. lockout: five failures through A lock the account for B too (the right password is refused)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _, r = _session(a, "city_admin", "wrong-password")
        assert r.status_code in (200, 429)
    _, r = _session(b, "city_admin")
    assert r.status_code == 429 and "锁定" in r.text

    # 2. a job started through A is queued (no worker yet), its progress is read through B, A restarts,
    #    then a worker runs it and both servers show it finished
    county_a, r = _session(a, "county_a_admin")
    assert r.status_code == 302, r.text[:500]
    r = county_a.get(f"{a}/workers/export/", allow_redirects=False, timeout=10)
    assert r.status_code == 302 and "/jobs/" in r.headers["Location"], r.text[:500]
    job = Job.objects.get()
    assert job.task == "workers.export" and job.status == "running"
    progress = county_a.get(f"{b}/jobs/{job.pk}/progress/", timeout=10)  # same session cookie, other server
    assert progress.status_code == 200 and "排队中" in progress.text
    stack.stop("a")
    stack.start_worker()
    stack.start_web("a")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.3)
    assert job.status == "done", (job.status, job.message, (stack.logs / "worker.log").read_text()[-2000:])
    for base in (a, b):
        page = county_a.get(f"{base}/jobs/{job.pk}/progress/", timeout=10)
        assert "已导出" in page.text and "hx-trigger" not in page.text
        download = county_a.get(f"{base}/jobs/{job.pk}/download/result/", timeout=10)
        assert download.status_code == 200 and download.content[:2] == b"PK"  # MEDIA_ROOT shared

    # 3. a policy change through A is seen through B
    token = {"Authorization": f"Bearer {issue_token(world.province_admin)}"}
    before = requests.get(f"{b}/api/v1/orgs/{world.county_a.pk}", headers=token, timeout=10).json()
    province, r = _session(a, "province_admin")
    assert r.status_code == 302
    csrf = province.cookies.get("csrftoken")
    r = province.post(
        f"{a}/orgs/{world.county_a.pk}/policy/override/",
        data={
            "key": "excellent_per_year",
            "value": "7",
            "effective_from": "2020-01-01",
            "source": "规模测试：政策调整",
            "csrfmiddlewaretoken": csrf,
        },
        headers={"Referer": f"{a}/orgs/policy/"},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302, r.text[:1000]
    after = requests.get(f"{b}/api/v1/orgs/{world.county_a.pk}", headers=token, timeout=10).json()
    values = {i["key"]: i["value"] for i in after["policy"]["items"]}
    assert values["excellent_per_year"] == 7
    assert {i["key"]: i["value"] for i in before["policy"]["items"]}["excellent_per_year"] != 7

    # 4. two simultaneous fills of one post, one through each server: exactly one holder
    auth = {"Authorization": f"Bearer {issue_token(world.county_a_admin)}"}
    results: dict[str, requests.Response] = {}
    barrier = threading.Barrier(2)

    def fill(name, base, worker):
        barrier.wait()
        results[name] = requests.post(
            f"{base}/api/v1/employment/posts/{post.pk}/fill",
            json={"worker_id": worker.pk, "on": date.today().isoformat(), "reason": "公开招聘录用"},
            headers=auth,
            timeout=20,
        )

    threads = [threading.Thread(target=fill, args=("a", a, rivals[0])), threading.Thread(target=fill, args=("b", b, rivals[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results.values())
    assert codes[0] == 200 and codes[1] in (400, 409), {k: (r.status_code, r.text[:300]) for k, r in results.items()}
    loser = next(r for r in results.values() if r.status_code != 200)
    assert "岗" in loser.text  # the Chinese conflict message
    assert PostHolding.objects.filter(post=post, ended_on__isnull=True).count() == 1
