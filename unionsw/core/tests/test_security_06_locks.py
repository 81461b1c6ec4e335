"""Issue 11, finding 6 — concurrent writes on SQLite answered 500 "database is locked". SQLite now
begins every transaction IMMEDIATE with a busy timeout, and a lock wait that still runs out (or a
PostgreSQL lock timeout / deadlock) is answered 503/409 with a Chinese message, on pages and API."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import OperationalError

from unionsw.accounts.api import issue_token
from unionsw.core.dbbusy import BUSY, CONFLICT, classify


def test_sqlite_transactions_begin_immediate_with_a_busy_timeout():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        assert "lock_timeout" in db["OPTIONS"]["options"]
        return
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and db["OPTIONS"]["timeout"] >= 5


def _sqlite_burst(tmp_path, begin: str, n: int = 8) -> int:
    """n threads each read then write in one transaction, as a service does; count the failures."""
    path = tmp_path / "burst.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
    setup.execute("INSERT INTO t VALUES (1, 0)")
    setup.commit()
    setup.close()
    errors = []
    start = threading.Barrier(n)

    def work():
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        start.wait()
        try:
            conn.execute(begin)
            (v,) = conn.execute("SELECT v FROM t WHERE id = 1").fetchone()
            threading.Event().wait(0.02)
            conn.execute("UPDATE t SET v = ? WHERE id = 1", (v + 1,))
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            errors.append(str(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(errors)


def test_immediate_transactions_queue_where_deferred_ones_fail(tmp_path):
    """What the setting buys: with BEGIN (deferred) concurrent read-then-write transactions fail at
    once with "database is locked" whatever the busy timeout; with BEGIN IMMEDIATE they wait their turn."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _sqlite_burst(tmp_path / "a", "BEGIN") > 0
    assert _sqlite_burst(tmp_path / "b", "BEGIN IMMEDIATE") == 0


def test_classify_maps_every_backends_lock_errors():
    assert classify(OperationalError("database is locked")) == (503, BUSY)

    class PgError(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    for sqlstate, expected in (("55P03", 503), ("57014", 503), ("40P01", 409), ("40001", 409)):
        exc = OperationalError("x")
        exc.__cause__ = PgError(sqlstate)
        assert classify(exc)[0] == expected
    assert classify(OperationalError("no such table: x")) is None
    assert classify(ValueError("database is locked")) is None
    assert CONFLICT


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.django_db
def test_a_page_answers_503_in_chinese(world, login, monkeypatch):
    from unionsw.workers import services

    monkeypatch.setattr(services, "worker_update", _locked)
    w = world.worker_a
    r = login(world.county_a_admin).post(
        f"/workers/{w.pk}/edit/",
        {
            "name": w.name,
            "org": w.org_id,
            "reason": "并发测试",
            "version": w.version,
            "ethnicity": "汉族",
            "political_status": "masses",
            "education": "bachelor",
            "employment_mode": "public_hire",
            "status": "active",
            "hired_on": "2022-03-01",
            "post_title": "组建指导岗",
        },
    )
    assert r.status_code == 503, r.content.decode()[:500]
    assert "系统繁忙" in r.content.decode() and r["Retry-After"]


@pytest.mark.django_db
def test_the_api_answers_503_in_chinese(world, client, monkeypatch):
    from unionsw.workers import services

    monkeypatch.setattr(services, "worker_update", _locked)
    r = client.patch(
        f"/api/v1/workers/{world.worker_a.pk}",
        {"version": world.worker_a.version, "reason": "并发测试", "phone": "13912345678"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(world.county_a_admin)}",
    )
    assert r.status_code == 503 and r.json()["detail"] == BUSY
