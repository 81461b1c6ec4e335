"""Production plumbing (issue 13): health checks, request ids and JSON logs, real client IPs behind nginx,
sessions that are not written on every request, and the gunicorn config."""

from __future__ import annotations

import importlib.util
import json
import logging
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from unionsw.core import observability

pytestmark = pytest.mark.django_db


def test_health_checks_database_cache_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok" and body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["queue"]["status"] == "inline"  # no broker configured: jobs run in-process


def test_a_failing_dependency_is_a_503_with_its_reason(client, monkeypatch):
    def down():
        raise ConnectionError("connection refused")

    monkeypatch.setattr(observability, "_check_cache", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and "connection refused" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


def test_the_queue_check_talks_to_the_broker_when_one_is_configured(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = None
    assert response.status_code == 503 and response.json()["checks"]["queue"]["status"] == "error"


def test_every_response_carries_a_request_id_and_a_valid_incoming_one_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-abc123")["X-Request-ID"] == "nginx-abc123"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n<script>")["X-Request-ID"] != "bad id\n<script>"


def test_json_log_lines_have_the_request_id(caplog):
    token = observability.request_id_var.set("rid-42")
    try:
        record = logging.LogRecord("unionsw.x", logging.WARNING, __file__, 1, "导入 %s 行", (3,), None)
        observability.RequestIdFilter().filter(record)
        record.job = 7
        line = json.loads(observability.JsonFormatter().format(record))
    finally:
        observability.request_id_var.reset(token)
    assert line["message"] == "导入 3 行" and line["request_id"] == "rid-42" and line["level"] == "WARNING"
    assert line["job"] == 7 and line["logger"] == "unionsw.x"


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_real_ip(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    seen = {}

    def view(request):
        seen["ip"] = request.META["REMOTE_ADDR"]
        return None

    middleware = observability.RealIpMiddleware(view)
    middleware(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9"))
    assert seen["ip"] == "203.0.113.9"
    middleware(rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9"))  # not the proxy: ignored
    assert seen["ip"] == "198.51.100.7"
    middleware(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="1.2.3.4, evil"))
    assert seen["ip"] == "10.0.0.1"


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(
        1 for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    )


def test_a_get_does_not_write_the_session_but_the_idle_expiry_is_renewed_once_due(world, login, monkeypatch):
    from django.contrib.sessions.models import Session

    client = login(world.county_a_admin)
    url = reverse("workers:list")
    client.get(url)  # the first request after force_login stamps the renewal time
    assert [_session_writes(client, url) for _ in range(5)] == [0, 0, 0, 0, 0]
    key = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).expire_date

    now = observability.time.time()
    monkeypatch.setattr(observability.time, "time", lambda: now + 61)  # SESSION_RENEW_SECONDS later
    assert _session_writes(client, url) >= 1
    after = Session.objects.get(session_key=key).expire_date
    assert after > before  # the idle timeout moved forward
    assert _session_writes(client, url) == 0


def test_the_idle_timeout_is_still_the_session_age(world, login, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = login(world.county_a_admin)
    client.get(reverse("workers:list"))
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 5 <= left <= settings.SESSION_COOKIE_AGE


def _gunicorn_conf():
    path = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def test_the_gunicorn_config_derives_workers_from_the_cores(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    conf = _gunicorn_conf()
    import multiprocessing

    assert conf.workers == multiprocessing.cpu_count() * 2 + 1 and conf.threads == 1 and conf.worker_class == "sync"
    assert conf.timeout == 60 and conf.accesslog == "-" and "request_id" in conf.access_log_format


def test_without_a_shared_cache_gunicorn_runs_one_process_with_threads(monkeypatch):
    """Per-process caches (policy, org tree, counts, lockouts) are exact only in one process."""
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    conf = _gunicorn_conf()
    assert conf.workers == 1 and conf.threads == 4 and conf.worker_class == "gthread"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")  # an explicit choice is kept (and warned about at start)
    assert _gunicorn_conf().workers == 3
